"""Hub-side figures: how fast the hub takes in an uploaded table, against the raw loopback."""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import pyarrow as pa
import requests
from common import arrow_file_bytes, child_hub, child_raw_server, edges_frame, interleaved
from report import Row

CREATE = "/api/v2/upload/datasets/"


def _create_dataset(url: str, token: str) -> str:
    reply = requests.post(
        f"{url}{CREATE}",
        json={
            "node_encodings": {"bindings": {}},
            "edge_encodings": {"bindings": {"source": "src", "destination": "dst"}},
            "metadata": {},
            "name": "ingest bench",
            "description": "",
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    reply.raise_for_status()
    return str(reply.json()["data"]["dataset_id"])


def hub_ingest(megabytes: int, rounds: int) -> list[Row]:
    """Seconds for the hub (in a child process) to take one Arrow body, against a raw TCP sink."""
    rows_ = megabytes * 1_000_000 // 16  # two int64 columns: 16 bytes a row
    body = arrow_file_bytes(pa.Table.from_pandas(edges_frame(rows_, 0), preserve_index=False))
    with child_hub() as (url, token), child_raw_server() as raw_port:
        parts = urlsplit(url)
        hub_conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        datasets = [_create_dataset(url, token) for _ in range(rounds + 1)]
        raw = socket.create_connection(("127.0.0.1", raw_port), timeout=60)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def to_hub(r: int) -> object:
            hub_conn.request(
                "POST",
                f"{CREATE}{datasets[r]}/edges/arrow",
                body=body,
                headers={"Authorization": f"Bearer {token}"},
            )
            reply = hub_conn.getresponse()
            answer = json.loads(reply.read())
            if reply.status != 200 or not answer.get("success"):
                raise RuntimeError(f"the hub refused the upload: {reply.status} {answer}")
            return answer

        def to_raw(_r: int) -> object:
            raw.sendall(len(body).to_bytes(8, "big"))
            raw.sendall(body)
            return raw.recv(1)

        samples = interleaved(rounds, [("hub", to_hub), ("raw", to_raw)])
        hub_conn.close()
        raw.close()
    hub_rate = len(body) / samples.median("hub") / 1e6
    raw_rate = len(body) / samples.median("raw") / 1e6
    return [
        Row(
            f"hub ingest of a {len(body) / 1e6:.0f} MB Arrow body on loopback",
            samples.ratio("raw", "hub"),
            "hub rate ÷ raw loopback rate",
            goal=0.5,
            higher_is_better=True,
            detail=f"hub {hub_rate:.0f} MB/s, raw loopback {raw_rate:.0f} MB/s",
        )
    ]
