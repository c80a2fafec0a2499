"""The kernel's live accounts, in creation order, and which one a plottable belongs to.

Views (the switcher's account list, ``%load_ext`` display, ``accounts()``) read this; it never
refers to a view. Entries are weak: an account nobody holds any more drops out by itself.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .account import Account

_lock = threading.Lock()
_live: list[weakref.ref[Account]] = []
_listeners: weakref.WeakSet[Listener] = weakref.WeakSet()


class Listener:
    """A callback kept alive by its owner (a switcher), not by this registry."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback

    def stop(self) -> None:
        """No more calls, even while the owner still holds this handle."""
        _listeners.discard(self)


def add(account: Account) -> None:
    with _lock:
        _live.append(weakref.ref(account))
    _notify()


def remove(account: Account) -> None:
    with _lock:
        _live[:] = [ref for ref in _live if ref() not in (None, account)]
    _notify()


def live() -> list[Account]:
    """Every account not yet closed, oldest first."""
    with _lock:
        found = [ref() for ref in _live]
    return [a for a in found if a is not None]


def listen(callback: Callable[[], None]) -> Listener:
    """Calls ``callback`` when an account is created or closed, while the handle lives."""
    handle = Listener(callback)
    _listeners.add(handle)
    return handle


def _notify() -> None:
    for handle in list(_listeners):
        handle.callback()


def account_of(g: object) -> Account | None:
    """The live account whose client ``g`` is bound to, if any."""
    client = getattr(g, "_pygraphistry", None)
    return next((a for a in live() if a.client is client), None) if client is not None else None
