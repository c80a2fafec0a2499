"""The kernel's live login widgets, in creation order, and who wants to hear about changes."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .login import LoginWidget

_lock = threading.Lock()
_live: list[weakref.ref[LoginWidget]] = []
_listeners: weakref.WeakSet[_Listener] = weakref.WeakSet()


class _Listener:
    """A callback kept alive by its owner (a switcher), not by this registry."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback


def add(widget: LoginWidget) -> None:
    with _lock:
        _live.append(weakref.ref(widget))
    _notify()


def remove(widget: LoginWidget) -> None:
    with _lock:
        _live[:] = [ref for ref in _live if ref() not in (None, widget)]
    _notify()


def live() -> list[LoginWidget]:
    """Every login widget not yet closed, oldest first."""
    with _lock:
        widgets = [ref() for ref in _live]
    return [w for w in widgets if w is not None]


def listen(callback: Callable[[], None]) -> _Listener:
    """Calls ``callback`` when a login widget is created or closed, while the handle lives."""
    handle = _Listener(callback)
    _listeners.add(handle)
    return handle


def _notify() -> None:
    for handle in list(_listeners):
        handle.callback()
