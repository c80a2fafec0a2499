"""The request scope's kept-alive connections: what pygraphistry's module-level calls reuse."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from graphistry_jupyter.http.transport import ConnectionPool, current_scope, entered, request_scope


class _Counting(ThreadingHTTPServer):
    connections = 0
    daemon_threads = True


class _KeepAlive(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps the connection open between requests

    def setup(self) -> None:
        super().setup()
        server = self.server
        assert isinstance(server, _Counting)
        server.connections += 1

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        self.send_response(200)
        self.send_header("Set-Cookie", "seen=1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Counting]:
    httpd = _Counting(("127.0.0.1", 0), _KeepAlive)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server: _Counting) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


def test_requests_in_a_scope_with_connections_share_one_kept_alive_connection(
    server: _Counting,
) -> None:
    pool = ConnectionPool()
    with request_scope(10, connections=pool):
        replies = [requests.post(_url(server), data=b"x" * n, timeout=10) for n in (1, 2, 3)]
    assert [r.content for r in replies] == [b"x", b"xx", b"xxx"]
    assert server.connections == 1
    pool.close()


def test_without_connections_each_request_opens_its_own_as_pygraphistry_does(
    server: _Counting,
) -> None:
    with request_scope(10):
        for _ in range(3):
            requests.post(_url(server), data=b"x", timeout=10)
    assert server.connections == 3


def test_a_pooled_session_keeps_no_cookie_between_requests(server: _Counting) -> None:
    pool = ConnectionPool()
    with request_scope(10, connections=pool):
        first = requests.post(_url(server), data=b"x", timeout=10)
    assert first.cookies.get("seen") == "1"
    with pool.session() as session:
        assert not session.cookies


def test_two_threads_in_one_scope_each_get_a_session_and_both_are_kept() -> None:
    pool = ConnectionPool()
    both_in = threading.Barrier(2, timeout=10)
    sessions: list[requests.Session] = []

    def hold_one() -> None:
        with pool.session() as session:
            sessions.append(session)
            both_in.wait()

    with request_scope(10, connections=pool):
        scope = current_scope()
        assert scope is not None

        def in_scope() -> None:
            with entered(scope):
                hold_one()

        helper = threading.Thread(target=in_scope)
        helper.start()
        hold_one()
        helper.join(10)
    assert len({id(s) for s in sessions}) == 2
    with pool.session() as first, pool.session() as second:
        assert {id(first), id(second)} == {id(s) for s in sessions}
