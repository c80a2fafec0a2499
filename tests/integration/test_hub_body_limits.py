"""Request bodies the hub accepts: small ones everywhere but uploads, uploads up to
``max_upload_bytes``, each refused with 413 and a sentence, whether the size is declared
(Content-Length) or only seen as it streams; uploads go to disk, never whole into memory."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

import pandas as pd
import pyarrow as pa
import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_id_of

LIMIT = 200_000  # bytes: a small upload limit for the hub of this module
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def small_hub() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, max_upload_bytes=LIMIT) as hub:
        yield hub


def bearer(hub: LocalHub, user: str = "alice") -> dict[str, str]:
    return {"Authorization": f"Bearer {hub.issue_token(user)}"}


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A body of ``total`` bytes sent chunked: no Content-Length tells its size in advance."""
    while total > 0:
        yield b"x" * min(size, total)
        total -= size


def arrow_file(rows: int) -> bytes:
    table = pa.table({"src": list(range(rows)), "dst": list(range(1, rows + 1))})
    sink = io.BytesIO()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def new_dataset(hub: LocalHub) -> str:
    reply = requests.post(
        f"{hub.url}/api/v2/upload/datasets/", json={"name": "big"}, headers=bearer(hub), timeout=10
    )
    dataset_id: str = reply.json()["data"]["dataset_id"]
    return dataset_id


@pytest.mark.parametrize("body", [b"x" * (4 * MiB), "chunked"], ids=["declared", "chunked"])
def test_a_large_login_body_is_refused_before_it_is_read(small_hub, body):
    data = chunks(4 * MiB) if body == "chunked" else body

    reply = requests.post(f"{small_hub.url}/api-token-auth/", data=data, timeout=30)

    assert reply.status_code == 413
    assert reply.json() == {
        "success": False,
        "message": "The request body is larger than 64 KiB, the most this hub accepts for "
        "anything but an upload.",
        "detail": reply.json()["message"],
    }


def test_a_large_login_body_costs_the_hub_no_memory(small_hub):
    body = b"x" * (16 * MiB)
    tracemalloc.start()
    try:
        reply = requests.post(f"{small_hub.url}/api-token-auth/", data=body, timeout=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert reply.status_code == 413
    assert peak < 4 * MiB


def test_an_html_form_with_a_large_body_gets_a_page(small_hub):
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    reply = requests.post(f"{small_hub.url}/login", data=chunks(MiB), headers=form, timeout=30)

    assert reply.status_code == 413
    assert "larger than 64 KiB" in reply.text
    assert reply.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "chunked"])
def test_an_upload_over_the_limit_is_refused_naming_the_limit_and_how_to_raise_it(
    small_hub, declared
):
    dataset_id = new_dataset(small_hub)
    url = f"{small_hub.url}/api/v2/upload/datasets/{dataset_id}/edges/arrow"
    body = arrow_file(40_000)
    assert len(body) > LIMIT

    data = body if declared else iter([body[i : i + 65536] for i in range(0, len(body), 65536)])
    reply = requests.post(url, data=data, headers=bearer(small_hub), timeout=30)

    assert reply.status_code == 413
    message = reply.json()["message"]
    assert "larger than this hub's limit of 195.3 KiB (200000 bytes)" in message
    assert "LocalHub(max_upload_bytes=...)" in message
    assert "--max-upload-bytes" in message
    assert small_hub.read_table(dataset_id) is None


def test_an_upload_within_the_limit_is_kept(small_hub):
    dataset_id = new_dataset(small_hub)
    url = f"{small_hub.url}/api/v2/upload/datasets/{dataset_id}/edges/arrow"
    body = arrow_file(1000)

    reply = requests.post(url, data=body, headers=bearer(small_hub), timeout=30)

    assert reply.json()["success"] is True
    assert small_hub.read_table(dataset_id).num_rows == 1000


def test_the_real_client_is_refused_a_plot_over_the_limit(small_hub, client_for):
    client = client_for(small_hub, "alice")
    big = pd.DataFrame({"src": range(40_000), "dst": range(1, 40_001)})

    with pytest.raises(requests.HTTPError, match="413"):
        client.edges(big, "src", "dst").plot(render=False)

    url = client.edges(EDGES, "src", "dst").plot(render=False)  # a small one still goes
    assert small_hub.read_table(dataset_id_of(url)).num_rows == len(EDGES)


def test_an_upload_body_is_read_only_after_its_token_is_accepted(small_hub):
    dataset_id = new_dataset(small_hub)
    url = f"{small_hub.url}/api/v2/upload/datasets/{dataset_id}/edges/arrow"
    body = arrow_file(100)

    reply = requests.post(url, data=body, headers={"Authorization": "Bearer nope"}, timeout=30)

    assert reply.status_code == 401
    assert small_hub.read_table(dataset_id) is None
    assert list((small_hub.data_dir / "incoming").iterdir()) == []  # nothing was spooled


def test_an_upload_is_streamed_to_disk_not_held_in_memory(hub):
    # The session hub, with the default (generous) limit.
    dataset_id = new_dataset(hub)
    body = arrow_file(1_000_000)  # about 16 MiB
    url = f"{hub.url}/api/v2/upload/datasets/{dataset_id}/edges/arrow"
    headers = bearer(hub)
    tracemalloc.start()
    try:
        reply = requests.post(url, data=body, headers=headers, timeout=60)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert reply.json()["success"] is True
    assert hub.read_table(dataset_id).num_rows == 1_000_000
    assert peak < len(body) / 4, f"the upload held {peak} bytes in memory at once"
