"""Two hubs standing for production and staging, in JupyterLab: the switcher moves a plot to the
other server when another account is chosen under "Account", and ``compare()`` shows the same
graph on both, side by side."""

from __future__ import annotations

import pytest
from playwright.sync_api import ViewportSize, expect

from tests.support.hubs import dataset_on, viewer_prefix
from tests.support.lab import Lab, two_logins_code
from tests.support.notebook_page import NotebookPage
from tests.support.widget_views import PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

# Wide enough for two plot columns next to Lab's file browser.
WIDE_VIEWPORT: ViewportSize = {"width": 1600, "height": 900}


def run_with_two_accounts(lab: Lab, show: str) -> NotebookPage:
    """alice on production and bob on staging, logged in from code, then ``show`` (code using
    ``g``, the graph, and the logins ``prod`` and ``staging``), every cell run. Plots are public,
    so the viewer shows without a browser session."""
    notebook = lab.open_notebook([two_logins_code(lab, privacy="public"), show])
    notebook.execute_all()
    return notebook


def test_choosing_the_other_account_moves_the_plot_to_the_other_server_and_owner(
    lab: Lab,
) -> None:
    notebook = run_with_two_accounts(
        lab, "gj.SwitcherWidget(g.name('moving'), accounts=[prod, staging], height=360)"
    )
    switcher = notebook.output(1)
    plot = PlotOnPage(lab.page, switcher)
    on_prod = plot.wait_src(viewer_prefix(lab.hub))
    assert dataset_on(lab.hub, on_prod)["owner"] == "alice"
    lab.shot("on-prod")

    account = switcher.get_by_label("Account", exact=True)
    account.select_option(label=f"staging (bob@{lab.staging_hub.server})")

    on_staging = plot.wait_src(viewer_prefix(lab.staging_hub))
    assert dataset_on(lab.staging_hub, on_staging)["owner"] == "bob"
    expect(plot.framed.locator("header")).to_contain_text("by bob")
    expect(account.locator("option:checked")).to_have_text(
        f"staging (bob@{lab.staging_hub.server})"
    )
    lab.shot("on-staging")


def test_compare_shows_the_graph_on_each_hub_side_by_side(lab: Lab) -> None:
    lab.page.set_viewport_size(WIDE_VIEWPORT)
    notebook = run_with_two_accounts(lab, "gj.compare(g.name('both'), prod, staging)")
    cells_shown = notebook.output(1).locator(".gj-compare-cell")
    expect(cells_shown).to_have_count(2)
    left, right = (PlotOnPage(lab.page, cells_shown.nth(i)) for i in range(2))

    on_prod = left.wait_src(viewer_prefix(lab.hub))
    on_staging = right.wait_src(viewer_prefix(lab.staging_hub))
    lab.shot("side-by-side")
    assert dataset_on(lab.hub, on_prod)["owner"] == "alice"
    assert dataset_on(lab.staging_hub, on_staging)["owner"] == "bob"

    left_box = left.iframe.bounding_box()
    right_box = right.iframe.bounding_box()
    assert left_box is not None
    assert right_box is not None
    assert left_box["x"] + left_box["width"] <= right_box["x"], (left_box, right_box)
    # Side by side, not stacked: the two frames overlap vertically.
    assert right_box["y"] < left_box["y"] + left_box["height"], (left_box, right_box)
    assert left_box["y"] < right_box["y"] + right_box["height"], (left_box, right_box)
