"""A local hub in this kernel behind the notebook server's proxy: logins to it open plots at the
proxy's path (a path on the notebook's own server, which the plot view resolves), while the kernel
keeps calling the hub itself for logins, uploads and view grants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphistry_jupyter import LocalHub
from graphistry_jupyter.http.addresses import browser_address
from graphistry_jupyter.hub.server import jupyter_proxy
from tests.support.comm import CommLog, send_from_view
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_id_of, requests_to
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


@pytest.fixture
def proxied_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    monkeypatch.delenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, raising=False)
    monkeypatch.delenv("JPY_PARENT_PID", raising=False)
    with LocalHub(users=USERS, behind_jupyter_proxy=True, instruments=True) as hub:
        yield hub


def test_plots_of_a_hub_behind_the_proxy_open_at_its_path_and_grants_still_come(
    proxied_hub: LocalHub, comm_log: CommLog
) -> None:
    hub = proxied_hub
    assert hub.browser_url == f"/proxy/{hub.port}"  # not under Jupyter here: the root
    login = login_widget(hub)  # no browser address given: the hub's applies
    login.login(username="alice", password=USERS["alice"])

    view = login.plot(login.client.edges(EDGES, "src", "dst"))
    url = view.wait(30)

    assert url.startswith(f"/proxy/{hub.port}/graph/graph.html?dataset=")
    send_from_view(view, {"type": "grant_request", "dataset": dataset_id_of(url), "to": "frame"})
    wait_for(lambda: any(m.get("type") == "grant" for m in comm_log.custom_messages()), "a grant")
    # The kernel asked the hub itself for the grant, not the proxy.
    assert requests_to(hub, "/api/v2/datasets/*", method="POST")


def test_a_browser_address_given_to_the_login_wins(proxied_hub: LocalHub) -> None:
    login = login_widget(proxied_hub, client_protocol_hostname="https://lab.example/proxy/1")
    login.login(username="alice", password=USERS["alice"])

    url = login.plot(login.client.edges(EDGES, "src", "dst")).wait(30)

    assert url.startswith("https://lab.example/proxy/1/graph/graph.html?dataset=")


def test_the_hub_s_address_applies_only_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, raising=False)
    hub = LocalHub(users=USERS, behind_jupyter_proxy=True).start()
    server = hub.server
    assert browser_address("http", server) == hub.browser_url
    hub.stop()
    assert browser_address("http", server) == ""


def test_a_hub_not_behind_the_proxy_is_opened_at_its_own_url(hub: LocalHub) -> None:
    assert hub.browser_url == hub.url
    assert browser_address(hub.protocol, hub.server) == ""
    assert hub.browser_url_via_jupyter("/user/alice/") == f"/user/alice/proxy/{hub.port}"
