"""Logging in through the form in JupyterLab, as a person does: typing into "Server", "Username"
and "Password" and pressing "Log in"; and a wrong password that leaves the form usable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.hubs import requests_to
from tests.support.lab import Lab, login_widget_code
from tests.support.notebook_page import NotebookPage
from tests.support.widget_views import LOGIN_TIMEOUT_MS, LoginView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

REPORT_CELL = "print(login.status, login.username or '-', login.server, login.protocol)"


def open_and_show_form(lab: Lab, widget_cell: str) -> tuple[NotebookPage, LoginView]:
    notebook = lab.open_notebook([widget_cell, REPORT_CELL])
    return notebook, LoginView(notebook.execute(0))


def expect_kernel_reports(notebook: NotebookPage, text: str) -> None:
    expect(notebook.execute(1)).to_have_text(text)


def test_typing_server_username_and_password_and_pressing_log_in_logs_the_kernel_in(
    lab: Lab,
) -> None:
    # The widget starts on the default server: only what is typed into "Server" reaches the hub.
    notebook, form = open_and_show_form(
        lab, "import graphistry_jupyter as gj\nlogin = gj.LoginWidget(label='prod')\nlogin"
    )
    lab.shot("form")

    form.log_in_as("alice", server=lab.hub.url)
    lab.shot("logged-in")

    expect_kernel_reports(notebook, f"logged_in alice {lab.hub.server} http")
    logins = [(r.status, r.user) for r in requests_to(lab.hub, "/api-token-auth/", method="POST")]
    assert (200, "alice") in logins


def test_a_wrong_password_shows_the_error_in_the_form_and_a_correct_one_then_logs_in(
    lab: Lab,
) -> None:
    notebook, form = open_and_show_form(
        lab, f"import graphistry_jupyter as gj\n{login_widget_code(lab.hub)}\nlogin"
    )

    form.log_in_with_password("alice", "not-alices-password")
    expect(form.alert).to_contain_text("Wrong username or password", timeout=LOGIN_TIMEOUT_MS)
    lab.shot("error-shown")
    # Still a form: the typed password is gone, the username kept, every control usable.
    expect(form.field("Password")).to_have_value("")
    expect(form.field("Username")).to_have_value("alice")
    expect(form.button("Log in")).to_be_enabled()
    expect_kernel_reports(notebook, f"error - {lab.hub.server} http")

    form.log_in_as("alice")
    expect(form.alert).to_be_hidden()
    lab.shot("logged-in")
    expect_kernel_reports(notebook, f"logged_in alice {lab.hub.server} http")
