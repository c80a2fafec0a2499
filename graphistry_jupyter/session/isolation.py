"""Keeping our logins out of the kernel-global ``graphistry`` state.

pygraphistry 0.61.2's ``_finalize_login`` writes the login's organization into the *global*
``PyGraphistry.session`` even when the login belongs to a separate ``graphistry.client()``.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from graphistry.pygraphistry import PyGraphistry

# Guards only the bookkeeping below, never a network call: a login that hangs on its server must
# not hold up another account's login, logout or a new widget (the kernel never waits on it).
_bookkeeping = threading.Lock()
_active = 0  # guarded blocks under way, on any thread
_baseline: dict[str, object] = {}  # the global session's guarded fields before the first of them
_baseline_session: Any = None

# Fields of the global session that a client's login is known to write (protocol doc §5.5).
_GUARDED_FIELDS = ("org_name", "_last_switched_org_token")


def _guarded_fields(session: Any) -> dict[str, object]:
    return {name: getattr(session, name, None) for name in _GUARDED_FIELDS}


class global_session_untouched:  # lowercase, like contextlib.suppress: used as a function
    """Restores the global session's guarded fields if the enclosed login changed them:
    ``with global_session_untouched(): ...``.

    Blocks on any thread may overlap, and no lock is held while they run (a block wraps a
    network call). What they restore is the value the fields had before the *first* of the
    overlapping blocks began: a block that started while another's login had already leaked into
    the session must not take that leak for the user's value. Each block restores on leaving,
    so a leak lasts at most until its own login returns. A field no block changed is left alone;
    a global ``register()`` the user makes while a login is under way is undone only if it
    changed the very same field.

    A class rather than a ``@contextmanager`` generator: same behaviour, and mutation testing
    (docs/testing.md) reaches its code, which it skips under a decorator.
    """

    def __enter__(self) -> None:
        global _active, _baseline_session
        with _bookkeeping:
            if _active == 0:
                _baseline_session = PyGraphistry.session
                _baseline.clear()
                _baseline.update(_guarded_fields(_baseline_session))
            _active += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        global _active, _baseline_session
        with _bookkeeping:
            _active -= 1
            session = _baseline_session
            for name, value in _baseline.items():
                if getattr(session, name, None) != value:
                    setattr(session, name, value)
            if _active == 0:
                _baseline.clear()
                _baseline_session = None
