"""Notebooks that survive (issue 19), as the views see it: a notebook saved with its widget state
and reopened without its kernel shows the views as saved, says "No kernel: run the cell to
reconnect." and offers nothing to click; a kernel stopped while the page stays open does the same;
focus follows the form through a login and a logout; and a login, private plot and logout log no
error of ours in the browser's console.

The session's Lab server saves widget state ("Save Widget State Automatically", conftest.py).
Screenshots stay under tests/e2e/artifacts/views-survive/ for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, expect

from tests.support.browser import ARTIFACTS_DIR
from tests.support.graphs import EDGES_CODE
from tests.support.hubs import viewer_prefix
from tests.support.lab import Lab, login_widget_code
from tests.support.notebook_page import NotebookPage, saved_widget_states
from tests.support.widget_views import PLOT_FRAME, LoginView, PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

SHOTS = ARTIFACTS_DIR / "views-survive"
NO_KERNEL = "No kernel: run the cell to reconnect."
# What is not ours: ipywidgets' own report of a view whose model is gone, and Chromium's software
# WebGL chatter.
NOT_OURS = re.compile(r"widget model not found|GL Driver Message|GPU stall due to ReadPixels")
# How long Lab may take to give up on a kernel shut down under it (retries, its sessions poll).
KERNEL_GONE_TIMEOUT_MS = 30_000
# Lab's theme names, as its theme command takes them.
LAB_THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


def shoot(page: Page, name: str) -> Path:
    """A screenshot kept for people to look at, whether the test passes or not."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), timeout=10_000)
    return path


def set_lab_theme(page: Page, theme: str) -> None:
    page.evaluate(
        "(name) => { void window.jupyterapp.commands.execute('apputils:change-theme', "
        "{theme: name}); }",
        LAB_THEMES[theme],
    )
    page.wait_for_function(
        "(light) => document.body.dataset.jpThemeLight === light",
        arg="true" if theme == "light" else "false",
    )
    # Lab covers the page with its splash while it swaps the theme's stylesheets.
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=10_000)


@pytest.fixture
def light_theme_after(lab: Lab) -> Iterator[None]:
    """Lab's theme is put back to light after the test (it is a setting of the session's server)."""
    yield
    if not lab.page.is_closed() and lab.page.evaluate("!!window.jupyterapp"):
        set_lab_theme(lab.page, "light")


@pytest.fixture
def errors(lab: Lab) -> list[str]:
    """Errors the page and its frames log or throw, but ipywidgets' and Chromium's own."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not NOT_OURS.search(message.text):
            found.append(f"{message.text} ({message.location.get('url', '')})")

    def on_error(error: Error) -> None:
        found.append(f"uncaught: {error.message}")

    lab.page.on("console", on_console)
    lab.page.on("pageerror", on_error)
    return found


def login_and_private_plot(lab: Lab, *, logged_in: bool) -> NotebookPage:
    """A login widget for prod (alice logged in from code, or a form to log in with) and a
    private plot of the test graph, which waits for the login."""
    user = "alice" if logged_in else None
    login = login_widget_code(lab.hub, user=user, privacy="private")
    return lab.open_notebook(
        [
            f"import pandas as pd\nimport graphistry_jupyter as gj\n{login}\n{EDGES_CODE}\nlogin",
            "login.plot(login.client.edges(edges, 'src', 'dst').name('triangle'), height=360)",
        ]
    )


def expect_no_kernel(login: Locator, plot: Locator, *, timeout_ms: float = 5_000) -> None:
    """Both views say there is no kernel and offer nothing: no live-looking session, no frame."""
    notice = login.get_by_role("status").filter(has_text=NO_KERNEL)
    expect(notice).to_be_visible(timeout=timeout_ms)
    expect(login.get_by_role("button", name="Log out", exact=True)).to_be_disabled()
    expect(login.locator(".gj-account")).to_contain_text("alice")
    expect(login).not_to_contain_text("expires in")
    expect(plot.get_by_role("status").filter(has_text=NO_KERNEL)).to_be_visible()
    expect(plot.get_by_role("button", name="Re-plot", exact=True)).to_be_hidden()
    expect(plot).not_to_contain_text("uploading")


def test_a_notebook_reopened_without_its_kernel_shows_the_saved_views_with_nothing_to_click(
    lab: Lab, light_theme_after: None
) -> None:
    lab.page.set_viewport_size({"width": 1400, "height": 1000})
    notebook = login_and_private_plot(lab, logged_in=True)
    notebook.execute_all()
    LoginView(notebook.output(0)).expect_logged_in("alice")
    view = PlotOnPage(lab.page, notebook.output(1))
    view.wait_src(viewer_prefix(lab.hub))
    view.expect_drawn()
    saved = notebook.save()
    states = [s for s in saved_widget_states(saved).values() if s.get("label") == "prod"]
    assert [s["status"] for s in states] == ["logged_in"], "widget state was not saved"

    # The kernel stops while the page stays open: the views notice once Lab does (its connection
    # retries first).
    lab.server.shutdown_kernels()
    expect_no_kernel(notebook.output(0), notebook.output(1), timeout_ms=KERNEL_GONE_TIMEOUT_MS)
    shoot(lab.page, "kernel-stopped-page-open-light-1400")

    # Reopened: Lab starts a new kernel, which has none of the saved widgets.
    reopened = NotebookPage.open(lab.page, lab.server, notebook.name, "lab")
    login, plot = reopened.output(0), reopened.output(1)
    expect_no_kernel(login, plot)
    # A private plot's frame could only ask to sign in: there is none.
    expect(plot.locator(PLOT_FRAME)).to_have_count(0)
    expect(plot).not_to_contain_text("This graph is private")
    expect(plot).to_contain_text("alice@")
    expect(plot.get_by_role("link", name="Open in new tab")).to_have_attribute(
        "href", re.compile("^" + re.escape(viewer_prefix(lab.hub)))
    )
    shoot(lab.page, "reopened-light-1400")
    set_lab_theme(lab.page, "dark")
    lab.page.set_viewport_size({"width": 700, "height": 1000})
    expect(login.get_by_role("status").filter(has_text=NO_KERNEL)).to_be_visible()
    shoot(lab.page, "reopened-dark-700")
    lab.page.set_viewport_size({"width": 1400, "height": 1000})

    # Running the cells again brings the views back to life. (The new kernel numbers its runs
    # from 1 again, as the saved ones are: the views, not the counts, say the cells ran.)
    reopened.run_all()
    LoginView(reopened.output(0)).expect_logged_in("alice")
    expect(reopened.output(0)).to_contain_text("expires in")
    PlotOnPage(lab.page, reopened.output(1)).wait_src(viewer_prefix(lab.hub))
    expect(reopened.output(0).get_by_role("status").filter(has_text=NO_KERNEL)).to_have_count(0)


def test_a_form_login_private_plot_and_logout_move_focus_and_log_no_errors_of_ours(
    lab: Lab, errors: list[str], light_theme_after: None
) -> None:
    lab.page.set_viewport_size({"width": 1400, "height": 1000})
    notebook = login_and_private_plot(lab, logged_in=False)
    notebook.execute_all()
    form = LoginView(notebook.output(0))

    form.log_in_as("alice")
    # Focus was on "Log in", which went away with the form: it is on the account card now.
    expect(notebook.output(0).locator(".gj-account")).to_be_focused()
    view = PlotOnPage(lab.page, notebook.output(1))
    view.wait_src(viewer_prefix(lab.hub))
    # A private plot: its frame waits for its grant (needs-grant mode), then draws.
    view.expect_drawn()

    form.button("Log out").click()
    expect(form.field("Username")).to_be_focused()
    # The plot waits for the next login; its frame is hidden (sigma must not mind: the viewer's
    # own test, test_viewer_browser.py, loads one in a hidden frame).
    expect(view.area).to_contain_text("Waiting for prod to log in")
    expect(view.iframe).to_be_hidden()
    shoot(lab.page, "logged-out-light-1400")
    assert errors == []
