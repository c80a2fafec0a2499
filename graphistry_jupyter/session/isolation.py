"""Keeping our logins out of the kernel-global ``graphistry`` state.

pygraphistry 0.61.2's ``_finalize_login`` writes the login's organization into the *global*
``PyGraphistry.session`` even when the login belongs to a separate ``graphistry.client()``.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from graphistry.pygraphistry import PyGraphistry

_global_guard = threading.RLock()  # re-entered when a guarded login resets its session
_quiet = threading.local()

# Fields of the global session that a client's login is known to write (protocol doc §5.5).
_GUARDED_FIELDS = ("org_name", "_last_switched_org_token")


class global_session_untouched:  # lowercase, like contextlib.suppress: used as a function
    """Restores the global session's guarded fields if the enclosed login changed them:
    ``with global_session_untouched(): ...``.

    Logins are serialised on one lock so that two concurrent logins cannot each restore the other's
    leak. A field the block did not change is left alone, so a global ``register()`` made by the
    user at the same moment is not undone unless it raced on the very same field.

    A class rather than a ``@contextmanager`` generator: same behaviour, and mutation testing
    (docs/testing.md) reaches its code, which it skips under a decorator.
    """

    _session: Any
    _before: dict[str, object]

    def __enter__(self) -> None:
        _global_guard.acquire()
        self._session = PyGraphistry.session
        self._before = {name: getattr(self._session, name, None) for name in _GUARDED_FIELDS}

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            for name, value in self._before.items():
                if getattr(self._session, name, None) != value:
                    setattr(self._session, name, value)
        finally:
            _global_guard.release()
