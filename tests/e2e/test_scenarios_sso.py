"""Single sign-on from the form in JupyterLab: "Continue with SSO" offers the hub's sign-in page,
which opens in a new tab; signing in there turns the widget logged in while no cell runs (the
kernel polls on a worker thread)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, Steps
from tests.support.widget_views import LOGIN_TIMEOUT_MS, LoginView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

MakeNotebook = Callable[[Sequence[str]], str]


def test_signing_in_on_the_hubs_page_in_a_new_tab_logs_the_widget_in_without_running_a_cell(
    page: Page,
    browser_context: BrowserContext,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    cells = [
        "import graphistry_jupyter as gj\n"
        f"login = gj.LoginWidget(server={prod_hub.server!r}, protocol='http', label='prod')\n"
        "login",
        "print(login.status, login.username)",
    ]
    notebook = NotebookPage.open(page, jupyter_server, make_notebook(cells))
    notebook.run_cell(0)
    notebook.wait_cell_executed(0)
    form = LoginView(notebook.output(0))

    form.choose_method("SSO")
    form.button("Continue with SSO").click()
    sign_in_link = form.area.get_by_role("link", name="Open the sign-in page")
    expect(sign_in_link).to_be_visible(timeout=LOGIN_TIMEOUT_MS)
    expect(sign_in_link).to_have_attribute("target", "_blank")
    steps.shot("sso-pending")
    counts_before = notebook.execution_counts()

    with browser_context.expect_page() as opened:
        sign_in_link.click()
    hub_tab = opened.value
    hub_tab.wait_for_load_state("domcontentloaded")
    assert hub_tab.url.startswith(f"{prod_hub.url}/sso/signin?state="), hub_tab.url
    hub_tab.get_by_label("Username", exact=True).fill("alice")
    hub_tab.get_by_label("Password", exact=True).fill("alice-pw")
    hub_tab.get_by_role("button", name="Sign in", exact=True).click()
    expect(hub_tab.get_by_role("heading")).to_have_text("Signed in as alice")

    form.expect_logged_in("alice")
    steps.shot("logged-in")
    assert notebook.execution_counts() == counts_before, "a cell ran during the SSO login"

    # The kernel agrees once asked.
    notebook.run_cell(1)
    notebook.wait_cell_executed(1)
    expect(notebook.output(1)).to_have_text("logged_in alice")
