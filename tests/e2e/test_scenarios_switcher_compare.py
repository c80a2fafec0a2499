"""Two hubs standing for production and staging, in JupyterLab: the switcher moves a plot to the
other server when another account is chosen under "Account", and ``compare()`` shows the same
graph on both, side by side."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, Steps
from tests.support.widget_views import PlotView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

MakeNotebook = Callable[[Sequence[str]], str]

# Wide enough for two plot columns next to Lab's file browser.
WIDE_VIEWPORT: ViewportSize = {"width": 1600, "height": 900}


def two_accounts_cell(prod: LocalHub, staging: LocalHub) -> str:
    """alice on production and bob on staging, logged in from code; public plots, so the viewer
    shows without a browser session."""
    return (
        "import pandas as pd\nimport graphistry_jupyter as gj\n"
        f"prod = gj.LoginWidget(server={prod.server!r}, protocol='http', label='prod', "
        "privacy='public')\n"
        f"staging = gj.LoginWidget(server={staging.server!r}, protocol='http', label='staging', "
        "privacy='public')\n"
        "prod.login(username='alice', password='alice-pw')\n"
        "staging.login(username='bob', password='bob-pw')\n"
        "edges = pd.DataFrame({'src': ['a', 'b', 'c'], 'dst': ['b', 'c', 'a']})\n"
        "g = prod.client.edges(edges, 'src', 'dst')"
    )


def run_in_lab(page: Page, server: JupyterServer, name: str) -> NotebookPage:
    notebook = NotebookPage.open(page, server, name)
    notebook.run_all()
    notebook.wait_all_executed()
    return notebook


def test_choosing_the_other_account_moves_the_plot_to_the_other_server_and_owner(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
    staging_hub: LocalHub,
) -> None:
    cells = [
        two_accounts_cell(prod_hub, staging_hub),
        "gj.SwitcherWidget(g.name('moving'), accounts=[prod, staging], height=360)",
    ]
    notebook = run_in_lab(page, jupyter_server, make_notebook(cells))
    switcher = notebook.output(1)
    plot = PlotView(page, switcher)
    on_prod = plot.wait_src(viewer_prefix(prod_hub))
    assert dataset_on(prod_hub, on_prod)["owner"] == "alice"
    steps.shot("on-prod")

    account = switcher.get_by_label("Account", exact=True)
    account.select_option(label=f"staging (bob@{staging_hub.server})")

    on_staging = plot.wait_src(viewer_prefix(staging_hub))
    assert dataset_on(staging_hub, on_staging)["owner"] == "bob"
    expect(plot.framed.locator("header")).to_contain_text("by bob")
    expect(account.locator("option:checked")).to_have_text(f"staging (bob@{staging_hub.server})")
    steps.shot("on-staging")


def test_compare_shows_the_graph_on_each_hub_side_by_side(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
    staging_hub: LocalHub,
) -> None:
    page.set_viewport_size(WIDE_VIEWPORT)
    cells = [two_accounts_cell(prod_hub, staging_hub), "gj.compare(g.name('both'), prod, staging)"]
    notebook = run_in_lab(page, jupyter_server, make_notebook(cells))
    cells_shown = notebook.output(1).locator(".gj-compare-cell")
    expect(cells_shown).to_have_count(2)
    left, right = (PlotView(page, cells_shown.nth(i)) for i in range(2))

    on_prod = left.wait_src(viewer_prefix(prod_hub))
    on_staging = right.wait_src(viewer_prefix(staging_hub))
    steps.shot("side-by-side")
    assert dataset_on(prod_hub, on_prod)["owner"] == "alice"
    assert dataset_on(staging_hub, on_staging)["owner"] == "bob"

    left_box = left.iframe.bounding_box()
    right_box = right.iframe.bounding_box()
    assert left_box is not None
    assert right_box is not None
    assert left_box["x"] + left_box["width"] <= right_box["x"], (left_box, right_box)
    # Side by side, not stacked: the two frames overlap vertically.
    assert right_box["y"] < left_box["y"] + left_box["height"], (left_box, right_box)
    assert left_box["y"] < right_box["y"] + right_box["height"], (left_box, right_box)
