"""A scope's deadline bounds the whole request, not each socket read: a server that trickles
its reply a byte at a time, forever (each byte within any per-read timeout), is cut at the
deadline, and the error names the server. Real sockets, real ``requests``: the reply never ends,
so a call that returns at all was cut; the only bound here is against a hang of the test. Calls
are made without a timeout on purpose: pygraphistry makes them so."""

# ruff: noqa: S113

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import requests

from graphistry_jupyter.http.transport import ConnectionPool, DeadlineExceeded, request_scope
from tests.support.slow_servers import SlowServer, hung_server, trickling_server
from tests.support.waiting import wait_for

__all__ = ["hung_server", "trickling_server"]

DEADLINE_S = 1.0


def outcome_of(call: Callable[[], object]) -> BaseException | object:
    """What ``call`` returned or raised, run on a thread; fails if it has not ended within 15 s
    (it would then be waiting on the server, whatever its deadline)."""
    result: list[BaseException | object] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # the outcome under test
            result.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(15)
    assert result, "the request outlived its deadline"
    return result[0]


@pytest.mark.parametrize("pooled", [False, True], ids=["own connection", "kept-alive pool"])
def test_a_trickling_server_fails_at_the_deadline_naming_the_server(
    trickling_server: SlowServer, pooled: bool
) -> None:
    connections = ConnectionPool() if pooled else None

    def login() -> object:
        with request_scope(DEADLINE_S, connections=connections):
            return requests.post(f"http://{trickling_server.address}/api-token-auth/", json={})

    raised = outcome_of(login)

    assert isinstance(raised, DeadlineExceeded)
    assert str(raised) == (
        f"{trickling_server.address} did not answer within the deadline (POST /api-token-auth/)"
    )
    assert trickling_server.requests_seen == 1
    wait_for(lambda: trickling_server.requests_held == 0, "the cut connection to be closed")


def test_a_server_that_never_answers_fails_at_the_deadline(hung_server: SlowServer) -> None:
    def login() -> object:
        with request_scope(DEADLINE_S):
            return requests.get(f"http://{hung_server.address}/api/v2/o/x/switch/")

    raised = outcome_of(login)

    assert isinstance(raised, DeadlineExceeded)
    assert str(raised).startswith(f"{hung_server.address} did not answer within the deadline")
