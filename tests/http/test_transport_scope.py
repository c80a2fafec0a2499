"""Deadlines and upload progress for pygraphistry's HTTP calls (transport.py), without a server:
the request function underneath is replaced by one that records what it was given and reads the
body as a socket would. Calls are made without a timeout on purpose: pygraphistry makes them so."""

# ruff: noqa: S113

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests
import requests.api

from graphistry_jupyter.http import transport
from graphistry_jupyter.http.transport import (
    ConnectionPool,
    DeadlineExceeded,
    current_scope,
    entered,
    install,
    request_scope,
)


class FakeServer:
    """Stands in for ``requests.api.request``: records each call, drains a streamed body."""

    def __init__(self, status: int = 200, fail: BaseException | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.status = status
        self.fail = fail
        self.body_blocks: list[bytes] = []
        self.on_call: Callable[[], None] = lambda: None

    def __call__(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.calls.append({"method": method, "url": url, **kwargs})
        self.on_call()
        data = kwargs.get("data")
        if data is not None and not isinstance(data, bytes | bytearray | dict):
            self.body_blocks = [bytes(block) for block in data]
        if self.fail is not None:
            raise self.fail
        response = requests.Response()
        response.status_code = self.status
        return response


class Clock:
    """``transport.time`` with a monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    fake = FakeServer()
    monkeypatch.setattr(transport, "_original_request", fake)
    install()
    return fake


def test_outside_a_scope_calls_pass_through_untouched(server: FakeServer) -> None:
    response = requests.post("http://h/x", data=b"abc")
    assert response.status_code == 200
    assert server.calls == [{"method": "post", "url": "http://h/x", "data": b"abc", "json": None}]


def test_install_wraps_requests_once() -> None:
    install()
    install()
    assert requests.api.request is transport._scoped_request


def test_a_scope_gives_each_call_the_time_left_and_records_statuses(server: FakeServer) -> None:
    server.status = 201
    with request_scope(30.0) as scope:
        requests.get("http://h/a")
        requests.get("http://h/b", timeout=3)
    assert 29.0 < server.calls[0]["timeout"] <= 30.0
    assert server.calls[1]["timeout"] == 3, "a timeout the caller chose is kept"
    assert scope.statuses == [201, 201]
    assert current_scope() is None, "the scope ends with the block"


def test_a_call_after_the_deadline_is_refused_without_a_request(server: FakeServer) -> None:
    with request_scope(0.0), pytest.raises(DeadlineExceeded) as raised:
        requests.post("https://h:9/api/v2/upload/datasets/?x=1", data=b"x")
    assert str(raised.value) == "no answer within the deadline (POST /api/v2/upload/datasets/)"
    assert server.calls == []


@pytest.mark.parametrize("fail", [requests.Timeout("slow"), requests.ConnectionError("gone")])
def test_a_network_failure_past_the_deadline_is_a_deadline(
    server: FakeServer, fail: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(transport, "time", clock)
    server.fail = fail
    server.on_call = lambda: clock.advance(30.0)  # the request runs out the clock
    with request_scope(30.0), pytest.raises(DeadlineExceeded, match=r"\(GET /slow\)") as raised:
        requests.get("http://h/slow")
    assert raised.value.__cause__ is fail


def test_a_failure_just_before_the_deadline_is_raised_as_it_is(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(transport, "time", clock)
    server.fail = requests.Timeout("slow")
    server.on_call = lambda: clock.advance(29.5)
    with request_scope(30.0), pytest.raises(requests.Timeout) as raised:
        requests.get("http://h/slow")
    assert not isinstance(raised.value, DeadlineExceeded)


def test_the_timeout_is_the_time_left_to_the_deadline(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(transport, "time", clock)
    with request_scope(30.0):
        clock.advance(10.0)
        requests.get("http://h/a")
        clock.advance(20.0)
        with pytest.raises(DeadlineExceeded):
            requests.get("http://h/b")
    assert [c["timeout"] for c in server.calls] == [20.0]


def test_a_network_failure_within_the_deadline_is_raised_as_it_is(server: FakeServer) -> None:
    server.fail = requests.ConnectionError("refused")
    with request_scope(30.0), pytest.raises(requests.ConnectionError) as raised:
        requests.get("http://h/x")
    assert not isinstance(raised.value, DeadlineExceeded)
    assert raised.value is server.fail


def test_a_scope_belongs_to_its_thread(server: FakeServer) -> None:
    seen: list[object] = []
    with request_scope(30.0):
        thread = threading.Thread(target=lambda: seen.append(current_scope()))
        thread.start()
        thread.join()
        requests.get("http://h/x")
    assert seen == [None]
    assert "timeout" in server.calls[0]


def test_scopes_nest_and_entered_shares_one(server: FakeServer) -> None:
    with request_scope(30.0) as outer:
        with request_scope(5.0) as inner:
            assert current_scope() is inner
        assert current_scope() is outer
        with entered(outer) as shared:
            assert shared is outer
            requests.get("http://h/x")
        assert outer.statuses == [200]
    assert current_scope() is None


def test_progress_reports_each_block_up_to_the_total(server: FakeServer) -> None:
    reports: list[tuple[str, int, int]] = []
    body = bytes(range(256)) * 1000  # 256,000 bytes: four 64 KiB blocks
    with request_scope(30.0, lambda *r: reports.append(r)):
        requests.post("http://h/api/v2/upload/datasets/abc/edges/arrow", data=body)
    assert b"".join(server.body_blocks) == body, "the bytes sent are exactly the body"
    assert len(server.calls[0]["data"]) == len(body), "its length is the Content-Length"
    sent = [s for stage, s, total in reports if stage == "uploading edges" and total == len(body)]
    assert sent[0] == 0
    assert sent[-1] == len(body)
    assert sent == sorted(sent)
    assert len(sent) == len(server.body_blocks) + 1
    assert all(total == len(body) for _, _, total in reports)


@pytest.mark.parametrize("data", [bytearray(b"abc"), memoryview(b"abc")])
def test_any_bytes_like_body_is_reported(server: FakeServer, data: object) -> None:
    reports: list[tuple[str, int, int]] = []
    with request_scope(30.0, lambda *r: reports.append(r)):
        requests.post("http://h/api/v2/upload/datasets/abc/nodes/arrow", data=data)
    assert reports == [("uploading nodes", 0, 3), ("uploading nodes", 3, 3)]
    assert b"".join(server.body_blocks) == b"abc"


@pytest.mark.parametrize("data", [None, b"", {"form": "field"}])
def test_a_request_without_a_body_reports_its_stage_with_no_bytes(
    server: FakeServer, data: object
) -> None:
    reports: list[tuple[str, int, int]] = []
    with request_scope(30.0, lambda *r: reports.append(r)):
        requests.post("http://h/api/v2/upload/datasets/", data=data, json={"a": 1})
    assert reports == [("creating dataset", 0, 0)]
    assert server.calls[0]["data"] == data


def test_without_a_progress_hook_the_body_is_passed_as_it_is(server: FakeServer) -> None:
    with request_scope(30.0):
        requests.post("http://h/api/v2/upload/datasets/abc/edges/arrow", data=b"abc")
    assert server.calls[0]["data"] == b"abc"


@pytest.mark.parametrize(
    ("method", "url", "stage"),
    [
        ("post", "http://h/api/v2/upload/datasets/abc/edges/arrow?x=1", "uploading edges"),
        ("post", "http://h/api/v2/upload/datasets/abc/nodes/arrow", "uploading nodes"),
        ("post", "http://h/api/v2/upload/datasets/", "creating dataset"),
        ("POST", "http://h/api/v2/upload/datasets/", "creating dataset"),
        ("get", "http://h/api/v2/upload/datasets/", "contacting server"),
        ("post", "http://h/api/v2/files/abc", "uploading files"),
        ("post", "http://h/api/v2/upload/files/abc", "uploading files"),
        ("post", "http://h/api/v2/datasets/abc/share/link/", "setting privacy"),
        ("post", "http://h/api/v2/auth/token/refresh", "refreshing session"),
        ("get", "http://h/api/v2/something/else", "contacting server"),
        ("get", "http://h/x?then=/edges/arrow", "contacting server"),
    ],
)
def test_each_request_is_named_for_the_progress_line(method: str, url: str, stage: str) -> None:
    assert transport._stage_for(method, url) == stage


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://h:9/a/b?q=1", "/a/b"),
        ("https://h", "/"),
        ("h/x", "/x"),
        ("http://h/?q", "/"),
    ],
)
def test_messages_name_the_path_without_host_or_query(url: str, path: str) -> None:
    assert transport._path(url) == path


# ----------------------------------------------------------------------------- connections


def test_a_pool_reuses_an_idle_session_and_keeps_no_cookies() -> None:
    pool = ConnectionPool()
    with pool.session() as first:
        first.cookies.set("c", "v")
    with pool.session() as second:
        assert second is first
        assert len(second.cookies) == 0
    pool.close()


def test_two_requests_at_once_get_two_sessions_and_both_are_kept() -> None:
    pool = ConnectionPool()
    with pool.session() as one, pool.session() as two:
        assert one is not two
    with pool.session() as a, pool.session() as b:
        assert {id(a), id(b)} == {id(one), id(two)}
    pool.close()


def test_a_pool_keeps_at_most_its_limit_of_idle_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[requests.Session] = []
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    pool = ConnectionPool()
    limit = transport.MAX_IDLE_SESSIONS
    with contextlib.ExitStack() as stack:
        sessions = [stack.enter_context(pool.session()) for _ in range(limit + 2)]
    assert len(closed) == 2, "sessions past the limit are closed when handed back"
    assert all(s in sessions for s in closed)
    pool.close()
    assert len(closed) == limit + 2, "closing the pool closes the idle ones"


def test_a_closed_pool_closes_sessions_handed_back_later(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[requests.Session] = []
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    pool = ConnectionPool()
    with pool.session() as in_use:
        pool.close()
        assert closed == []
    assert closed == [in_use]
    with pool.session() as fresh:
        assert fresh is not in_use


def test_a_scope_with_a_pool_sends_through_its_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[tuple[requests.Session, str, str, Any]] = []

    def request(self: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        used.append((self, method, url, kwargs.get("timeout")))
        response = requests.Response()
        response.status_code = 204
        return response

    monkeypatch.setattr(requests.Session, "request", request)
    pool = ConnectionPool()
    with request_scope(30.0, connections=pool) as scope:
        requests.get("http://h/one")
        requests.get("http://h/two")
    assert [u[1:3] for u in used] == [("get", "http://h/one"), ("get", "http://h/two")]
    assert used[0][0] is used[1][0], "the second request reuses the first one's connection"
    assert used[0][3] is not None
    assert scope.statuses == [204, 204]
    pool.close()


# ------------------------------------------------------------------------------ edge cases


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://h/a?b?c", "/a"),
        ("https://h/x?u=http://y/z", "/x"),
        ("h", "/"),
        ("/a/b?c", "/a/b"),
    ],
)
def test_a_path_is_cut_at_the_first_query_and_after_the_first_scheme(url: str, path: str) -> None:
    assert transport._path(url) == path


def test_a_stage_is_named_from_the_path_before_the_first_query() -> None:
    url = "http://h/api/v2/upload/datasets/?a=1?b=2"
    assert transport._stage_for("post", url) == "creating dataset"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.blocks: list[bytes] = []

    def __call__(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.calls.append(kwargs)
        data = kwargs.get("data")
        if isinstance(data, transport._ProgressBody):
            self.blocks = [bytes(b) for b in data]
        response = requests.Response()
        response.status_code = 200
        return response


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    fake = Recorder()
    monkeypatch.setattr(transport, "_original_request", fake)
    transport.install()
    return fake


def test_a_one_byte_body_is_reported(recorder: Recorder) -> None:
    reports: list[tuple[str, int, int]] = []
    with transport.request_scope(30.0, lambda *r: reports.append(r)):
        requests.post("http://h/x/edges/arrow", data=b"x", timeout=None)
    assert reports == [("uploading edges", 0, 1), ("uploading edges", 1, 1)]


def test_a_big_body_goes_in_sixty_four_whole_blocks(recorder: Recorder) -> None:
    body = bytes(64 * 80_000)  # 64 blocks of 80,000 bytes: between the bounds
    with transport.request_scope(30.0, lambda *r: None):
        requests.post("http://h/x/edges/arrow", data=body, timeout=None)
    assert [len(b) for b in recorder.blocks] == [80_000] * 64


def test_less_than_a_second_left_is_still_time(recorder: Recorder) -> None:
    with transport.request_scope(0.5):
        requests.get("http://h/x", timeout=None)
    assert 0 < recorder.calls[0]["timeout"] <= 0.5


def test_a_thread_that_never_entered_a_scope_passes_through(recorder: Recorder) -> None:
    results: list[int] = []
    thread = threading.Thread(
        target=lambda: results.append(requests.get("http://h/x", timeout=3).status_code)
    )
    thread.start()
    thread.join()
    assert results == [200]
    assert recorder.calls == [{"params": None, "timeout": 3}]


def test_install_wraps_the_request_function_it_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(requests.api, "request", transport._original_request)
    transport.install()
    assert requests.api.request is transport._scoped_request
