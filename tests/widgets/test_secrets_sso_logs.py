"""Single sign-on puts no token into the logs or the cell's output.

SSO is where pygraphistry logs a session token: ``sso_get_token`` logs ``"jwt token :<JWT>"`` at
DEBUG on ``graphistry.pygraphistry``. With every logger at DEBUG and the process's stdout and
stderr captured, an SSO login started from the form must leave no JWT-shaped string and no token
of the account in any formatted record (tracebacks included) or any output. The second test
logs on pygraphistry's, requests' and urllib3's own loggers directly, so the filter is checked on
each family whatever the client happens to log in a given version.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from graphistry_jupyter import LocalHub, LoginWidget
from tests.support.comm import send_login_form
from tests.support.waiting import wait_for

JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")

# A syntactically real JWT (header {"alg":"HS256","typ":"JWT"}) that no server issued.
FAKE_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJ1c2VybmFtZSI6InNlbnRpbmVsIn0"
    ".c2VudGluZWwtc2lnbmF0dXJlLWE0ZjI"
)


@pytest.fixture(scope="module")
def sso_hub() -> Iterator[LocalHub]:
    """A hub that approves every SSO login as alice at once: the first poll gets the token."""
    with LocalHub(users={"alice": "alice-pw"}, sso_auto_approve="alice") as hub:
        yield hub


def every_logger_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    """The root and every logger that exists now at DEBUG (restored by caplog after the test)."""
    caplog.set_level(logging.DEBUG)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            caplog.set_level(logging.DEBUG, logger=name)


def formatted(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every captured record as a handler prints it: message, arguments and traceback."""
    return [caplog.handler.format(record) for record in caplog.records]


def test_an_sso_login_from_the_form_logs_no_token(
    sso_hub: LocalHub, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    every_logger_at_debug(caplog)
    login = LoginWidget(server=sso_hub.server, protocol=sso_hub.protocol, label="sso")
    send_login_form(login, method="sso")
    wait_for(lambda: login.status == "logged_in", "the auto-approved SSO login", timeout=15)
    assert login.username == "alice"
    token = str(login.client.api_token())
    assert JWT_SHAPED.fullmatch(token), "the hub issues JWTs: the check below can see them"

    records = formatted(caplog)
    # The path that logs the token did run: pygraphistry logged it, masked.
    token_lines = [r for r in records if "jwt token :" in r]
    assert token_lines, "pygraphistry logged the SSO token at DEBUG (the path under test)"
    assert all("<token>" in line for line in token_lines)
    output = capfd.readouterr()
    for where, text in [*(("a log record", r) for r in records), ("stdout", output.out)]:
        assert not JWT_SHAPED.search(text), f"a JWT in {where}: {text[:300]}"
        assert token not in text, f"the account's token in {where}"
    assert not JWT_SHAPED.search(output.err), "a JWT on stderr (the cell's output)"
    assert token not in output.err


@pytest.mark.parametrize(
    "logger_name",
    [
        "graphistry.pygraphistry",
        "graphistry.arrow_uploader",
        "graphistry",
        "requests",
        "urllib3.connectionpool",
    ],
)
def test_records_on_the_clients_own_loggers_are_scrubbed(
    sso_hub: LocalHub, logger_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    # An account, as any login widget makes one, is what installs the filter.
    LoginWidget(server=sso_hub.server, protocol=sso_hub.protocol, label="filter")
    every_logger_at_debug(caplog)
    logger = logging.getLogger(logger_name)

    logger.debug("jwt token :{}".format(FAKE_JWT))  # noqa: UP032 - pygraphistry's own wording
    logger.debug("@ArrowUploader.sso_login, json_response: %s", {"data": {"token": FAKE_JWT}})
    logger.error("refused", exc_info=ValueError(f"server said Bearer {FAKE_JWT}"))
    try:
        raise RuntimeError(f"token {FAKE_JWT} expired")
    except RuntimeError:
        logger.exception("while refreshing")

    texts = [caplog.handler.format(r) for r in caplog.records if r.name == logger_name]
    assert len(texts) == 4
    for text in texts:
        assert FAKE_JWT not in text
        assert not JWT_SHAPED.search(text), text
        assert "<token>" in text


def test_pygraphistrys_sso_prints_stay_off_the_running_cell(
    sso_hub: LocalHub, capfd: pytest.CaptureFixture[str]
) -> None:
    """pygraphistry prints "Login to site wide SSO" when a flow starts; from our worker thread
    that line would land in whichever cell runs. The user's own prints still appear."""
    login = LoginWidget(server=sso_hub.server, protocol=sso_hub.protocol, label="sso-print")
    send_login_form(login, method="sso")
    wait_for(lambda: login.status == "logged_in", "the auto-approved SSO login", timeout=15)
    print("the user's own line")  # the kernel thread's print is untouched

    output = capfd.readouterr()
    assert "SSO" not in output.out + output.err
    assert "the user's own line" in output.out
