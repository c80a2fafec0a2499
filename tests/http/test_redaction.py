"""Secrets out of messages and logs (http/redaction.py): ``scrub`` masks a login's secrets in a
sentence, and the log filter masks JWTs and the secrets of logins in flight in every record of
pygraphistry, requests and urllib3, and drops the expected SSO poll errors on the polling thread."""

from __future__ import annotations

import logging
import threading
import uuid

import pytest

from graphistry_jupyter.http import redaction as log_redaction
from graphistry_jupyter.http.redaction import (
    REDACTED,
    install_log_redaction,
    quiet_library_errors,
    redact,
    scrub,
    secrets_in_flight,
)

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


# ----------------------------------------------------------------------------------- scrub


def test_scrub_masks_every_non_empty_secret_and_ignores_empty_ones() -> None:
    text = "user alice password pw1 key k2 token pw1"
    assert scrub(text, ["pw1", "", None, "k2"]) == (
        f"user alice password {REDACTED} key {REDACTED} token {REDACTED}"
    )
    assert scrub("nothing here", []) == "nothing here"
    assert REDACTED == "•••"


def test_secrets_are_masked_longest_first_not_in_text_order() -> None:
    # "b" sorts after "abc" as text; masking it first would leave "a•••c" of the longer one.
    with secrets_in_flight(["b", "abc"]):
        assert redact("x abc y") == "x ••• y"
