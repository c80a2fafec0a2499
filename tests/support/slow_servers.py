"""Hostile servers on real sockets, for deadlines: one that accepts a request and never answers,
and one that trickles its answer a byte at a time, forever (each byte well within any per-read
timeout, so only a deadline on the whole request stops it)."""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
from collections.abc import Iterator

import pytest

TRICKLE_INTERVAL_S = 0.05
"""Between two bytes of a trickled reply: far below any per-read timeout a test uses."""

_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"


class SlowServer:
    """A server on ``127.0.0.1``: ``kind`` ``"hang"`` reads each request and never answers;
    ``"trickle"`` answers a byte every :data:`TRICKLE_INTERVAL_S`. ``requests_held`` counts the
    requests it is holding open now; ``bytes_sent`` what it trickled so far."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.requests_held = 0
        self.requests_seen = 0
        self.bytes_sent = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                received += chunk
            with self._lock:
                self.requests_seen += 1
                self.requests_held += 1
            try:
                if self.kind == "trickle":
                    self._trickle(connection)
                else:
                    self._stop.wait()
            finally:
                with self._lock:
                    self.requests_held -= 1

    def _trickle(self, connection: socket.socket) -> None:
        for byte in itertools.chain(_HEAD, b'{"token": "', itertools.repeat(ord("x"))):
            if self._stop.wait(TRICKLE_INTERVAL_S):  # the server's pace, not a synchronisation
                return
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                return  # the client hung up
            with self._lock:
                self.bytes_sent += 1

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()


@pytest.fixture
def hung_server() -> Iterator[SlowServer]:
    server = SlowServer("hang")
    yield server
    server.close()


@pytest.fixture
def trickling_server() -> Iterator[SlowServer]:
    server = SlowServer("trickle")
    yield server
    server.close()
