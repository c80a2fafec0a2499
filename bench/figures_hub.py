"""Hub-side figures: how fast the hub takes in an uploaded table, against the raw loopback.

Both sides get the same request from the same client (``http.client``, one kept-alive connection
each): the hub's upload route (E9) in a child process, and a bare HTTP sink in another child that
reads the head, drains ``Content-Length`` bytes into one reused buffer and answers a fixed reply.
The sink is the floor of one HTTP upload on loopback (the kernel's copies, Python's reads); what
the hub adds is its own: ASGI, the checks, spooling the body to disk, keeping the table.

A third reference is the hub's own server, uvicorn as the hub configures it (``serve_in_thread``),
running a bare ASGI app that writes each body chunk to a file as it arrives: the floor of storing
an upload on that server, whatever the app does. The hub against it is what the hub's code costs.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import requests
from common import arrow_file_bytes, child_process, edges_frame, interleaved, serve_hub
from report import Row

CREATE = "/api/v2/upload/datasets/"
_SINK_REPLY = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n"
    b'{"success":true}'
)


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


def _serve_http_sink(conn: Connection, to_disk: bool = False) -> None:
    """Answers every HTTP request on one connection with :data:`_SINK_REPLY`, after reading its
    body (``Content-Length`` only) into one reused buffer: the floor of an upload. Ends with the
    connection. With ``to_disk``, each upload is also written to a new file as it arrives (one
    ``os.write`` per read), then removed: the floor of receiving and storing one."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        conn.send(server.getsockname()[1])
        client, _ = server.accept()
        with client:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buffer = bytearray(1 << 20)
            view = memoryview(buffer)
            pending = b""
            while True:
                while b"\r\n\r\n" not in pending:
                    got = client.recv(65536)
                    if not got:
                        return
                    pending += got
                head, _, pending = pending.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                remaining = length - len(pending)
                fd, name = tempfile.mkstemp(prefix=".sink-") if to_disk else (-1, "")
                if to_disk:
                    os.write(fd, pending)
                pending = b""  # what came with the head is part of the body (no pipelining)
                while remaining > 0:
                    got = client.recv_into(view, min(remaining, len(buffer)))
                    if not got:
                        return
                    if to_disk:
                        os.write(fd, view[:got])
                    remaining -= got
                if to_disk:
                    os.close(fd)
                    os.unlink(name)
                client.sendall(_SINK_REPLY)


async def _store_body(scope: Any, receive: Any, send: Any) -> None:
    """An ASGI app that writes a request's body to a new file chunk by chunk (then removes it)
    and answers :data:`_SINK_REPLY`'s body: an upload stored by the server, and nothing else."""
    if scope["type"] != "http":
        return
    fd, name = tempfile.mkstemp(prefix=".uvicorn-sink-")
    try:
        while True:
            message = await receive()
            if message.get("body"):
                os.write(fd, message["body"])
            if not message.get("more_body", False):
                break
    finally:
        os.close(fd)
        os.unlink(name)
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"success":true}'})


def _serve_uvicorn_sink(conn: Connection) -> None:
    """:func:`_store_body` served as the hub serves its app (uvicorn, uvloop, httptools, the
    hub's settings); sends its port, serves until told to stop."""
    from graphistry_jupyter.hub.server.serving import (
        ConnectionCounts,
        listen,
        serve_in_thread,
        stop_serving,
    )

    sock = listen("127.0.0.1", 0)
    server, thread = serve_in_thread(_store_body, sock, "uvicorn sink", counts=ConnectionCounts())
    conn.send(sock.getsockname()[1])
    conn.recv()  # until the parent says stop (or goes away)
    stop_serving(server, thread)


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (all its threads), where /proc tells."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _post(conn: http.client.HTTPConnection, path: str, body: bytes, token: str) -> None:
    """One upload as a client sends it; raises unless answered 200 with ``success``."""
    conn.request("POST", path, body=body, headers={"Authorization": f"Bearer {token}"})
    reply = conn.getresponse()
    answer = json.loads(reply.read())
    if reply.status != 200 or not answer.get("success"):
        raise RuntimeError(f"the upload was refused: {reply.status} {answer}")


def hub_ingest(megabytes: int, rounds: int) -> list[Row]:
    """Seconds for the hub (in a child process) to take one Arrow body, against an HTTP sink that
    drops it (the goal's "raw loopback") and one that writes it to disk as the hub must.

    An upload takes tens of milliseconds, so the figure takes three times ``rounds`` rounds: its
    median then holds when the machine is busy.
    """
    rounds *= 3
    rows_ = megabytes * 1_000_000 // 16  # two int64 columns: 16 bytes a row
    body = arrow_file_bytes(pa.Table.from_pandas(edges_frame(rows_, 0), preserve_index=False))
    with (
        child_process(serve_hub, 0.0) as (hub_pid, (url, token)),
        child_process(_serve_http_sink) as (raw_pid, raw_port),
        child_process(_serve_http_sink, True) as (disk_pid, disk_port),
        child_process(_serve_uvicorn_sink) as (server_pid, server_port),
    ):
        parts = urlsplit(url)
        conns = {
            "hub": http.client.HTTPConnection(
                parts.hostname or "127.0.0.1", parts.port, timeout=60
            ),
            "raw": http.client.HTTPConnection("127.0.0.1", raw_port, timeout=60),
            "disk": http.client.HTTPConnection("127.0.0.1", disk_port, timeout=60),
            "server": http.client.HTTPConnection("127.0.0.1", server_port, timeout=60),
        }
        pids = {"hub": hub_pid, "raw": raw_pid, "disk": disk_pid, "server": server_pid}
        datasets = [_create_dataset(url, token) for _ in range(rounds + 1)]

        def sender(name: str) -> Any:
            def send(r: int) -> object:
                _post(conns[name], f"{CREATE}{datasets[r]}/edges/arrow", body, token)
                return None

            return send

        cpu_before = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        samples = interleaved(rounds, [(name, sender(name)) for name in conns])
        cpu_after = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        for conn in conns.values():
            conn.close()

    def rate(name: str) -> str:
        return f"{len(body) / samples.median(name) / 1e6:.0f} MB/s"

    cpu = ""
    if None not in (*cpu_before.values(), *cpu_after.values()):
        # Each child works only in its own turns; the warm-up round counts too.
        per_upload = {
            name: ((cpu_after[name] or 0) - (cpu_before[name] or 0)) / (rounds + 1) * 1000
            for name in pids
        }
        cpu = "; CPU per upload: " + ", ".join(f"{n} {ms:.1f} ms" for n, ms in per_upload.items())
    size = f"{len(body) / 1e6:.0f} MB"
    return [
        Row(
            f"hub ingest of a {size} Arrow body on loopback",
            samples.ratio("raw", "hub"),
            "hub rate ÷ raw loopback rate (both an HTTP upload)",
            goal=0.5,
            higher_is_better=True,
            detail=(
                f"hub {rate('hub')}, raw loopback {rate('raw')}, raw loopback to disk "
                f"{rate('disk')}, the hub's server storing it with a bare app {rate('server')} "
                f"(medians of {len(samples.times['hub'])} interleaved rounds){cpu}"
            ),
        ),
        Row(
            f"hub ingest of a {size} Arrow body, ÷ an HTTP sink that also writes it to disk",
            samples.ratio("disk", "hub"),
            "hub rate ÷ the sink's (what the hub adds to receiving and storing)",
            higher_is_better=True,
        ),
        Row(
            f"hub ingest of a {size} Arrow body, ÷ its server (uvicorn) storing it with a bare app",
            samples.ratio("server", "hub"),
            "hub rate ÷ its server's floor (what the hub's own code costs)",
            higher_is_better=True,
        ),
        Row(
            f"the hub's server (uvicorn) storing a {size} body with a bare app, ÷ raw loopback",
            samples.ratio("raw", "server"),
            "server floor rate ÷ raw loopback rate (the most any app on this server reaches)",
            higher_is_better=True,
        ),
    ]
