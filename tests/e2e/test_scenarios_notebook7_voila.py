"""The same login and plot outside JupyterLab: in Notebook 7 through the form, and in a Voila
dashboard (which runs every cell itself, so the login there is in code)."""

from __future__ import annotations

import pytest

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES_CODE
from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.lab import Lab, login_widget_code
from tests.support.widget_views import LoginView, PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

PLOT_CELL = "login.plot(login.client.edges(edges, 'src', 'dst'), height=360)"


def login_cell(hub: LocalHub, **login: str) -> str:
    """The edges, and ``login`` for ``hub`` shown as the cell's value."""
    return (
        f"import pandas as pd\nimport graphistry_jupyter as gj\n{EDGES_CODE}\n"
        f"{login_widget_code(hub, **login)}\nlogin"
    )


def test_notebook7_logs_in_through_the_form_and_plots_inline(lab: Lab) -> None:
    notebook = lab.open_notebook([login_cell(lab.hub), PLOT_CELL], ui="notebook")
    LoginView(notebook.execute(0)).log_in_as("bob")
    lab.shot("logged-in")

    url = PlotOnPage(lab.page, notebook.execute(1)).wait_src(viewer_prefix(lab.hub))
    lab.shot("plotted")
    assert dataset_on(lab.hub, url)["owner"] == "bob"


def test_voila_dashboard_logs_in_and_plots_inline(lab: Lab) -> None:
    # Voila runs every cell itself: the login is in code.
    voila = lab.open_voila([login_cell(lab.hub, user="alice"), PLOT_CELL])
    dashboard = voila.page.locator("body")
    LoginView(dashboard).expect_logged_in("alice")
    url = PlotOnPage(lab.page, dashboard).wait_src(viewer_prefix(lab.hub))
    lab.shot("plotted")
    assert dataset_on(lab.hub, url)["owner"] == "alice"
