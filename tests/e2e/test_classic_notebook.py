"""Classic Notebook 6 with the widgets extension: the login form and the plot show, and stay
shown when the classic widget manager renders their outputs again.

That manager, once its first load from the kernel ends, clears and re-renders every cell's
widget outputs, and its handler of a removed view blanks the output's model id, so the
re-render hides the output: any widget shown before the load ended (a cell run as the notebook
opens, "Run All") stayed blank, ipywidgets' own too. The views keep their outputs' model ids
(``js/src/widgets/classic_notebook.ts``), so the re-render shows new views. The test runs the
first cell the moment the kernel connects, and re-renders each output itself, as the manager
does, so that path is taken on every run.

The server runs from ``.venv-classic`` (``scripts/setup.sh classic``; see
``tests/support/classic_notebook.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from graphistry_jupyter.hub import LocalHub
from tests.support.classic_notebook import ClassicNotebookPage, running_classic_notebook
from tests.support.graphs import EDGES_CODE
from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.jupyter import JupyterServer
from tests.support.lab import login_widget_code
from tests.support.notebook_page import Steps, write_notebook
from tests.support.widget_views import LoginView, PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

PLOT_CELL = "login.plot(login.client.edges(edges, 'src', 'dst'), height=360)"


@pytest.fixture
def classic(tmp_path: Path) -> Iterator[JupyterServer]:
    with running_classic_notebook(tmp_path) as server:
        yield server


def test_classic_notebook_shows_the_form_and_the_plot_and_keeps_them_when_rerendered(
    classic: JupyterServer, page: Page, hub: LocalHub, steps: Steps
) -> None:
    login_cell = (
        f"import pandas as pd\nimport graphistry_jupyter as gj\n{EDGES_CODE}\n"
        f"{login_widget_code(hub)}\nlogin"
    )
    write_notebook(classic.root_dir / "classic.ipynb", [login_cell, PLOT_CELL])
    notebook = ClassicNotebookPage.open(page, classic, "classic.ipynb")

    # Run at once: the manager's first load from the kernel ends after this cell has shown the form.
    login = LoginView(notebook.execute(0))
    login.log_in_as("alice")
    steps.shot("logged-in")
    notebook.render_outputs_again(0)
    LoginView(notebook.output(0)).expect_logged_in("alice")

    plot = PlotOnPage(page, notebook.execute(1))
    url = plot.wait_src(viewer_prefix(hub))
    plot.expect_drawn()
    steps.shot("plotted")
    notebook.render_outputs_again(1)
    redrawn = PlotOnPage(page, notebook.output(1))
    assert redrawn.wait_src(viewer_prefix(hub)) == url
    redrawn.expect_drawn()
    LoginView(notebook.output(0)).expect_logged_in("alice")
    steps.shot("rerendered")

    assert dataset_on(hub, url)["owner"] == "alice"
