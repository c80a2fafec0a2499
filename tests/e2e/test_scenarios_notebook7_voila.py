"""The same login and plot outside JupyterLab: in Notebook 7 through the form, and in a Voila
dashboard (which runs every cell itself, so the login there is in code)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from playwright.sync_api import Page

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, Steps, VoilaPage
from tests.support.widget_views import LoginView, PlotView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

MakeNotebook = Callable[[Sequence[str]], str]

EDGES = "edges = pd.DataFrame({'src': ['a', 'b', 'c'], 'dst': ['b', 'c', 'a']})"
PLOT_CELL = "login.plot(login.client.edges(edges, 'src', 'dst'), height=360)"


def login_widget_cell(hub: LocalHub) -> str:
    return (
        f"import pandas as pd\nimport graphistry_jupyter as gj\n{EDGES}\n"
        f"login = gj.LoginWidget(server={hub.server!r}, protocol='http', label='prod')"
    )


def test_notebook7_logs_in_through_the_form_and_plots_inline(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    cells = [login_widget_cell(prod_hub) + "\nlogin", PLOT_CELL]
    notebook = NotebookPage.open(page, jupyter_server, make_notebook(cells), ui="notebook")
    notebook.run_cell(0)
    notebook.wait_cell_executed(0)
    form = LoginView(notebook.output(0))
    form.log_in_with_password("bob", "bob-pw")
    form.expect_logged_in("bob")
    steps.shot("logged-in")

    notebook.run_cell(1)
    notebook.wait_cell_executed(1)
    url = PlotView(page, notebook.output(1)).wait_src(viewer_prefix(prod_hub))
    steps.shot("plotted")
    assert dataset_on(prod_hub, url)["owner"] == "bob"


def test_voila_dashboard_logs_in_and_plots_inline(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    cells = [
        login_widget_cell(prod_hub) + "\nlogin.login(username='alice', password='alice-pw')\nlogin",
        PLOT_CELL,
    ]
    voila = VoilaPage.open(page, jupyter_server, make_notebook(cells))
    LoginView(voila.page.locator("body")).expect_logged_in("alice")
    url = PlotView(page, voila.page.locator("body")).wait_src(viewer_prefix(prod_hub))
    steps.shot("plotted")
    assert dataset_on(prod_hub, url)["owner"] == "alice"
