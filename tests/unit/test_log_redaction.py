"""The log filter (log_redaction.py) masks JWTs and the secrets of logins in flight in every record
of pygraphistry, requests and urllib3, and drops the expected SSO poll errors on the polling
thread; the global session guard (isolation.py) puts back what a client's login wrote into the
kernel-global graphistry session."""

from __future__ import annotations

import logging
import threading
import uuid

import pytest
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter.http import redaction as log_redaction
from graphistry_jupyter.http.redaction import (
    REDACTED,
    install_log_redaction,
    quiet_library_errors,
    redact,
    secrets_in_flight,
)
from graphistry_jupyter.session.isolation import global_session_untouched

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1IjoiYSJ9.c2ln-_x"


def test_a_jwt_is_masked_wherever_it_stands() -> None:
    assert redact(f"jwt token :{JWT}") == "jwt token :<token>"
    assert redact(f"a {JWT}, b {JWT}") == "a <token>, b <token>"
    assert redact("eyJhbGciOiJIUzI1NiJ9.eyJ1IjoiYSJ9.") == "<token>", "an empty signature"
    assert redact("eyJ.only.dots eyJabc") == "eyJ.only.dots eyJabc", "not a JWT"


def test_secrets_are_masked_only_while_their_login_is_in_flight() -> None:
    with secrets_in_flight(["pw-1", "", "key-22"]):
        assert redact("pw-1 and key-22") == f"{REDACTED} and {REDACTED}"
        with secrets_in_flight(["other"]):
            assert redact("pw-1 other") == f"{REDACTED} {REDACTED}"
        assert redact("other") == "other"
    assert redact("pw-1 and key-22") == "pw-1 and key-22"
    assert log_redaction._in_flight == []


def test_the_longest_secret_is_masked_first() -> None:
    # "abc" inside "abcdef": masking the short one first would leave "def" showing.
    with secrets_in_flight(["abc", "abcdef"]):
        assert redact("x abcdef y") == f"x {REDACTED} y"


def test_a_login_that_fails_still_takes_its_secrets_out_of_flight() -> None:
    with pytest.raises(RuntimeError), secrets_in_flight(["pw-9"]):
        raise RuntimeError
    assert redact("pw-9") == "pw-9"


@pytest.fixture
def records(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    install_log_redaction()
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.parametrize(
    "name", ["graphistry", "graphistry.pygraphistry", "requests", "urllib3.connectionpool"]
)
def test_every_record_of_the_families_is_scrubbed(
    records: pytest.LogCaptureFixture, name: str
) -> None:
    logging.getLogger(name).debug("token %s for %s", JWT, "alice")
    (record,) = [r for r in records.records if r.name == name]
    assert record.getMessage() == "token <token> for alice"
    assert record.args is None


def test_a_record_without_secrets_keeps_its_arguments(records: pytest.LogCaptureFixture) -> None:
    logging.getLogger("graphistry.arrow_uploader").info("uploaded %d rows", 3)
    (record,) = records.records
    assert (record.msg, record.args) == ("uploaded %d rows", (3,))


def test_other_loggers_are_left_alone(records: pytest.LogCaptureFixture) -> None:
    logging.getLogger("graphistry_jupyter.elsewhere").debug("token %s", JWT)
    logging.getLogger("someone.else").debug("token %s", JWT)
    assert all(JWT in r.getMessage() for r in records.records)
    assert len(records.records) == 2


def test_a_logger_created_later_is_covered_at_the_next_install(
    records: pytest.LogCaptureFixture,
) -> None:
    name = f"graphistry.created_later_{uuid.uuid4().hex}"  # new even when run twice in a process
    assert name not in logging.root.manager.loggerDict
    logger = logging.getLogger(name)
    install_log_redaction()
    install_log_redaction()
    assert logger.filters.count(log_redaction._filter) == 1
    logger.debug(JWT)
    assert records.records[-1].getMessage() == "<token>"


def test_tracebacks_are_scrubbed(records: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("graphistry.pygraphistry")
    with secrets_in_flight(["pw-secret"]):
        try:
            raise ValueError(f"server echoed pw-secret and {JWT}")
        except ValueError:
            logger.exception("login failed")
    (record,) = records.records
    assert "pw-secret" not in record.exc_text
    assert JWT not in record.exc_text
    assert f"server echoed {REDACTED} and <token>" in record.exc_text
    assert "pw-secret" not in records.text


def test_an_already_formatted_traceback_is_scrubbed_too(records: pytest.LogCaptureFixture) -> None:
    record = logging.LogRecord("graphistry", logging.ERROR, __file__, 1, "failed", None, None)
    record.exc_text = f"Traceback: {JWT}"
    log_redaction._filter.filter(record)
    assert record.exc_text == "Traceback: <token>"


def test_library_errors_are_dropped_only_on_the_quiet_worker_thread(
    records: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("graphistry.pygraphistry")
    with quiet_library_errors():
        logger.error("SSO token not ready")
        logger.warning("still shown")
        thread = threading.Thread(target=lambda: logger.error("another thread"))
        thread.start()
        thread.join()
    logger.error("after polling")
    assert [r.getMessage() for r in records.records] == [
        "still shown",
        "another thread",
        "after polling",
    ]


# ------------------------------------------------------------------------------- isolation


def test_what_a_login_writes_into_the_global_session_is_put_back() -> None:
    session = PyGraphistry.session
    before = (session.org_name, getattr(session, "_last_switched_org_token", None))
    with global_session_untouched():
        session.org_name = "leaked-org"
        session._last_switched_org_token = "leaked-token"
    assert (session.org_name, getattr(session, "_last_switched_org_token", None)) == before


def test_the_global_session_is_put_back_when_the_login_fails() -> None:
    session = PyGraphistry.session
    before = session.org_name

    def failing_login() -> None:
        with global_session_untouched():
            session.org_name = "leaked-org"
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing_login()
    assert session.org_name == before


def test_fields_the_login_did_not_change_are_left_alone() -> None:
    session = PyGraphistry.session
    before = session.org_name
    changed_meanwhile = "set-by-the-user-meanwhile"
    try:
        with global_session_untouched():
            pass
        session.org_name = changed_meanwhile
        with global_session_untouched():
            session.api_token = session.api_token  # unrelated field, not guarded
        assert session.org_name == changed_meanwhile
    finally:
        session.org_name = before


def test_the_guard_is_reentrant_and_serialises_logins() -> None:
    from graphistry_jupyter.session import isolation

    tried: list[bool] = []

    def another_login() -> None:
        got = isolation._global_guard.acquire(blocking=False)
        tried.append(got)
        if got:
            isolation._global_guard.release()

    with global_session_untouched(), global_session_untouched():  # a reset inside a login
        thread = threading.Thread(target=another_login)
        thread.start()
        thread.join()
    assert tried == [False], "another thread's login waits for the one under way"
    another_login()
    assert tried == [False, True]
