"""A hub killed with SIGKILL while the nodes table is on its way: restarted on the same data dir,
the dataset is reported incomplete (nodes missing), never complete with a 404 for its nodes,
and the half-received upload left in ``incoming/`` is gone.

The hub is a real process (``graphistry-jupyter hub``) and the upload a real, half-sent body, so
the kill lands while the hub is writing that body to ``incoming/``."""

from __future__ import annotations

import signal
import socket
from pathlib import Path
from typing import Any

import requests

from graphistry_jupyter.hub import LocalHub
from tests.integration.test_hub_cli import HubCommand
from tests.integration.test_hub_incomplete import arrow_file
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import USERS
from tests.support.waiting import wait_for

CREATE = "/api/v2/upload/datasets/"


def log_in(server: str) -> dict[str, str]:
    reply = requests.post(
        f"http://{server}/api-token-auth/",
        json={"username": "alice", "password": "alice-pw"},
        timeout=10,
    )
    return {"Authorization": f"Bearer {reply.json()['token']}"}


def public_dataset_with_nodes(server: str, headers: dict[str, str]) -> str:
    """A public dataset whose descriptor binds nodes (as pygraphistry's plot with nodes)."""
    descriptor = {
        "name": "crashed",
        "node_encodings": {"bindings": {"node": "id"}},
        "edge_encodings": {"bindings": {"source": "src", "destination": "dst"}},
    }
    created = requests.post(
        f"http://{server}{CREATE}", json=descriptor, headers=headers, timeout=10
    )
    dataset_id: str = created.json()["data"]["dataset_id"]
    share = {"obj_pk": dataset_id, "obj_type": "dataset", "mode": "public"}
    requests.post(f"http://{server}/api/v2/share/link/", json=share, headers=headers, timeout=10)
    return dataset_id


def send_half(server: str, path: str, headers: dict[str, str], body: bytes) -> socket.socket:
    """POST ``body`` but send only its first half: the hub waits for the rest."""
    host, port = server.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=10)
    head = [f"POST {path} HTTP/1.1", f"Host: {server}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body[: len(body) // 2])
    return sock


def partial_uploads(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "incoming").iterdir() if p.stat().st_size > 0]


def meta(hub: LocalHub, dataset_id: str) -> dict[str, Any]:
    reply = requests.get(f"{hub.url}/graph/api/datasets/{dataset_id}", timeout=10)
    assert reply.status_code == 200, reply.text
    found: dict[str, Any] = reply.json()
    return found


def test_a_hub_killed_during_the_nodes_upload_reports_the_nodes_missing_after_restart(tmp_path):
    data_dir = tmp_path / "hub"
    nodes_body = arrow_file(NODES) * 4  # large enough that half of it is a real partial write
    with HubCommand("--user", "alice:alice-pw", "--data-dir", str(data_dir)) as process:
        headers = log_in(process.server)
        dataset_id = public_dataset_with_nodes(process.server, headers)
        edges = requests.post(
            f"http://{process.server}{CREATE}{dataset_id}/edges/arrow",
            data=arrow_file(EDGES),
            headers=headers,
            timeout=10,
        )
        assert edges.status_code == 200
        held = send_half(process.server, f"{CREATE}{dataset_id}/nodes/arrow", headers, nodes_body)
        wait_for(lambda: partial_uploads(data_dir), "the hub to start writing the nodes upload")
        process.process.send_signal(signal.SIGKILL)
        process.process.wait(timeout=10)
        held.close()
    assert partial_uploads(data_dir), "the kill left no partial upload: nothing was tested"

    with LocalHub(users=USERS, data_dir=data_dir) as hub:
        after = meta(hub, dataset_id)
        nodes = requests.get(f"{hub.url}/graph/api/datasets/{dataset_id}/nodes.arrow", timeout=10)
        leftovers = list((data_dir / "incoming").iterdir())

    assert after["complete"] is False
    assert [m["table"] for m in after["missing"]] == ["nodes"]
    assert nodes.status_code == 404
    assert leftovers == []


def test_a_hub_killed_before_any_table_arrived_reports_both_missing(tmp_path):
    data_dir = tmp_path / "hub"
    with HubCommand("--user", "alice:alice-pw", "--data-dir", str(data_dir)) as process:
        headers = log_in(process.server)
        dataset_id = public_dataset_with_nodes(process.server, headers)
        body = arrow_file(EDGES) * 4
        held = send_half(process.server, f"{CREATE}{dataset_id}/edges/arrow", headers, body)
        wait_for(lambda: partial_uploads(data_dir), "the hub to start writing the edges upload")
        process.process.send_signal(signal.SIGKILL)
        process.process.wait(timeout=10)
        held.close()

    with LocalHub(users=USERS, data_dir=data_dir) as hub:
        after = meta(hub, dataset_id)

    assert after["complete"] is False
    assert [m["table"] for m in after["missing"]] == ["edges", "nodes"]
