"""Secrets out of messages and logs.

:func:`scrub` masks a login's secrets in a sentence built from a server's reply. The log filter
scrubs every record of pygraphistry, ``requests`` and ``urllib3``.

pygraphistry logs server replies at ERROR (a server that echoes the request body echoes the
password), logs the SSO token at DEBUG, and logs each "not ready" SSO poll as an ERROR. Python
prints such records to stderr, which is the running cell's output and so the saved notebook. The
filter masks every JWT and every secret of a login in flight, in the message, its arguments and its
traceback, and keeps pygraphistry's own error records off our worker threads' stderr.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator

REDACTED = "•••"
"""What stands where a secret was."""

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_LOGGER_FAMILIES = ("graphistry", "requests", "urllib3")

_lock = threading.Lock()
_in_flight: list[tuple[str, ...]] = []
_quiet = threading.local()


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every non-empty secret replaced, for messages built from server replies."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def redact(text: str) -> str:
    """``text`` with JWTs and the secrets of logins in flight masked."""
    with _lock:
        secrets = [s for group in _in_flight for s in group]
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _JWT.sub("<token>", text)


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if (
            getattr(_quiet, "active", False)
            and record.levelno >= logging.ERROR
            and record.name.split(".")[0] == "graphistry"
        ):
            return False
        message = record.getMessage()
        scrubbed = redact(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and not record.exc_text:
            # Formatters print exc_text when it is set: format the traceback once, scrubbed.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_filter = _Redact()


def install_log_redaction() -> None:
    """Attaches the filter to every logger of those families that exists now (idempotent).

    A logger's filters see only the records made on that logger, not its children's, and
    libraries create loggers as their modules load: each login calls this again.
    """
    known = list(logging.root.manager.loggerDict)
    for name in {*_LOGGER_FAMILIES, *known}:
        if name.split(".")[0] in _LOGGER_FAMILIES:
            logger = logging.getLogger(name)
            if _filter not in logger.filters:
                logger.addFilter(_filter)


@contextlib.contextmanager
def secrets_in_flight(secrets: Iterable[str]) -> Iterator[None]:
    """While a login sends these secrets, no log record carries them."""
    group = tuple(s for s in secrets if s)
    install_log_redaction()
    with _lock:
        _in_flight.append(group)
    try:
        yield
    finally:
        with _lock:
            _in_flight.remove(group)


@contextlib.contextmanager
def quiet_library_errors() -> Iterator[None]:
    """On this worker thread, pygraphistry's ERROR records (each failed request, with its
    traceback; each "not ready" SSO poll) are not printed: the widget reports the failure in one
    sentence, and a worker thread's stderr lands in whichever cell happens to be running."""
    previous = getattr(_quiet, "active", False)
    _quiet.active = True
    try:
        yield
    finally:
        _quiet.active = previous
