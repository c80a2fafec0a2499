"""Plotting inline in JupyterLab: the iframe shows the hub's viewer, and the viewer draws the graph
(pixels on screen) — at once for a public graph, after signing in inside the iframe for a private
one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from playwright.sync_api import Page, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, Steps
from tests.support.widget_views import PlotView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

MakeNotebook = Callable[[Sequence[str]], str]


def plot_cells(hub: LocalHub, privacy: str) -> list[str]:
    """alice logs in from code (the form has its own tests) and plots a small ring."""
    return [
        "import pandas as pd\nimport graphistry_jupyter as gj\n"
        f"login = gj.LoginWidget(server={hub.server!r}, protocol='http', label='prod', "
        f"privacy={privacy!r})\n"
        "login.login(username='alice', password='alice-pw')\n"
        "edges = pd.DataFrame({'src': ['a', 'b', 'c', 'd'], 'dst': ['b', 'c', 'd', 'a']})",
        "login.plot(login.client.edges(edges, 'src', 'dst').name('ring'), height=420)",
    ]


def run_plot(
    page: Page, server: JupyterServer, make_notebook: MakeNotebook, hub: LocalHub, privacy: str
) -> tuple[PlotView, str]:
    notebook = NotebookPage.open(page, server, make_notebook(plot_cells(hub, privacy)))
    notebook.run_all()
    notebook.wait_all_executed()
    plot = PlotView(page, notebook.output(1))
    return plot, plot.wait_src(viewer_prefix(hub))


def test_a_public_plot_shows_the_hubs_viewer_inline_and_the_viewer_draws_the_graph(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    plot, url = run_plot(page, jupyter_server, make_notebook, prod_hub, "public")
    steps.shot("iframe")

    dataset = dataset_on(prod_hub, url)
    assert (dataset["owner"], dataset["privacy"], dataset["edges"]) == ("alice", "public", 4)
    plot.expect_drawn()
    expect(plot.framed.locator("header")).to_contain_text("alice")
    steps.shot("drawn")


def test_a_private_plot_draws_after_signing_in_inside_its_iframe(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    plot, url = run_plot(page, jupyter_server, make_notebook, prod_hub, "private")
    assert dataset_on(prod_hub, url)["privacy"] == "private"
    # The toolbar says why the frame asks for a sign-in; the frame asks.
    expect(plot.area).to_contain_text("Private plot: viewing needs a browser session")
    expect(plot.framed.get_by_role("alert")).to_contain_text("private")
    steps.shot("asks-to-sign-in")

    plot.sign_in_inside("alice", "alice-pw")
    plot.expect_drawn()
    steps.shot("drawn")
    # Still the same viewer URL in the notebook: the sign-in happened inside the frame.
    assert plot.iframe.get_attribute("src") == url
