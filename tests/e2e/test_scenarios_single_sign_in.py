"""One sign-in: a private plot (the default) made through a login widget draws in its frame with
no second sign-in, in every place a plot shows: the quickstart's form login, the switcher after
each move, every pane of compare(), "Open in new tab", Notebook 7 and Voila, and when the
notebook and the hub are different sites. The browser holds no cookie of the hub afterwards, and
the saved notebook holds no JWT-shaped string.

Every frame of the page records each ``data-state`` its viewer goes through (an init script runs
in all frames), so "no sign-in page ever appeared" is checked, not assumed."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.e2e.conftest import NOT_LOCAL
from tests.support.browser import launch_chromium
from tests.support.graphs import EDGES_CODE
from tests.support.hubs import dataset_on, requests_to, viewer_prefix
from tests.support.lab import Lab, login_widget_code, two_logins_code
from tests.support.notebook_page import NotebookPage
from tests.support.widget_views import DRAWN_TIMEOUT_MS, LoginView, PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# Chromium's switch that turns on its third-party cookie blocking (its "phase-out" test mode).
BLOCK_THIRD_PARTY_COOKIES = "--test-third-party-cookie-phaseout"
WIDE_VIEWPORT: ViewportSize = {"width": 1600, "height": 900}

# Runs in every frame before its scripts: remembers each data-state the viewer's body takes.
RECORD_VIEWER_STATES = """
(() => {
  const seen = [];
  window.__gjStates = seen;
  const note = () => {
    const state = document.body && document.body.dataset.state;
    if (state && seen[seen.length - 1] !== state) seen.push(state);
  };
  new MutationObserver(note).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"],
  });
})();
"""


def record_viewer_states(page: Page) -> None:
    page.context.add_init_script(RECORD_VIEWER_STATES)  # new tabs too


def expect_drawn_without_sign_in(view: PlotOnPage) -> None:
    """The frame drew the graph, and its viewer never showed the sign-in page on the way."""
    view.expect_drawn()
    states = view.frame().evaluate("window.__gjStates")
    assert "signin" not in states, f"the frame asked to sign in: {states}"
    expect(view.framed.get_by_role("heading", name="Log in to view this graph")).to_have_count(0)


def expect_no_hub_cookie(lab: Lab) -> None:
    """Nothing about the frame's access rests on a cookie of the hubs: the browser has none.

    (Cookies ignore ports, so Jupyter's own cookies for 127.0.0.1 are there too; the hubs'
    session cookies are the ones named gj_hub_*.)"""
    cookies = lab.page.context.cookies([lab.hub.url, lab.staging_hub.url])
    assert [c["name"] for c in cookies if c["name"].startswith("gj_hub_")] == []


def quickstart(lab: Lab) -> tuple[NotebookPage, PlotOnPage]:
    """The quickstart's flow: a login form (privacy left to the server: private), a person logs
    in through it, then a cell plots."""
    notebook = lab.open_notebook(
        [
            "import pandas as pd\nimport graphistry_jupyter as gj\n"
            f"{login_widget_code(lab.hub)}\nlogin",
            f"{EDGES_CODE}\nlogin.plot(login.client.edges(edges, 'src', 'dst'), height=420)",
        ]
    )
    notebook.run_cell(0)
    notebook.wait_cell_executed(0)
    LoginView(notebook.output(0)).log_in_as("alice")
    lab.shot("logged-in")
    notebook.run_cell(1)
    notebook.wait_cell_executed(1)
    return notebook, PlotOnPage(lab.page, notebook.output(1))


def test_one_form_login_draws_a_private_plot_in_its_frame_and_saves_no_token(lab: Lab) -> None:
    record_viewer_states(lab.page)
    notebook, view = quickstart(lab)

    url = view.wait_src(viewer_prefix(lab.hub))
    assert dataset_on(lab.hub, url)["privacy"] == "private"
    expect_drawn_without_sign_in(view)
    expect(view.framed.locator("header")).to_contain_text("alice")
    lab.shot("drawn")
    expect_no_hub_cookie(lab)

    saved = json.dumps(notebook.save())
    assert JWT.findall(saved) == [], "a token reached the saved notebook"


def test_open_in_new_tab_opens_a_drawn_graph_and_strips_the_grant(lab: Lab) -> None:
    record_viewer_states(lab.page)
    _, view = quickstart(lab)
    url = view.wait_src(viewer_prefix(lab.hub))
    expect_drawn_without_sign_in(view)

    with lab.page.context.expect_page() as opened:
        view.area.get_by_role("link", name="Open in new tab").click()
    tab = opened.value
    tab.locator("body[data-state=drawn]").wait_for(state="attached", timeout=DRAWN_TIMEOUT_MS)
    assert "signin" not in tab.evaluate("window.__gjStates")
    assert tab.url == url, "the grant fragment was stripped from the address"
    expect(tab.locator("header")).to_contain_text("alice")


def test_the_switcher_draws_each_move_without_a_frame_sign_in(lab: Lab) -> None:
    record_viewer_states(lab.page)
    notebook = lab.open_notebook(
        [two_logins_code(lab), "gj.SwitcherWidget(g, accounts=[prod, staging], height=360)"]
    )
    notebook.execute_all()
    switcher = notebook.output(1)
    view = PlotOnPage(lab.page, switcher)
    account = switcher.get_by_label("Account", exact=True)

    for hub, option in [
        (lab.hub, None),
        (lab.staging_hub, f"staging (bob@{lab.staging_hub.server})"),
        (lab.hub, f"prod (alice@{lab.hub.server})"),
    ]:
        if option is not None:
            account.select_option(label=option)
        url = view.wait_src(viewer_prefix(hub))
        assert dataset_on(hub, url)["privacy"] == "private"
        expect_drawn_without_sign_in(view)
        lab.shot(f"on-{hub.server.replace(':', '-')}")
    expect_no_hub_cookie(lab)


def test_compare_draws_both_private_panes_without_a_sign_in(lab: Lab) -> None:
    lab.page.set_viewport_size(WIDE_VIEWPORT)
    record_viewer_states(lab.page)
    notebook = lab.open_notebook([two_logins_code(lab), "gj.compare(g, prod, staging, height=360)"])
    notebook.execute_all()
    panes = notebook.output(1).locator(".gj-compare-cell")
    expect(panes).to_have_count(2)
    for index, hub in enumerate((lab.hub, lab.staging_hub)):
        view = PlotOnPage(lab.page, panes.nth(index))
        view.wait_src(viewer_prefix(hub))
        expect_drawn_without_sign_in(view)
    lab.shot("both-drawn")
    expect_no_hub_cookie(lab)


def test_with_third_party_cookies_blocked_and_another_site_one_sign_in_is_enough(
    lab: Lab, browser: Browser
) -> None:
    # Lab on "localhost", the hub on "127.0.0.1": different sites, in a Chromium that blocks
    # third-party cookies (as browsers are moving to): a hub cookie could not help the frame.
    strict = launch_chromium(browser.browser_type, extra_args=[BLOCK_THIRD_PARTY_COOKIES])
    try:
        page = strict.new_context(viewport={"width": 1100, "height": 750}).new_page()
        page.route(NOT_LOCAL, lambda route: route.abort())
        elsewhere = dataclasses.replace(
            lab.server, base_url=lab.server.base_url.replace("127.0.0.1", "localhost")
        )
        lab = dataclasses.replace(lab, page=page, server=elsewhere)
        record_viewer_states(page)
        _, view = quickstart(lab)
        view.wait_src(viewer_prefix(lab.hub))
        expect_drawn_without_sign_in(view)
        expect_no_hub_cookie(lab)
    finally:
        strict.close()


def test_a_reloaded_notebook_page_gets_a_fresh_grant_from_the_live_kernel(lab: Lab) -> None:
    record_viewer_states(lab.page)
    notebook, view = quickstart(lab)
    view.wait_src(viewer_prefix(lab.hub))
    expect_drawn_without_sign_in(view)
    asked = len(requests_to(lab.hub, "/api/v2/datasets/*", method="POST"))
    notebook.save()  # the output that shows the widget, so the reloaded page renders it again

    lab.page.reload()
    view = PlotOnPage(lab.page, lab.page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea"))
    view.wait_src(viewer_prefix(lab.hub))
    expect_drawn_without_sign_in(view)
    assert len(requests_to(lab.hub, "/api/v2/datasets/*", method="POST")) > asked, (
        "the re-rendered view asked the kernel, which asked the hub, for a new grant"
    )


def test_a_browser_address_other_than_the_api_s_draws_in_the_frame(lab: Lab) -> None:
    # The kernel calls the hub at 127.0.0.1; browsers are sent to "localhost", as a deployment
    # sends them to https://graphs.example.com while the kernel calls http://nginx.
    browser_address = f"http://localhost:{lab.hub.server.rsplit(':', 1)[1]}"
    record_viewer_states(lab.page)
    login = login_widget_code(lab.hub, user="alice", client_protocol_hostname=browser_address)
    notebook = lab.open_notebook(
        [
            f"import pandas as pd\nimport graphistry_jupyter as gj\n{login}\n{EDGES_CODE}",
            "login.plot(login.client.edges(edges, 'src', 'dst'), height=420)",
        ]
    )
    notebook.execute_all()
    view = PlotOnPage(lab.page, notebook.output(1))
    view.wait_src(f"{browser_address}/graph/graph.html?dataset=")
    expect_drawn_without_sign_in(view)
    lab.shot("drawn-at-browser-address")


@pytest.mark.parametrize("ui", ["notebook", "voila"])
def test_notebook_7_and_voila_draw_a_private_plot_without_a_sign_in(lab: Lab, ui: str) -> None:
    record_viewer_states(lab.page)
    cells = [
        "import pandas as pd\nimport graphistry_jupyter as gj\n"
        f"{login_widget_code(lab.hub, user='alice')}\n{EDGES_CODE}",
        "login.plot(login.client.edges(edges, 'src', 'dst'), height=420)",
    ]
    if ui == "voila":
        area = lab.open_voila(cells).outputs
    else:
        notebook = lab.open_notebook(cells, ui="notebook")
        notebook.execute_all()
        area = notebook.output(1)
    view = PlotOnPage(lab.page, area)
    view.wait_src(viewer_prefix(lab.hub))
    expect_drawn_without_sign_in(view)
    lab.shot("drawn")
