"""A view grant is asked for with one request whose every reply maps to a grant or one sentence
(plots/grants.py). No server: ``requests.post`` is replaced by a recorder."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests

from graphistry_jupyter.plots import grants as view_grants
from graphistry_jupyter.plots.grants import (
    UNSUPPORTED,
    GrantSource,
    GrantUnavailable,
    ViewGrant,
    dataset_of,
    request_grant,
)


class Reply:
    """What ``requests.post`` returns here: a status and a body (JSON, text or nothing)."""

    def __init__(self, status: int, body: object = None, text: str | None = None) -> None:
        self.status_code = status
        self._text = text if text is not None else json.dumps(body)

    def json(self) -> object:
        return json.loads(self._text)


@pytest.fixture
def posts(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every grant request made; ``posts.reply`` is what the next one gets (or raises)."""

    class Recorder(list):  # type: ignore[type-arg]
        reply: Any = Reply(200, {"success": True, "data": {"grant": "g.r.t", "expires_at": 99}})

    recorder = Recorder()

    def post(url: str, **kwargs: Any) -> Any:
        recorder.append({"url": url, **kwargs})
        if isinstance(recorder.reply, BaseException):
            raise recorder.reply
        return recorder.reply

    monkeypatch.setattr(view_grants.requests, "post", post)
    return recorder


def _grant(**overrides: Any) -> ViewGrant:
    arguments: dict[str, Any] = {
        "api_base": "https://hub:9",
        "session_token": "session-tok",
        "dataset_id": "ds/1 x",
        "verify": "/ca.pem",
        "deadline_s": 7.0,
    }
    return request_grant(**{**arguments, **overrides})


def test_a_grant_is_asked_for_with_the_session_token_for_one_dataset(
    posts: Any,
) -> None:
    grant = _grant()
    assert grant == ViewGrant("ds/1 x", "g.r.t", 99.0)
    (call,) = posts
    assert call == {
        "url": "https://hub:9/api/v2/datasets/ds%2F1%20x/view-grant",
        "json": {},
        "headers": {"Authorization": "Bearer session-tok"},
        "verify": "/ca.pem",
        "timeout": 7.0,
    }


def test_the_grant_token_is_not_in_its_repr(posts: Any) -> None:
    assert "g.r.t" not in repr(_grant())


@pytest.mark.parametrize("expires", [None, "soon", [1]])
def test_a_grant_without_a_numeric_expiry_reads_zero(posts: Any, expires: object) -> None:
    posts.reply = Reply(200, {"success": True, "data": {"grant": "g.r.t", "expires_at": expires}})
    assert _grant().expires_at == 0.0


def test_a_float_expiry_is_kept(posts: Any) -> None:
    posts.reply = Reply(200, {"success": True, "data": {"grant": "g.r.t", "expires_at": 12.5}})
    assert _grant().expires_at == 12.5


@pytest.mark.parametrize(
    ("reply", "reason", "unsupported"),
    [
        (Reply(404, text="<html>Not Found</html>"), UNSUPPORTED, True),
        (Reply(405, {"detail": "Method not allowed"}), UNSUPPORTED, True),
        (
            Reply(404, {"success": False, "message": "No dataset ds"}),
            "The server refused a viewing grant: No dataset ds",
            False,
        ),
        (
            Reply(401, {"success": False, "message": "expired"}),
            "The session has ended: log in again.",
            False,
        ),
        (
            Reply(403, {"success": False, "message": "Not yours"}),
            "The server refused a viewing grant: Not yours",
            False,
        ),
        (Reply(500, text="boom"), "The server refused a viewing grant: HTTP 500", False),
        (
            Reply(200, {"success": False, "message": ""}),
            "The server refused a viewing grant: HTTP 200",
            False,
        ),
        (
            Reply(200, {"success": True, "data": {"grant": 5}}),
            "The server refused a viewing grant: HTTP 200",
            False,
        ),
        (
            Reply(200, {"success": True, "data": "g.r.t"}),
            "The server refused a viewing grant: HTTP 200",
            False,
        ),
        (
            Reply(201, {"success": True, "data": {"grant": "g.r.t"}}),
            "The server refused a viewing grant: HTTP 201",
            False,
        ),
        (Reply(200, [1, 2]), "The server refused a viewing grant: HTTP 200", False),
        (
            Reply(200, {"success": True, "data": {"grant": "x"}, "message": 7}),
            None,
            False,
        ),
    ],
)
def test_each_refusal_says_why(
    posts: Any, reply: Reply, reason: str | None, unsupported: bool
) -> None:
    posts.reply = reply
    if reason is None:
        assert _grant().token == "x"
        return
    with pytest.raises(GrantUnavailable) as raised:
        _grant()
    assert (str(raised.value), raised.value.unsupported) == (reason, unsupported)


@pytest.mark.parametrize(
    ("failure", "name"),
    [
        (requests.ConnectionError("refused"), "ConnectionError"),
        (requests.Timeout("slow"), "Timeout"),
        (TimeoutError("deadline"), "TimeoutError"),
    ],
)
def test_a_network_failure_names_only_its_kind(
    posts: Any, failure: BaseException, name: str
) -> None:
    posts.reply = failure
    with pytest.raises(GrantUnavailable) as raised:
        _grant()
    assert str(raised.value) == f"The server did not give a viewing grant ({name})."
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    assert not raised.value.unsupported


def test_a_server_without_the_extension_is_asked_once(posts: Any) -> None:
    source = GrantSource()
    posts.reply = Reply(404, text="Not Found")
    arguments: dict[str, Any] = {
        "session_token": "t",
        "dataset_id": "d",
        "verify": True,
        "deadline_s": 5.0,
    }
    for _ in range(2):
        with pytest.raises(GrantUnavailable) as raised:
            source.request(api_base="https://old:1", **arguments)
        assert (str(raised.value), raised.value.unsupported) == (UNSUPPORTED, True)
    assert len(posts) == 1
    posts.reply = Reply(200, {"success": True, "data": {"grant": "g.r.t"}})
    assert source.request(api_base="https://new:1", **arguments).token == "g.r.t"
    assert len(posts) == 2


def test_a_refusal_is_not_remembered(posts: Any) -> None:
    source = GrantSource()
    arguments: dict[str, Any] = {
        "api_base": "https://hub:1",
        "session_token": "t",
        "dataset_id": "d",
        "verify": True,
        "deadline_s": 5.0,
    }
    posts.reply = Reply(403, {"success": False, "message": "no"})
    with pytest.raises(GrantUnavailable):
        source.request(**arguments)
    posts.reply = Reply(200, {"success": True, "data": {"grant": "g.r.t"}})
    assert source.request(**arguments).token == "g.r.t"


@pytest.mark.parametrize(
    ("url", "dataset"),
    [
        ("https://h/graph/graph.html?dataset=abc&type=arrow", "abc"),
        ("https://h/graph/graph.html?type=arrow", ""),
        ("https://h/graph/graph.html?dataset=a&dataset=b", ""),
        ("", ""),
    ],
)
def test_the_dataset_of_a_viewer_url(url: str, dataset: str) -> None:
    assert dataset_of(url) == dataset


def test_the_deadline_scope_covers_the_grant_request(
    posts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []
    reply = posts.reply

    def post(url: str, **kwargs: Any) -> Any:
        from graphistry_jupyter.http.transport import current_scope

        seen.append(current_scope())
        return reply

    monkeypatch.setattr(view_grants.requests, "post", post)
    start = time.monotonic()
    _grant(deadline_s=9.0)
    (scope,) = seen
    assert scope is not None
    assert start + 8.0 < scope.deadline <= time.monotonic() + 9.0  # type: ignore[attr-defined]
