"""Keeping our logins out of the kernel-global ``graphistry`` state.

pygraphistry 0.61.2's ``_finalize_login`` writes the login's organization into the *global*
``PyGraphistry.session`` even when the login belongs to a separate ``graphistry.client()``.
"""

from __future__ import annotations

import contextlib
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
