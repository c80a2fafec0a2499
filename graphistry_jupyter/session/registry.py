"""The kernel's live accounts, in creation order, and which one a plottable belongs to.

Views (the switcher's account list, ``%load_ext`` display, ``accounts()``) read this; it never
refers to a view. Entries are weak: an account nobody holds any more drops out by itself.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

from .session_state import SessionState

if TYPE_CHECKING:
    from .account import Account

_lock = threading.Lock()
_live: list[weakref.ref[Account]] = []
_listeners: weakref.WeakSet[Listener] = weakref.WeakSet()


@runtime_checkable
class HasAccount(Protocol):
    """Anything that presents one account, such as a login widget."""

    @property
    def account(self) -> Account: ...


AccountLike: TypeAlias = "Account | HasAccount"
"""An account, or a login widget standing for it: accepted wherever an account is."""


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


def resolve(account: AccountLike | None, g: object = None) -> Account:
    """See :meth:`Account.of`."""
    if isinstance(account, SessionState):
        return account
    if isinstance(account, HasAccount) and isinstance(account.account, SessionState):
        return account.account
    if account is not None:
        raise TypeError(
            f"Expected a LoginWidget or an Account, not {type(account).__name__}: "
            "pass the login widget the plot should use."
        )
    bound = account_of(g)
    if bound is not None:
        return bound
    raise ValueError(
        "Which account should plot this? Pass account=<a LoginWidget>, or build the "
        "plottable from a login's client (login.client.edges(...))."
    )
