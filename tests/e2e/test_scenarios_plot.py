"""Plotting inline in JupyterLab: the iframe shows the hub's viewer, and the viewer draws the graph
(pixels on screen). Private plots with single sign-in: test_scenarios_single_sign_in.py; here, a
server without it, whose frame asks to sign in once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.graphs import EDGES, EDGES_CODE
from tests.support.hubs import USERS, dataset_on, viewer_prefix
from tests.support.lab import Lab, login_widget_code
from tests.support.widget_views import PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]


def plot(lab: Lab, privacy: str) -> tuple[PlotOnPage, str]:
    """alice logs in from code (the form has its own tests) and plots the graph as ``privacy``;
    returns the plot and its viewer URL."""
    notebook = lab.open_notebook(
        [
            "import pandas as pd\nimport graphistry_jupyter as gj\n"
            f"{login_widget_code(lab.hub, user='alice', privacy=privacy)}\n{EDGES_CODE}",
            "login.plot(login.client.edges(edges, 'src', 'dst').name('triangle'), height=420)",
        ]
    )
    notebook.execute_all()
    view = PlotOnPage(lab.page, notebook.output(1))
    return view, view.wait_src(viewer_prefix(lab.hub))


def test_a_public_plot_shows_the_hubs_viewer_inline_and_the_viewer_draws_the_graph(
    lab: Lab,
) -> None:
    view, url = plot(lab, "public")
    lab.shot("iframe")

    dataset = dataset_on(lab.hub, url)
    assert (dataset["owner"], dataset["privacy"], dataset["edges"]) == (
        "alice",
        "public",
        len(EDGES),
    )
    view.expect_drawn()
    expect(view.framed.locator("header")).to_contain_text("alice")
    lab.shot("drawn")


def test_on_a_server_without_single_sign_in_the_frame_asks_once_and_the_note_says_why(
    lab: Lab,
) -> None:
    # A real Graphistry server today: no view-grant endpoint (404 without the extension's reply).
    lab.hub.faults.inject("/api/v2/datasets/*", "status", status=404)
    view, url = plot(lab, "private")
    assert dataset_on(lab.hub, url)["privacy"] == "private"
    expect(view.area).to_contain_text(
        "This server does not support single sign-in: sign in inside the frame."
    )
    expect(view.framed.get_by_role("heading", name="Log in to view this graph")).to_be_visible()
    lab.shot("asks-to-sign-in")

    view.sign_in_inside("alice", USERS["alice"])
    view.expect_drawn()
    lab.shot("drawn")
    # Still the same viewer URL in the notebook: the sign-in happened inside the frame.
    assert view.iframe.get_attribute("src") == url
