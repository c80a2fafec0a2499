"""Keeping our logins out of the kernel-global ``graphistry`` state, and secrets out of its logs.

pygraphistry 0.61.2's ``_finalize_login`` writes the login's organization into the *global*
``PyGraphistry.session`` even when the login belongs to a separate ``graphistry.client()``, and its
SSO code logs the token at DEBUG level and logs each "not ready" poll as an ERROR.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterator

from graphistry.pygraphistry import PyGraphistry

_global_guard = threading.RLock()  # re-entered when a guarded login resets its session
_quiet = threading.local()

# Fields of the global session that a client's login is known to write (protocol doc §5.5).
_GUARDED_FIELDS = ("org_name", "_last_switched_org_token")


@contextlib.contextmanager
def global_session_untouched() -> Iterator[None]:
    """Restores the global session's guarded fields if the enclosed login changed them.

    Logins are serialised on one lock so that two concurrent logins cannot each restore the other's
    leak. A field the block did not change is left alone, so a global ``register()`` made by the
    user at the same moment is not undone unless it raced on the very same field.
    """
    with _global_guard:
        session = PyGraphistry.session
        before = {name: getattr(session, name, None) for name in _GUARDED_FIELDS}
        try:
            yield
        finally:
            for name, value in before.items():
                if getattr(session, name, None) != value:
                    setattr(session, name, value)


_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


class _RedactTokens(logging.Filter):
    """Drops pygraphistry's per-poll SSO errors on our poller threads and masks JWTs everywhere."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(_quiet, "active", False) and record.levelno >= logging.ERROR:
            return False
        message = record.getMessage()
        if _JWT.search(message):
            record.msg = _JWT.sub("<token>", message)
            record.args = None
        return True


_filter = _RedactTokens()
_installed = False


def install_log_redaction() -> None:
    """Attaches the filter to pygraphistry's loggers (idempotent)."""
    global _installed
    if _installed:
        return
    # A logger's filters see only the records made on that logger, not its children's: attach the
    # filter to every pygraphistry logger that exists once the package is imported.
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] == "graphistry"]
    for name in {"graphistry", "graphistry.pygraphistry", "graphistry.arrow_uploader", *names}:
        logging.getLogger(name).addFilter(_filter)
    _installed = True


@contextlib.contextmanager
def quiet_sso_polling() -> Iterator[None]:
    """While polling SSO on this thread, pygraphistry's "not ready" ERROR records are expected."""
    _quiet.active = True
    try:
        yield
    finally:
        _quiet.active = False
