"""Clients that keep their connections open (an account's pool): the hub serves them on the same
connection, and stopping the hub does not wait for them, over http or https."""

from __future__ import annotations

import logging

import pytest

from graphistry_jupyter import LocalHub
from graphistry_jupyter.session.account import Account
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import USERS


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_a_hub_stops_without_waiting_for_an_account_s_idle_connections(tls: bool) -> None:
    hub = LocalHub(users=USERS, tls=tls).start()
    account = Account(hub.server, hub.protocol, certificate_validation=hub.ca_bundle or True)
    try:
        account.login_async(username="alice", password="alice-pw").result(30)
        g = account.client.edges(EDGES, "src", "dst").nodes(NODES, "id")
        assert account.plot(g, reuse=False).url.startswith(hub.url)
        assert account.plot(g, reuse=False).url.startswith(hub.url)  # on the kept connections

        # uvicorn's own logger (it does not propagate to the root): "timeout graceful shutdown
        # exceeded" is what a stop that waited for the idle connections logs.
        errors = _Records()
        uvicorn_errors = logging.getLogger("uvicorn.error")
        uvicorn_errors.addHandler(errors)
        try:
            hub.stop()  # over TLS, a graceful close would wait for the idle client's reply
        finally:
            uvicorn_errors.removeHandler(errors)

        assert errors.messages == []
    finally:
        account.close()
        hub.stop()
