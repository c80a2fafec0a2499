"""With widget-state saving on, a notebook saved after logging in through the forms holds the
widgets' state but none of the password, personal key secret or token that were typed.

The session's Lab server runs with the jupyterlab-manager setting ``saveState: true``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import SENTINEL_PASSWORD
from tests.support.lab import Lab, login_widget_code
from tests.support.notebook_page import saved_widget_states
from tests.support.widget_views import LoginView

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]


def saved_login_states(notebook: Any) -> list[dict[str, Any]]:
    """The saved state of every login widget model (the models with a ``label`` trait; traits
    left at their defaults may be left out)."""
    return [s for s in saved_widget_states(notebook).values() if "label" in s]


def test_saved_notebook_holds_widget_state_but_no_typed_password_key_secret_or_token(
    lab: Lab, sentinel_hub: LocalHub
) -> None:
    key_id, key_secret = sentinel_hub.create_personal_key("sam")
    token = sentinel_hub.issue_token("sam")
    sentinels = {"password": SENTINEL_PASSWORD, "key secret": key_secret, "token": token}
    cells = ["import graphistry_jupyter as gj"] + [
        f"{login_widget_code(sentinel_hub, name, label=name)}\n{name}"
        for name in ("pw", "key", "tok")
    ]
    notebook = lab.open_notebook(cells)
    notebook.execute_all()
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
    lab.shot("three-logged-in")

    saved = notebook.save()
    lab.shot("saved")
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
