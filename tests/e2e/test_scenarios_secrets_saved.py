"""With widget-state saving on, a notebook saved after logging in through the forms holds the
widgets' state but none of the password, personal key secret or token that were typed.

The session's Lab server runs with the jupyterlab-manager setting ``saveState: true``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from playwright.sync_api import Page

from graphistry_jupyter.hub import LocalHub
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, Steps
from tests.support.widget_views import LoginView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

MakeNotebook = Callable[[Sequence[str]], str]

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
SENTINEL_PASSWORD = "sentinel-password-5e1d7b"


@pytest.fixture(scope="module")
def sentinel_hub() -> Iterator[LocalHub]:
    """A hub whose only user's password is a sentinel no other test types."""
    with LocalHub(users={"sam": SENTINEL_PASSWORD}) as hub:
        yield hub


def saved_login_states(notebook: Any) -> list[dict[str, Any]]:
    """The saved state of every login widget model (the models with a ``label`` trait; traits
    left at their defaults may be left out)."""
    models = notebook.metadata["widgets"][WIDGET_STATE_MIME]["state"]
    return [m["state"] for m in models.values() if "label" in m["state"]]


def test_saved_notebook_holds_widget_state_but_no_typed_password_key_secret_or_token(
    page: Page,
    jupyter_server: JupyterServer,
    make_notebook: MakeNotebook,
    steps: Steps,
    sentinel_hub: LocalHub,
) -> None:
    key_id, key_secret = sentinel_hub.create_personal_key("sam")
    token = sentinel_hub.issue_token("sam")
    sentinels = {"password": SENTINEL_PASSWORD, "key secret": key_secret, "token": token}
    form_cell = (
        "{name} = gj.LoginWidget(server={server!r}, protocol='http', label={name!r})\n{name}"
    )
    cells = ["import graphistry_jupyter as gj"] + [
        form_cell.format(name=name, server=sentinel_hub.server) for name in ("pw", "key", "tok")
    ]
    notebook = NotebookPage.open(page, jupyter_server, make_notebook(cells))
    notebook.run_all()
    notebook.wait_all_executed()
    by_password, by_key, by_token = (LoginView(notebook.output(i)) for i in (1, 2, 3))

    by_password.log_in_with_password("sam", SENTINEL_PASSWORD)
    by_key.choose_method("Personal key")
    by_key.fill(Personal_key_ID=key_id, Personal_key_secret=key_secret)
    by_key.button("Log in").click()
    by_token.choose_method("Token")
    by_token.fill(Token=token)
    by_token.button("Log in").click()
    for form in (by_password, by_key, by_token):
        form.expect_logged_in("sam")
    steps.shot("three-logged-in")

    saved = notebook.save()
    steps.shot("saved")
    text = notebook.path.read_text(encoding="utf-8")

    # The check means something only if widget state was written, with the logins in it.
    states = saved_login_states(saved)
    assert sorted((s["label"], s["status"], s["username"]) for s in states) == [
        ("key", "logged_in", "sam"),
        ("pw", "logged_in", "sam"),
        ("tok", "logged_in", "sam"),
    ]
    assert sorted(s.get("method", "password") for s in states) == [
        "password",
        "personal_key",
        "token",
    ]
    for what, secret in sentinels.items():
        # Also as JSON would escape it, in case a writer escaped a character of it.
        for spelling in {secret, json.dumps(secret)[1:-1]}:
            assert spelling not in text, f"the {what} was saved into the notebook"
