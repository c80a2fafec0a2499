"""Secrets typed into the form never leave the message that carried them.

Sentinel password, key secret and token go through the same custom-message path the view uses;
then every place a secret could leak to is searched: the widget state the front end saves into
a notebook, every comm message, the mimebundle and repr shown in output cells, the logs
(pygraphistry's included, at DEBUG), what the hub recorded and wrote to disk, and the errors
raised.
"""

from __future__ import annotations

import logging
import traceback

import pytest
from ipywidgets import Widget

from graphistry_jupyter import LocalHub, LoginError, LoginWidget
from tests.support.comm import CommLog, send_login_form
from tests.support.graphs import EDGES
from tests.support.hubs import SENTINEL_PASSWORD
from tests.support.waiting import wait_for

SENTINEL_WRONG_PASSWORD = "sentinel-wrong-password-2b8e1d"


def hub_files(hub: LocalHub) -> str:
    """Every byte the hub has written (SQLite, Arrow tables, anything else), as text."""
    files = [p for p in hub.data_dir.rglob("*") if p.is_file()]
    assert files, "the hub wrote its database and tables"
    return "\n".join(p.read_bytes().decode("latin-1") for p in files)


def everything_observable(widgets: list[LoginWidget], comm_log: CommLog, hub: LocalHub) -> str:
    parts = [comm_log.as_text(), repr(hub.requests), repr(hub), hub_files(hub)]
    parts.append(repr(Widget.get_manager_state(drop_defaults=False)))
    for widget in widgets:
        parts += [repr(widget), repr(widget._repr_mimebundle_()), repr(widget.get_state())]
        parts += [repr(widget.account), repr(widget.account.trait_values())]
    return "\n".join(parts)


def test_no_secret_reaches_state_messages_reprs_logs_hub_records_or_errors(
    sentinel_hub: LocalHub, comm_log: CommLog, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    key_id, key_secret = sentinel_hub.create_personal_key("sam")
    token = sentinel_hub.issue_token("sam")
    server = sentinel_hub.server
    by_password = LoginWidget(server=server, protocol="http", label="pw", org="acme")
    send_login_form(by_password, method="password", username="sam", password=SENTINEL_PASSWORD)
    by_key = LoginWidget(server=server, protocol="http", label="key")
    send_login_form(
        by_key, method="personal_key", personal_key_id=key_id, personal_key_secret=key_secret
    )
    by_token = LoginWidget(server=server, protocol="http", label="token")
    send_login_form(by_token, method="token", token=token)
    widgets = [by_password, by_key, by_token]
    wait_for(lambda: all(w.status == "logged_in" for w in widgets), "the three logins")

    # A plot exercises the upload path's logging too.
    by_password.plot(by_password.client.edges(EDGES, "src", "dst")).wait(30)

    wrong = LoginWidget(server=server, protocol="http", label="wrong")
    with pytest.raises(LoginError) as raised:
        wrong.login(username="sam", password=SENTINEL_WRONG_PASSWORD)
    error_text = "".join(traceback.format_exception(raised.value)) + repr(raised.value)
    send_login_form(wrong, method="password", username="sam", password=SENTINEL_WRONG_PASSWORD)
    wait_for(lambda: wrong.status == "error", "the wrong password to be reported")
    widgets.append(wrong)

    observable = everything_observable(widgets, comm_log, sentinel_hub)
    logs = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    assert comm_log.messages, "the comm log recorded the widgets' traffic"
    assert caplog.records, "pygraphistry and urllib3 logged at DEBUG"
    for name, secret in [
        ("password", SENTINEL_PASSWORD),
        ("wrong password", SENTINEL_WRONG_PASSWORD),
        ("key secret", key_secret),
        ("token", token),
    ]:
        assert secret not in observable, f"the {name} leaked into widget state or a repr"
        assert secret not in logs, f"the {name} leaked into the logs"
        assert secret not in error_text, f"the {name} leaked into an error"


def test_the_password_is_not_kept_by_the_client_after_login(sentinel_hub: LocalHub) -> None:
    widget = LoginWidget(server=sentinel_hub.server, protocol="http", label="pw")
    widget.login(username="sam", password=SENTINEL_PASSWORD)
    closure_cells = [
        cell.cell_contents
        for value in vars(widget.client).values()
        if callable(value) and getattr(value, "__closure__", None)
        for cell in value.__closure__
    ]
    assert SENTINEL_PASSWORD not in map(str, closure_cells)
    assert SENTINEL_PASSWORD not in repr(vars(widget.client.session))
