"""An account's requests share its kept-alive connections: the login, its plots and the viewing
grants each opened plot asks for, over http and https, counted by the hub that accepted them.

A plot posts its edges and nodes at the same time, so an account may hold two connections; every
other request goes over one it already has, never a new TCP (and TLS) handshake per request.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphistry_jupyter import LocalHub
from graphistry_jupyter.plots.grants import GrantUnavailable, dataset_of
from graphistry_jupyter.session.account import Account
from graphistry_jupyter.session.credentials import Credentials
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import USERS


@pytest.fixture(params=[False, True], ids=["http", "https"])
def hub(request: pytest.FixtureRequest) -> Iterator[LocalHub]:
    with LocalHub(users=USERS, tls=request.param, instruments=True) as hub:
        yield hub


def _account(hub: LocalHub, label: str = "a") -> Account:
    return Account(
        hub.server, hub.protocol, label=label, certificate_validation=hub.ca_bundle or True
    )


def _api_requests(hub: LocalHub) -> int:
    return sum(1 for r in hub.requests if r.path.startswith("/api"))


def test_a_login_a_plot_and_its_grants_share_one_connection(hub: LocalHub) -> None:
    account = _account(hub)
    try:
        account.login_async(username="alice", password="alice-pw").result(30)
        assert hub.connections_accepted == 1

        result = account.plot(account.client.edges(EDGES, "src", "dst"), reuse=False)
        for _ in range(3):  # a grant each time the plot's viewer is ready
            assert account.view_grant(dataset_of(result.url)).token

        # login, dataset, edges, 3 grants: six requests, one connection (and one handshake)
        assert _api_requests(hub) >= 6
        assert hub.connections_accepted == 1
    finally:
        account.close()


def test_two_plots_with_nodes_and_their_grants_need_no_more_than_two(hub: LocalHub) -> None:
    account = _account(hub)
    try:
        account.login_async(username="alice", password="alice-pw").result(30)
        g = account.client.edges(EDGES, "src", "dst").nodes(NODES, "id")
        first = account.plot(g, reuse=False)
        account.plot(g, reuse=False)
        for _ in range(3):
            account.view_grant(dataset_of(first.url))

        # The edges and the nodes may go up at the same time, on a second connection; both stay.
        assert _api_requests(hub) >= 10  # login, 2 x (dataset, edges, nodes), 3 grants
        assert 1 <= hub.connections_accepted <= 2
    finally:
        account.close()


def test_accounts_do_not_share_connections(hub: LocalHub) -> None:
    alice, bob = _account(hub, "alice"), _account(hub, "bob")
    try:
        alice.login_async(username="alice", password="alice-pw").result(30)
        bob.login_async(username="bob", password="bob-pw").result(30)
        alice.plot(alice.client.edges(EDGES, "src", "dst"), reuse=False)
        bob.plot(bob.client.edges(EDGES, "src", "dst"), reuse=False)

        assert hub.connections_accepted == 2
        assert {r.user for r in hub.requests if r.path.endswith("/edges/arrow")} == {
            "alice",
            "bob",
        }
    finally:
        alice.close()
        bob.close()


def test_a_login_on_a_kept_connection_leaves_the_global_client_alone(hub: LocalHub) -> None:
    import graphistry

    before = graphistry.api_token()
    account = _account(hub)
    try:
        account.login_async(username="alice", password="alice-pw").result(30)
        account.logout()
        account.login_async(username="bob", password="bob-pw").result(30)
        assert account.username == "bob"
        assert hub.connections_accepted == 1
        assert graphistry.api_token() == before
    finally:
        account.close()


def test_a_grant_that_hangs_on_a_kept_connection_ends_at_the_deadline(hub: LocalHub) -> None:
    account = Account(
        hub.server,
        hub.protocol,
        deadline_s=1.0,
        certificate_validation=hub.ca_bundle or True,
    )
    try:
        account.login_async(username="alice", password="alice-pw").result(30)
        dataset = dataset_of(account.plot(account.client.edges(EDGES, "src", "dst")).url)
        hanging = hub.faults.inject(f"/api/v2/datasets/{dataset}/view-grant", "hang")

        with pytest.raises(GrantUnavailable, match="did not give a viewing grant"):
            account.view_grant(dataset)

        hub.faults.remove(hanging)
        assert account.view_grant(dataset).token  # the pool dropped the timed-out connection
        assert hub.connections_accepted == 2
    finally:
        account.close()


def test_a_single_sign_on_and_the_plot_after_it_share_one_connection() -> None:
    with LocalHub(users=USERS, sso_auto_approve="bob", instruments=True) as hub:
        account = _account(hub)
        try:
            account.start_login(Credentials("sso")).result(30)
            assert account.username == "bob"
            account.plot(account.client.edges(EDGES, "src", "dst"), reuse=False)

            assert _api_requests(hub) >= 3  # the SSO start (and its poll), dataset, edges
            assert hub.connections_accepted == 1
        finally:
            account.close()
