"""Single sign-on from the form in JupyterLab: "Continue with SSO" offers the hub's sign-in page,
which opens in a new tab; signing in there turns the widget logged in while no cell runs (the
kernel polls on a worker thread)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.hubs import USERS
from tests.support.lab import Lab, login_widget_code
from tests.support.widget_views import LOGIN_TIMEOUT_MS, LoginView, sign_in_on_hub_page

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]


def test_signing_in_on_the_hubs_page_in_a_new_tab_logs_the_widget_in_without_running_a_cell(
    lab: Lab,
) -> None:
    notebook = lab.open_notebook(
        [
            f"import graphistry_jupyter as gj\n{login_widget_code(lab.hub)}\nlogin",
            "print(login.status, login.username)",
        ]
    )
    form = LoginView(notebook.execute(0))

    form.choose_method("SSO")
    form.button("Continue with SSO").click()
    sign_in_link = form.area.get_by_role("link", name="Open the sign-in page")
    expect(sign_in_link).to_be_visible(timeout=LOGIN_TIMEOUT_MS)
    expect(sign_in_link).to_have_attribute("target", "_blank")
    lab.shot("sso-pending")
    counts_before = notebook.execution_counts()

    with lab.page.context.expect_page() as opened:
        sign_in_link.click()
    hub_tab = opened.value
    hub_tab.wait_for_load_state("domcontentloaded")
    assert hub_tab.url.startswith(f"{lab.hub.url}/sso/signin?state="), hub_tab.url
    sign_in_on_hub_page(hub_tab, "alice", USERS["alice"], submit="Sign in")
    expect(hub_tab.get_by_role("heading")).to_have_text("Signed in as alice")

    form.expect_logged_in("alice")
    lab.shot("logged-in")
    assert notebook.execution_counts() == counts_before, "a cell ran during the SSO login"

    # The kernel agrees once asked.
    expect(notebook.execute(1)).to_have_text("logged_in alice")
