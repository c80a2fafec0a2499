"""Uploads through the real client: plot() and upload() store exactly what was sent, privacy is
applied, and a token only ever touches its own user's datasets."""

from __future__ import annotations

import uuid

import pyarrow as pa
import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import dataset_id_of, dataset_record
from tests.support.versions import requires_graphistry

REFRESH = "/api/v2/auth/token/refresh"
CREATE = "/api/v2/upload/datasets/"

has_from_dataset_id = requires_graphistry(
    "0.55", why="GraphistryClient.from_dataset_id first appears in 0.55.0"
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def alice_dataset(hub, client_for) -> str:
    """A private dataset of alice's (edges only)."""
    url = client_for(hub, "alice").edges(EDGES, "src", "dst").plot(render=False)
    hub.clear_requests()
    return dataset_id_of(url)


# -- plot() -----------------------------------------------------------------------------------


def test_plot_of_edges_stores_exactly_the_rows_and_columns_sent(hub, client_for):
    client = client_for(hub, "alice")
    hub.clear_requests()

    url = client.edges(EDGES, "src", "dst").plot(render=False)

    ident = dataset_id_of(url)
    assert url.startswith(f"{hub.url}/graph/graph.html?dataset={ident}&")
    assert hub.read_table(ident, "edges").to_pydict() == EDGES.to_dict(orient="list")
    assert hub.read_table(ident, "nodes") is None
    assert [r.path for r in hub.requests] == [REFRESH, CREATE, f"{CREATE}{ident}/edges/arrow"]
    assert {
        k: dataset_record(hub, ident)[k] for k in ("owner", "org", "privacy", "edges", "nodes")
    } == {
        "owner": "alice",
        "org": None,
        "privacy": "private",
        "edges": 3,
        "nodes": 0,
    }


def test_plot_of_nodes_and_edges_stores_both_tables(hub, client_for):
    client = client_for(hub, "bob")
    hub.clear_requests()

    ident = dataset_id_of(client.edges(EDGES, "src", "dst").nodes(NODES, "id").plot(render=False))

    assert hub.read_table(ident, "edges").to_pydict() == EDGES.to_dict(orient="list")
    assert hub.read_table(ident, "nodes").to_pydict() == NODES.to_dict(orient="list")
    assert len(hub.requests) == 4
    assert hub.requests[-1].path == f"{CREATE}{ident}/nodes/arrow"
    assert (dataset_record(hub, ident)["edges"], dataset_record(hub, ident)["nodes"]) == (3, 3)


def test_plot_in_an_org_session_files_the_dataset_under_that_org(hub, client_for):
    client = client_for(hub, "alice", org_name="acme")

    ident = dataset_id_of(client.edges(EDGES, "src", "dst").plot(render=False))

    assert dataset_record(hub, ident)["org"] == "acme"


def test_the_dataset_name_is_the_plottables(hub, client_for):
    client = client_for(hub, "alice")

    ident = dataset_id_of(client.edges(EDGES, "src", "dst").name("Triangle").plot(render=False))

    assert dataset_record(hub, ident)["name"] == "Triangle"


@pytest.mark.parametrize("mode", ["private", "organization", "public"])
def test_each_privacy_mode_is_applied_with_one_share_call(hub, client_for, mode):
    client = client_for(hub, "alice", org_name="acme")
    client.privacy(mode=mode)
    hub.clear_requests()

    ident = dataset_id_of(client.edges(EDGES, "src", "dst").plot(render=False))

    assert dataset_record(hub, ident)["privacy"] == mode
    assert [(r.path, r.status) for r in hub.requests][-1] == ("/api/v2/share/link/", 200)
    assert len(hub.requests) == 4


def test_privacy_mode_org_is_accepted_as_organization(hub, client_for):
    client = client_for(hub, "alice", org_name="acme")
    client.privacy(mode="org")

    ident = dataset_id_of(client.edges(EDGES, "src", "dst").plot(render=False))

    assert dataset_record(hub, ident)["privacy"] == "organization"


def test_an_unknown_privacy_mode_fails_the_plot(hub, client_for):
    client = client_for(hub, "alice")
    client.privacy(mode="everyone")

    with pytest.raises(requests.HTTPError, match="400"):
        client.edges(EDGES, "src", "dst").plot(render=False)


@has_from_dataset_id
def test_from_dataset_id_finds_ones_own_dataset(hub, client_for):
    client = client_for(hub, "alice")
    ident = dataset_id_of(client.edges(EDGES, "src", "dst").plot(render=False))
    hub.clear_requests()

    g = client.from_dataset_id(ident)

    assert g._dataset_id == ident
    assert g._edges is None  # metadata only: the tables stay on the hub
    assert [r.path for r in hub.requests] == [REFRESH, f"{CREATE}{ident}"]


# -- upload() (the files API) -----------------------------------------------------------------


def test_upload_goes_through_the_files_api_and_stores_the_tables(hub, client_for):
    client = client_for(hub, "alice")
    # Unique data: pygraphistry memoizes file ids per table content, process-wide.
    edges = EDGES.assign(tag=uuid.uuid4().hex)
    nodes = NODES.assign(tag=uuid.uuid4().hex)
    hub.clear_requests()

    g = client.edges(edges, "src", "dst").nodes(nodes, "id").upload()

    assert hub.read_table(g._dataset_id, "edges").to_pydict() == edges.to_dict(orient="list")
    assert hub.read_table(g._dataset_id, "nodes").to_pydict() == nodes.to_dict(orient="list")
    assert [r.path.split("/")[3] for r in hub.requests[1:]] == [
        "files",
        "upload",
        "files",
        "upload",
        "upload",
    ]
    assert hub.requests[-1].path == CREATE


def test_upload_to_a_second_hub_explains_pygraphistrys_reused_file_ids(hub, client_for):
    edges = EDGES.assign(tag=uuid.uuid4().hex)
    client_for(hub, "alice").edges(edges, "src", "dst").upload()

    with LocalHub(users={"alice": "alice-pw"}) as other:
        again = client_for(other, "alice").edges(edges, "src", "dst")
        with pytest.raises(Exception, match="this hub never received it"):
            again.upload()

        # pygraphistry 0.61.2's upload(memoize=False) still reuses the ids; plot() does not.
        assert dataset_id_of(again.plot(render=False)) in {d["id"] for d in other.datasets()}


# -- a token only touches its own user's datasets --------------------------------------------


def test_sharing_another_users_dataset_is_forbidden(hub, alice_dataset):
    reply = requests.post(
        f"{hub.url}/api/v2/share/link/",
        json={"obj_pk": alice_dataset, "obj_type": "dataset", "mode": "public"},
        headers=bearer(hub.issue_token("bob")),
        timeout=10,
    )

    assert reply.status_code == 403
    assert dataset_record(hub, alice_dataset)["privacy"] == "private"


def test_looking_up_another_users_dataset_gives_no_data(hub, alice_dataset):
    reply = requests.get(
        f"{hub.url}{CREATE}{alice_dataset}", headers=bearer(hub.issue_token("bob")), timeout=10
    )

    assert reply.status_code == 403
    assert "edge_encodings" not in reply.text


@has_from_dataset_id
def test_from_dataset_id_of_another_users_dataset_fails(hub, client_for, alice_dataset):
    with pytest.raises(ValueError, match="HTTP 403"):
        client_for(hub, "bob").from_dataset_id(alice_dataset)


def test_uploading_into_another_users_dataset_is_forbidden(hub, alice_dataset):
    sink = pa.BufferOutputStream()
    table = pa.table({"s": ["x"], "d": ["y"]})
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)

    reply = requests.post(
        f"{hub.url}{CREATE}{alice_dataset}/edges/arrow",
        data=sink.getvalue().to_pybytes(),
        headers=bearer(hub.issue_token("bob")),
        timeout=10,
    )

    assert reply.status_code == 403
    assert hub.read_table(alice_dataset, "edges").num_rows == 3


def test_unknown_dataset_ids_are_not_found(hub):
    reply = requests.get(
        f"{hub.url}{CREATE}{uuid.uuid4().hex}", headers=bearer(hub.issue_token("bob")), timeout=10
    )

    assert reply.status_code == 404
    assert reply.json()["success"] is False


def test_creating_a_dataset_in_an_org_one_is_not_member_of_is_forbidden(hub):
    reply = requests.post(
        f"{hub.url}{CREATE}",
        json={"name": "sneaky", "org_name": "acme"},
        headers=bearer(hub.issue_token("carol")),
        timeout=10,
    )

    assert reply.status_code == 403
    assert reply.json() == {
        "success": False,
        "message": "carol is not a member of organization 'acme'",
    }


def test_uploads_without_a_valid_token_are_refused_with_a_readable_reason(hub):
    reply = requests.post(
        f"{hub.url}{CREATE}",
        json={"name": "anonymous"},
        headers=bearer(hub.issue_token("alice", ttl=-1)),
        timeout=10,
    )

    assert reply.status_code == 401
    assert reply.json() == {"success": False, "message": "Token has expired."}


def test_a_body_that_is_not_an_arrow_file_is_rejected(hub, alice_dataset):
    reply = requests.post(
        f"{hub.url}{CREATE}{alice_dataset}/edges/arrow",
        data=b"s,d\na,b\n",
        headers=bearer(hub.issue_token("alice")),
        timeout=10,
    )

    assert reply.status_code == 400
    assert "not an Arrow IPC file" in reply.json()["message"]


# -- deleting a dataset (DELETE /api/v2/datasets/{id}/, LocalHub.delete_dataset) ------------------


def plotted_with_nodes(hub: LocalHub, client_for) -> str:
    client = client_for(hub, "alice")
    url = client.edges(EDGES, "src", "dst").nodes(NODES, "id").plot(render=False)
    return dataset_id_of(url)


def test_its_owner_deletes_a_dataset_with_its_tables(hub, client_for):
    dataset_id = plotted_with_nodes(hub, client_for)
    folder = hub.data_dir / "datasets" / dataset_id
    assert (folder / "nodes.arrow").exists()

    reply = requests.delete(
        f"{hub.url}/api/v2/datasets/{dataset_id}/",
        headers=bearer(hub.issue_token("alice")),
        timeout=10,
    )

    assert reply.status_code == 200
    assert reply.json() == {"success": True, "data": {"dataset_id": dataset_id}}
    assert dataset_id not in [d["id"] for d in hub.datasets()]
    assert not folder.exists()
    meta = requests.get(f"{hub.url}/graph/api/datasets/{dataset_id}", timeout=10)
    assert meta.status_code == 404


def test_another_user_cannot_delete_a_dataset(hub, client_for):
    dataset_id = plotted_with_nodes(hub, client_for)

    reply = requests.delete(
        f"{hub.url}/api/v2/datasets/{dataset_id}/",
        headers=bearer(hub.issue_token("bob")),
        timeout=10,
    )
    anonymous = requests.delete(f"{hub.url}/api/v2/datasets/{dataset_id}/", timeout=10)

    assert (reply.status_code, anonymous.status_code) == (403, 401)
    assert reply.json()["success"] is False
    assert dataset_id in [d["id"] for d in hub.datasets()]
    assert hub.read_table(dataset_id, "nodes") is not None


def test_local_hub_deletes_a_dataset_and_names_an_unknown_one(hub, client_for):
    dataset_id = plotted_with_nodes(hub, client_for)

    hub.delete_dataset(dataset_id)

    assert dataset_id not in [d["id"] for d in hub.datasets()]
    assert not (hub.data_dir / "datasets" / dataset_id).exists()
    with pytest.raises(KeyError, match=dataset_id):
        hub.delete_dataset(dataset_id)
