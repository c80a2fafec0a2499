"""Logging in through the form in JupyterLab, as a person does: typing into "Server", "Username"
and "Password" and pressing "Log in"; and a wrong password that leaves the form usable."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from playwright.sync_api import Page, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, Steps
from tests.support.widget_views import LOGIN_TIMEOUT_MS, LoginView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

MakeNotebook = Callable[[Sequence[str]], str]

REPORT_CELL = "print(login.status, login.username or '-', login.server, login.protocol)"


def open_and_show_form(
    page: Page, server: JupyterServer, make_notebook: MakeNotebook, widget_cell: str
) -> tuple[NotebookPage, LoginView]:
    notebook = NotebookPage.open(page, server, make_notebook([widget_cell, REPORT_CELL]))
    notebook.run_cell(0)
    notebook.wait_cell_executed(0)
    return notebook, LoginView(notebook.output(0))


def expect_kernel_reports(notebook: NotebookPage, text: str) -> None:
    notebook.run_cell(1)
    notebook.wait_cell_executed(1)
    expect(notebook.output(1)).to_have_text(text)


def test_typing_server_username_and_password_and_pressing_log_in_logs_the_kernel_in(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    # The widget starts on the default server: only what is typed into "Server" reaches the hub.
    notebook, form = open_and_show_form(
        page, jupyter_server, make_notebook, "import graphistry_jupyter as gj\n"
        "login = gj.LoginWidget(label='prod')\nlogin",
    )  # fmt: skip
    steps.shot("form")

    form.log_in_with_password("alice", "alice-pw", server=prod_hub.url)
    steps.shot("submitted")
    form.expect_logged_in("alice")
    steps.shot("logged-in")

    expect_kernel_reports(notebook, f"logged_in alice {prod_hub.server} http")
    logins = [(r.path, r.status, r.user) for r in prod_hub.requests if r.method == "POST"]
    assert ("/api-token-auth/", 200, "alice") in logins


def test_a_wrong_password_shows_the_error_in_the_form_and_a_correct_one_then_logs_in(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    prod_hub: LocalHub,
) -> None:
    notebook, form = open_and_show_form(
        page, jupyter_server, make_notebook, "import graphistry_jupyter as gj\n"
        f"login = gj.LoginWidget(server={prod_hub.server!r}, protocol='http', label='prod')\n"
        "login",
    )  # fmt: skip

    form.log_in_with_password("alice", "not-alices-password")
    expect(form.alert).to_contain_text("Wrong username or password", timeout=LOGIN_TIMEOUT_MS)
    steps.shot("error-shown")
    # Still a form: the typed password is gone, the username kept, every control usable.
    expect(form.field("Password")).to_have_value("")
    expect(form.field("Username")).to_have_value("alice")
    expect(form.button("Log in")).to_be_enabled()
    expect_kernel_reports(notebook, f"error - {prod_hub.server} http")

    form.log_in_with_password("alice", "alice-pw")
    form.expect_logged_in("alice")
    expect(form.alert).to_be_hidden()
    steps.shot("logged-in")
    expect_kernel_reports(notebook, f"logged_in alice {prod_hub.server} http")
