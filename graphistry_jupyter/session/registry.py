"""The kernel's live logins, in creation order: each live account and, weakly, the view that
presents it (its login form); and which account a plottable belongs to.

One registry for both: the switcher's account list and ``%load_ext`` read the accounts,
``logins()`` the forms presenting them. It knows nothing of either's class (callers name the
class they want), so the account, which adds itself, and the views import it without a cycle.
Entries are weak: an account nobody holds any more drops out by itself, and a view presenting one
is listed only while it lives.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .account import Account

Presenter = TypeVar("Presenter")


@dataclass
class _Entry:
    account: weakref.ref[Account]
    presenter: weakref.ref[object] | None = None


_lock = threading.Lock()
_live: list[_Entry] = []
_listeners: weakref.WeakSet[Listener] = weakref.WeakSet()


class Listener:
    """A callback kept alive by its owner (a switcher), not by this registry."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback

    def stop(self) -> None:
        """No more calls, even while the owner still holds this handle."""
        _listeners.discard(self)


def add(account: Account) -> None:
    """``account`` is live (it adds itself as it is made)."""
    with _lock:
        _live.append(_Entry(weakref.ref(account)))
    _notify()


def present(account: Account, presenter: object) -> None:
    """``presenter`` (a login form) shows ``account``: :func:`presenters` lists it while both
    live."""
    with _lock:
        for entry in _live:
            if entry.account() is account:
                entry.presenter = weakref.ref(presenter)


def remove(account: Account) -> None:
    """``account`` was closed (with its login form): it is no longer live."""
    with _lock:
        _live[:] = [e for e in _live if e.account() not in (None, account)]
    _notify()


def live() -> list[Account]:
    """Every account not yet closed, oldest first."""
    with _lock:
        found = [entry.account() for entry in _live]
    return [a for a in found if a is not None]


def presenters(kind: type[Presenter]) -> list[Presenter]:
    """The live views of class ``kind`` presenting live accounts, in the accounts' order."""
    with _lock:
        found = [
            entry.presenter()
            for entry in _live
            if entry.presenter is not None and entry.account() is not None
        ]
    return [p for p in found if isinstance(p, kind)]


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
