"""A real JupyterHub with two users, alice and bob, whose servers run on this one machine
(SimpleLocalProcessSpawner), as on a JupyterHub that keeps its users on one host.

alice starts a local hub in her kernel: its form, her login through it and the plot's frame all
work through JupyterHub's proxy, under her ``/user/alice/proxy/PORT/``, with no second sign-in.
bob, signed in to the same JupyterHub, reaches nothing of it: not through alice's server
(JupyterHub's own access control) and not through his own server's proxy, which forwards to any
port of the shared 127.0.0.1 (the hub answers only requests carrying what it gave alice's
frames: issue 22, item 8).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.test_scenarios_single_sign_in import (
    expect_drawn_without_sign_in,
    record_viewer_states,
)
from tests.support.graphs import EDGES_CODE
from tests.support.jupyterhub import JupyterHubServer, running_jupyterhub
from tests.support.notebook_page import NotebookPage, write_notebook
from tests.support.widget_views import LoginView, PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser, pytest.mark.timeout(600)]

# A hub in alice's kernel, left to find out by itself that it runs under JupyterHub (the
# default, behind_jupyter_proxy=None), and her login form for it.
HUB_CELL = """import pandas as pd
import graphistry_jupyter as gj
hub = gj.LocalHub(users={"alice": "alice-pw"}).start()
login = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="kernel hub")
login"""
PLOT_CELL = f"{EDGES_CODE}\nlogin.plot(login.client.edges(edges, 'src', 'dst'), height=420)"
PROXIED = re.compile(r"/user/alice/proxy/(\d+)/graph/graph\.html\?dataset=")


@pytest.fixture(scope="module")
def jupyterhub() -> Iterator[JupyterHubServer]:
    with running_jupyterhub() as hub:
        yield hub


@dataclass
class AlicePlot:
    page: Page
    src: str
    """The plot frame's address: ``JUPYTERHUB/user/alice/proxy/PORT/graph/graph.html?...``."""
    refused: list[str]
    """Every request alice's pages tried elsewhere than JupyterHub's address (all refused)."""

    @property
    def port(self) -> str:
        found = PROXIED.search(self.src)
        assert found, self.src
        return found.group(1)


@pytest.fixture(scope="module")
def alice_plot(jupyterhub: JupyterHubServer, browser: Browser) -> Iterator[AlicePlot]:
    """alice signed in to JupyterHub, her notebook run, logged in through the form, and her plot
    drawn; her pages may reach JupyterHub's address only, so the frame can only have come
    through its proxy (the kernel's hub listens on another port of the same 127.0.0.1)."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(f"{jupyterhub.url}/"), refuse)
    record_viewer_states(page)
    try:
        jupyterhub.sign_in(page, "alice")
        server = jupyterhub.user_server("alice")
        write_notebook(server.root_dir / "kernel-hub.ipynb", [HUB_CELL, PLOT_CELL])
        notebook = NotebookPage.open(page, server, "kernel-hub.ipynb", "lab")

        form = LoginView(notebook.execute(0))
        form.log_in_with_password("alice", "alice-pw")
        form.expect_logged_in("alice")
        view = PlotOnPage(page, notebook.execute(1))
        src = view.wait_src(f"{jupyterhub.url}/user/alice/proxy/")
        expect_drawn_without_sign_in(view)
        yield AlicePlot(page, src, refused)
    finally:
        context.close()


def test_alice_s_form_login_and_plot_draw_through_jupyterhub_s_proxy(
    alice_plot: AlicePlot, jupyterhub: JupyterHubServer
) -> None:
    assert PROXIED.search(alice_plot.src), alice_plot.src
    frame = alice_plot.page.frame_locator('iframe[title^="Graph plotted on"]')
    expect(frame.locator("body[data-state=drawn]")).to_have_count(1)
    assert [u for u in alice_plot.refused if f":{alice_plot.port}/" in u] == [], (
        "alice's browser tried the kernel hub's own address"
    )


def test_bob_reaches_nothing_of_alice_s_hub(
    alice_plot: AlicePlot, jupyterhub: JupyterHubServer, browser: Browser
) -> None:
    port = alice_plot.port
    viewer_path = alice_plot.src.split(f"/proxy/{port}/", 1)[1]
    context = browser.new_context()
    try:
        page = context.new_page()
        jupyterhub.sign_in(page, "bob")

        # Through alice's server: JupyterHub itself turns bob away.
        through_alice = page.request.get(f"{jupyterhub.url}/user/alice/proxy/{port}/")
        assert through_alice.status in (403, 404), through_alice.status
        # Through his own server's proxy, which reaches any port of this machine's 127.0.0.1:
        # alice's hub must answer nothing there, not its index, sign-in form or viewer.
        for path in ("", "login", viewer_path):
            seen = page.request.get(f"{jupyterhub.url}/user/bob/proxy/{port}/{path}")
            assert seen.status == 404, (path, seen.status, seen.text()[:200])
    finally:
        context.close()
