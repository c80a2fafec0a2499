"""Remote Jupyter: a local hub started in the kernel, seen from a browser that cannot reach the
kernel's 127.0.0.1, as on JupyterHub or a cloud VM. Its frames go through the notebook server's
own ``/proxy/PORT/`` path (jupyter-server-proxy), with the browser's Jupyter login.

The browser opens JupyterLab as ``localhost`` while the hub listens on ``127.0.0.1``, and every
request that is not to Lab's own origin is refused: a frame drawn here can only have come through
the proxy. Private plots still need no second sign-in (the grant is asked of the hub's API by the
kernel and handed to the frame, now on Lab's origin), and the hub's own sign-in pages, links and
redirects work under the prefix.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re

import pytest
from playwright.sync_api import Route, expect

from tests.e2e.test_scenarios_single_sign_in import (
    expect_drawn_without_sign_in,
    record_viewer_states,
)
from tests.support.graphs import EDGES_CODE
from tests.support.lab import Lab
from tests.support.widget_views import DRAWN_TIMEOUT_MS, PlotOnPage, sign_in_on_hub_page

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

# The notebook's first cell: a hub in the kernel behind Jupyter's proxy, and a login to it that
# names no browser address (the hub tells the login where browsers reach it).
KERNEL_HUB_CELL = f"""import pandas as pd
import graphistry_jupyter as gj
hub = gj.LocalHub(users={{"alice": "alice-pw"}}, behind_jupyter_proxy=True).start()
login = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="remote")
login.login(username="alice", password="alice-pw")
{EDGES_CODE}
hub.browser_url"""
PLOT_CELL = "login.plot(login.client.edges(edges, 'src', 'dst'), height=420)"
PROXIED_PORT = re.compile(r"/proxy/(\d+)/graph/graph\.html\?dataset=")


@dataclasses.dataclass
class RemoteLab:
    lab: Lab
    origin: str
    """Lab's origin as this browser knows it (``http://localhost:PORT``)."""
    refused: list[str]
    """Every request the browser tried elsewhere than Lab's origin."""


@pytest.fixture
def remote(lab: Lab) -> RemoteLab:
    """``lab`` opened at ``localhost``, its pages refused everything but Lab's own origin."""
    assert importlib.util.find_spec("jupyter_server_proxy"), (
        "jupyter-server-proxy is missing: install the test extra (pip install -e '.[test]')"
    )
    server = dataclasses.replace(
        lab.server, base_url=lab.server.base_url.replace("127.0.0.1", "localhost")
    )
    origin = server.base_url
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.abort()

    # The context's pages: the notebook, its frames, and tabs opened from it.
    lab.page.context.route(lambda url: not url.startswith(f"{origin}/"), refuse)
    return RemoteLab(dataclasses.replace(lab, server=server), origin, refused)


def plot_through_the_proxy(remote: RemoteLab) -> tuple[PlotOnPage, str]:
    """Run the notebook; return the plot's view and its frame's URL, once it is on the proxy."""
    notebook = remote.lab.open_notebook([KERNEL_HUB_CELL, PLOT_CELL])
    notebook.execute_all()
    # What the kernel computed: a path on the notebook server, resolved by the page.
    expect(notebook.output(0)).to_contain_text(re.compile(r"'/proxy/\d+'"))
    view = PlotOnPage(remote.lab.page, notebook.output(1))
    src = view.wait_src(f"{remote.origin}/proxy/")
    assert PROXIED_PORT.search(src), src
    return view, src


def hub_port(src: str) -> str:
    found = PROXIED_PORT.search(src)
    assert found, src
    return found.group(1)


def test_a_kernel_hub_s_private_plot_draws_through_jupyter_s_proxy_without_a_sign_in(
    remote: RemoteLab,
) -> None:
    record_viewer_states(remote.lab.page)
    view, src = plot_through_the_proxy(remote)

    expect_drawn_without_sign_in(view)
    remote.lab.shot("drawn-through-the-proxy")
    port = hub_port(src)
    assert [url for url in remote.refused if f":{port}/" in url] == [], (
        "the browser tried the hub's own address"
    )
    # The grant reached the frame by message: nothing rests on a hub cookie.
    cookies = remote.lab.page.context.cookies([remote.origin])
    assert [c["name"] for c in cookies if c["name"].startswith("gj_hub_")] == []


def test_the_hub_s_sign_in_page_and_its_redirect_stay_under_the_proxy_prefix(
    remote: RemoteLab,
) -> None:
    _, src = plot_through_the_proxy(remote)
    prefix = f"{remote.origin}/proxy/{hub_port(src)}/"

    # The frame's address opened on its own: no parent to ask for a grant, so the viewer asks
    # to sign in; its link, the form and the redirect back all stay on the hub's prefix.
    tab = remote.lab.page.context.new_page()
    tab.goto(src)
    tab.get_by_role("link", name="Log in to view this graph").click()
    expect(tab).to_have_url(re.compile("^" + re.escape(f"{prefix}login?next=")))
    sign_in_on_hub_page(tab, "alice", "alice-pw")
    expect(tab).to_have_url(src)
    tab.locator("body[data-state=drawn]").wait_for(state="attached", timeout=DRAWN_TIMEOUT_MS)
    expect(tab.locator("header")).to_contain_text("alice")
    tab.close()
