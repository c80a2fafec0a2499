"""marimo as a host: a notebook served by ``marimo run`` wraps the widgets in ``mo.ui.anywidget``,
and the cells that read them re-run when a login made through the form finishes and when the
plot it leads to is ready, although both happen on worker threads in Python.

marimo re-runs the cells that read a ``mo.ui.anywidget`` element only when its front end writes
widget state; the views do that when the status settles (``js/src/widgets/settle.ts``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES_CODE
from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.marimo import Mode, running_marimo
from tests.support.notebook_page import Steps
from tests.support.widget_views import LOGIN_TIMEOUT_MS, PLOT_TIMEOUT_MS, LoginView, PlotOnPage

pytestmark = pytest.mark.browser

# The server starts the app's kernel, which imports pandas, graphistry and the widgets.
APP_LOAD_TIMEOUT_MS = 60_000


def marimo_notebook(hub: LocalHub) -> str:
    """The README's pattern: a login form, a cell that reads it, a plot once logged in, and a
    cell that reads the plot."""
    return textwrap.dedent(
        f'''
        import marimo

        app = marimo.App()


        @app.cell
        def _():
            import marimo as mo
            import pandas as pd
            import graphistry_jupyter as gj
            return gj, mo, pd


        @app.cell
        def _(gj, mo):
            login = mo.ui.anywidget(
                gj.LoginWidget(server="{hub.server}", protocol="http", label="local")
            )
            login
            return (login,)


        @app.cell
        def _(login, mo):
            mo.md(f"Login status: {{login.status}}")
            return


        @app.cell
        def _(login, mo, pd):
            mo.stop(login.status != "logged_in", mo.md("Log in above to see the graph."))
            {EDGES_CODE}
            plot = mo.ui.anywidget(login.plot(login.client.edges(edges, "src", "dst"), height=360))
            plot
            return (plot,)


        @app.cell
        def _(mo, plot):
            mo.md(f"Plot status: {{plot.status}}")
            return


        if __name__ == "__main__":
            app.run()
        '''
    )


@pytest.mark.parametrize("mode", ["run", "edit"])
def test_cells_that_read_the_login_and_the_plot_rerun_when_each_settles(
    mode: Mode, page: Page, hub: LocalHub, steps: Steps, tmp_path: Path
) -> None:
    notebook = tmp_path / "login_and_plot.py"
    notebook.write_text(marimo_notebook(hub), encoding="utf-8")

    with running_marimo(notebook, mode) as app:
        page.goto(app.url)
        expect(page.get_by_text("Login status: logged_out", exact=True)).to_be_visible(
            timeout=APP_LOAD_TIMEOUT_MS
        )
        expect(page.get_by_text("Log in above to see the graph.", exact=True)).to_be_visible()
        steps.shot("opened")

        everything = page.locator("body")
        LoginView(everything).log_in_as("alice")
        expect(page.get_by_text("Login status: logged_in", exact=True)).to_be_visible(
            timeout=LOGIN_TIMEOUT_MS
        )
        steps.shot("logged-in")

        plot = PlotOnPage(page, everything)
        url = plot.wait_src(viewer_prefix(hub))
        # The editor shows the code too, so the plot starts below the fold, and Chromium does not
        # render a cross-origin frame out of view (the pixel check would wait for it forever).
        plot.iframe.scroll_into_view_if_needed()
        plot.expect_drawn()
        expect(page.get_by_text("Plot status: ready", exact=True)).to_be_visible(
            timeout=PLOT_TIMEOUT_MS
        )
        # marimo does not say whether a kernel is behind a view: each view asked (ping), and
        # the kernel answered (pong), so none says "No kernel".
        expect(page.locator("[data-gj-kernel=asking], [data-gj-kernel=none]")).to_have_count(0)
        expect(page.locator("[data-gj-kernel=live]")).to_have_count(2)
        expect(page.locator(".gj-no-kernel:visible")).to_have_count(0)
        steps.shot("plotted")

    assert dataset_on(hub, url)["owner"] == "alice"
