"""Secrets out of messages and logs.

:func:`shown` is the one scrubbing of every error sentence a widget shows (its state, its comm
messages and so the saved notebook): a server's reply can echo what it was sent, the password of a
login or the session token in the ``Authorization`` header of an upload. The log filter scrubs
every record of pygraphistry, ``requests`` and ``urllib3``.

pygraphistry logs server replies at ERROR (a server that echoes the request body echoes the
password), logs the SSO token at DEBUG, and logs each "not ready" SSO poll as an ERROR. Python
prints such records to stderr, which is the running cell's output and so the saved notebook. The
filter masks every JWT and every secret of a login in flight, in the message, its arguments and its
traceback, and keeps pygraphistry's own error records off our worker threads' stderr.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

REDACTED = "•••"
"""What stands where a secret was."""

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_LOGGER_FAMILIES = ("graphistry", "requests", "urllib3")

_lock = threading.Lock()
_in_flight: list[tuple[str, ...]] = []
_quiet = threading.local()


MIN_SECRET_CHARS = 6
"""A secret this long or longer is masked wherever it stands. A shorter one is masked only where
it stands alone, not inside a word: masking every ``e`` of "Cannot reach" for the password ``e``
both garbles the sentence and spells the secret out by its gaps."""

# The value of an Authorization header a server echoed back, whatever the token looks like.
_AUTHORIZATION = re.compile(r"\b(Bearer|PersonalKey|Basic)\s+[A-Za-z0-9._~+/=:-]{8,}")


def _mask(text: str, secrets: Iterable[str | None]) -> str:
    # The longest first: a secret inside a longer one must not leave the rest of it showing.
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) >= MIN_SECRET_CHARS:
            text = text.replace(secret, REDACTED)
        else:
            text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", REDACTED, text)
    return text


def _secrets_in_flight() -> list[str]:
    with _lock:
        return [s for group in _in_flight for s in group]


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with the given secrets masked (see :data:`MIN_SECRET_CHARS`)."""
    return _mask(text, secrets)


def redact(text: str) -> str:
    """``text`` with JWTs and the secrets of logins in flight masked (for log records)."""
    return _JWT.sub("<token>", _mask(text, _secrets_in_flight()))


def shown(text: str, secrets: Iterable[str | None] = ()) -> str:
    """An error sentence as a widget may show it: ``secrets`` (a login's, an account's session
    token) and those of logins in flight masked, every JWT, and every echoed Authorization
    header's value. Every error trait a widget mirrors goes through it when set."""
    text = _mask(text, [*secrets, *_secrets_in_flight()])
    text = _AUTHORIZATION.sub(lambda found: f"{found.group(1)} {REDACTED}", text)
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


# pygraphistry's modules that print() to the person ("Login to site wide SSO" on each SSO start).
_PRINTING_MODULES = ("graphistry.arrow_uploader", "graphistry.pygraphistry")


def _library_print(*args: Any, **kwargs: Any) -> None:
    """pygraphistry's ``print``: dropped on a quiet worker thread (its stdout would land in
    whichever cell happens to be running), the builtin everywhere else."""
    if getattr(_quiet, "active", False) and kwargs.get("file") is None:
        return
    builtins.print(*args, **kwargs)


def _quiet_library_prints() -> None:
    """Gives pygraphistry's printing modules :func:`_library_print` as their ``print`` (a module
    global shadows the builtin for that module only; idempotent)."""
    for name in _PRINTING_MODULES:
        module = importlib.import_module(name)
        if getattr(module, "print", None) is not _library_print:
            module.print = _library_print  # type: ignore[attr-defined]


@contextlib.contextmanager
def quiet_library_errors() -> Iterator[None]:
    """On this worker thread, pygraphistry's ERROR records (each failed request, with its
    traceback; each "not ready" SSO poll) and its prints ("Login to site wide SSO") do not reach
    the output: the widget reports what happens in its own words, and a worker thread's output
    lands in whichever cell happens to be running."""
    _quiet_library_prints()
    previous = getattr(_quiet, "active", False)
    _quiet.active = True
    try:
        yield
    finally:
        _quiet.active = previous
