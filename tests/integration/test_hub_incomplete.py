"""A dataset whose upload did not complete is not served as complete: the meta endpoint says
which table is missing and why, and the table endpoint's 404 says the same."""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import dataset_id_of

CREATE = "/api/v2/upload/datasets/"


def bearer(hub: LocalHub) -> dict[str, str]:
    return {"Authorization": f"Bearer {hub.issue_token('alice')}"}


def public_dataset(hub: LocalHub) -> str:
    """A new public dataset of alice's, with no table yet (as after E8)."""
    headers = bearer(hub)
    created = requests.post(
        f"{hub.url}{CREATE}", json={"name": "half"}, headers=headers, timeout=10
    )
    dataset_id: str = created.json()["data"]["dataset_id"]
    share = {"obj_pk": dataset_id, "obj_type": "dataset", "mode": "public"}
    requests.post(f"{hub.url}/api/v2/share/link/", json=share, headers=headers, timeout=10)
    return dataset_id


def upload(hub: LocalHub, dataset_id: str, kind: str, body: bytes) -> requests.Response:
    url = f"{hub.url}{CREATE}{dataset_id}/{kind}/arrow"
    return requests.post(url, data=body, headers=bearer(hub), timeout=10)


def arrow_file(frame: Any) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = io.BytesIO()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def meta(hub: LocalHub, dataset_id: str) -> dict[str, Any]:
    reply = requests.get(f"{hub.url}/graph/api/datasets/{dataset_id}", timeout=10)
    assert reply.status_code == 200
    body: dict[str, Any] = reply.json()
    return body


def test_a_dataset_whose_edges_never_arrived_says_so(hub):
    dataset_id = public_dataset(hub)

    described = meta(hub, dataset_id)
    edges = requests.get(f"{hub.url}/graph/api/datasets/{dataset_id}/edges.arrow", timeout=10)

    assert described["complete"] is False
    assert described["missing"] == [
        {"table": "edges", "reason": "its upload never arrived at the hub"}
    ]
    assert edges.status_code == 404
    assert edges.json()["detail"] == (
        f"Dataset {dataset_id} has no edges table: its upload never arrived at the hub"
    )


def test_a_table_that_failed_validation_is_missing_with_the_reason(hub):
    dataset_id = public_dataset(hub)

    refused = upload(hub, dataset_id, "edges", b"these bytes are not Arrow")

    assert refused.status_code == 400
    (missing,) = meta(hub, dataset_id)["missing"]
    assert missing["table"] == "edges"
    assert missing["reason"].startswith("its upload failed: not an Arrow IPC file")


def test_failed_nodes_after_good_edges_leave_the_dataset_incomplete(hub):
    dataset_id = public_dataset(hub)
    assert upload(hub, dataset_id, "edges", arrow_file(EDGES)).json()["success"] is True

    upload(hub, dataset_id, "nodes", b"\x00" * 64)

    described = meta(hub, dataset_id)
    assert described["complete"] is False
    assert [m["table"] for m in described["missing"]] == ["nodes"]


def test_a_failed_reupload_does_not_leave_the_earlier_table_looking_current(hub):
    dataset_id = public_dataset(hub)
    upload(hub, dataset_id, "edges", arrow_file(EDGES))

    upload(hub, dataset_id, "edges", b"garbage")

    assert hub.read_table(dataset_id) is None
    assert [m["table"] for m in meta(hub, dataset_id)["missing"]] == ["edges"]


def test_a_good_upload_after_a_failed_one_completes_the_dataset(hub):
    dataset_id = public_dataset(hub)
    upload(hub, dataset_id, "edges", b"garbage")

    upload(hub, dataset_id, "edges", arrow_file(EDGES))

    assert meta(hub, dataset_id)["complete"] is True
    assert meta(hub, dataset_id)["missing"] == []


@pytest.mark.parametrize("with_nodes", [False, True])
def test_what_the_real_client_plots_is_complete(hub, client_for, with_nodes):
    client = client_for(hub, "alice")
    client.privacy(mode="public")
    g = client.edges(EDGES, "src", "dst")
    if with_nodes:
        g = g.nodes(NODES, "id")

    described = meta(hub, dataset_id_of(g.plot(render=False)))

    assert (described["complete"], described["missing"]) == (True, [])
