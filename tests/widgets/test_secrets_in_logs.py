"""A server that echoes what it was sent cannot put a secret into the cell's output: pygraphistry
logs the reply at ERROR, and every record of pygraphistry, requests and urllib3 is scrubbed of the
secrets of logins in flight (and of JWTs), at every level, as is the widget's error."""

from __future__ import annotations

import logging

import pytest

from graphistry_jupyter import LoginWidget
from tests.support.comm import send_login_form
from tests.support.echo_server import echo_server
from tests.support.waiting import wait_for

__all__ = ["echo_server"]  # the fixture, used by name

PASSWORD = "sentinel-echoed-password-41c7"
KEY_SECRET = "sentinel-echoed-key-secret-9d02"

FORMS = {
    "password": {"method": "password", "username": "alice", "password": PASSWORD},
    "personal key": {
        "method": "personal_key",
        "personal_key_id": "key-1",
        "personal_key_secret": KEY_SECRET,
    },
}


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_an_echoing_server_puts_no_secret_in_logs_stderr_or_the_error(
    echo_server: str,
    form: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    login = LoginWidget(server=echo_server, protocol="http", label="echo")

    send_login_form(login, **form)
    wait_for(lambda: login.status == "error", "the refused login")

    logged = "\n".join(
        caplog.handler.format(r) for r in caplog.records
    )  # formatted, tracebacks included
    assert "cannot accept" in logged or "cannot accept" in login.error, "the server did echo"
    output = capfd.readouterr()
    for secret in (PASSWORD, KEY_SECRET):
        assert secret not in logged
        assert secret not in output.out + output.err
        assert secret not in login.error
