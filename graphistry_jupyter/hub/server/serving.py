"""Running the hub's ASGI app with uvicorn on a background thread, on a socket bound first (so
``port=0`` is resolved, and connections queue, before the server loop starts), counting the
connections it accepts (what a client that keeps its connections saves shows there)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .tls import HubCertificate

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 75.0
"""How long an idle connection stays open: nginx's default, in front of a Graphistry server.
(uvicorn's own 5 s would close an account's kept connections between two plots of a person.)"""


class ConnectionCounts:
    """Connections a hub has accepted. Counted by the server thread, read by any."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accepted = 0

    def opened(self) -> None:
        with self._lock:
            self._accepted += 1

    @property
    def accepted(self) -> int:
        with self._lock:
            return self._accepted


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``port=0``: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on accepted sockets whose protocol says
    # TCP. Without it, a kept-alive client waits ~40 ms per reply (the body, written after the
    # headers, waits for the ACK of the headers, which the client delays).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)  # connections queue from here on, before the loop starts accepting
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc}") from exc
    return sock


class _HubHTTPProtocol(AutoHTTPProtocol):  # type: ignore[valid-type,misc]
    """uvicorn's HTTP protocol (httptools' C parser when installed, else h11), except that
    stopping the hub drops an idle kept-alive connection at once.

    uvicorn closes an idle connection gracefully, which over TLS means sending close_notify and
    waiting for the client's: a client that keeps its connection in a pool (an account does)
    reads nothing until its next request, so the stop waited out the whole graceful-shutdown
    timeout and logged an error. Dropping it is safe: no request is in flight, and a pooled
    client sees the connection closed and opens a new one.
    """

    def shutdown(self) -> None:
        cycle = getattr(self, "cycle", None)
        if cycle is None or getattr(cycle, "response_complete", False):
            self.transport.abort()
            return
        super().shutdown()


def _counting(counts: ConnectionCounts) -> type[_HubHTTPProtocol]:
    class _CountingProtocol(_HubHTTPProtocol):
        def connection_made(self, transport: Any) -> None:
            # Over https, asyncio calls this once the TLS handshake is done.
            counts.opened()
            super().connection_made(transport)

    return _CountingProtocol


def serve_in_thread(
    app: ASGIApp,
    sock: socket.socket,
    name: str,
    *,
    counts: ConnectionCounts,
    tls: HubCertificate | None = None,
) -> tuple[uvicorn.Server, threading.Thread]:
    """Serve ``app`` on ``sock`` from a daemon thread, over https with ``tls``'s certificate
    (tls.py), counting connections in ``counts``; returns once it accepts connections."""
    config = uvicorn.Config(
        app,
        # Errors only: the hub usually runs inside a notebook's kernel, where uvicorn's warnings
        # (a TLS hello on the plain port, a malformed request) would print into a random cell.
        log_level="error",
        access_log=False,  # hub.requests is the record, and it carries no secrets
        lifespan="off",
        http=_counting(counts),  # httptools' C parser when installed (the hub extra), else h11
        loop="auto",  # uvloop when installed
        ws="none",
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=1,
        timeout_keep_alive=int(KEEP_ALIVE_S),
        ssl_certfile=str(tls.certfile) if tls else None,
        ssl_keyfile=str(tls.keyfile) if tls else None,
    )
    server = uvicorn.Server(config)
    host, port = sock.getsockname()[:2]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            sock.close()
            raise RuntimeError(f"the local hub failed to start on {host}:{port}")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise TimeoutError(f"the local hub did not start within {START_TIMEOUT_S} s")
        thread.join(0.01)  # a bounded wait on the server thread, not a fixed sleep
    return server, thread


def stop_serving(server: uvicorn.Server, thread: threading.Thread) -> None:
    """Ask the server to finish, then force it if requests still hold it open."""
    server.should_exit = True
    thread.join(STOP_TIMEOUT_S)
    if thread.is_alive():
        server.force_exit = True
        thread.join(STOP_TIMEOUT_S)
