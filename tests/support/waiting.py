"""Waiting on conditions with deadlines, never on fixed sleeps."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_tick = threading.Event()  # never set: its wait() is an interruptible pause between checks


def wait_for(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """Returns as soon as ``condition()`` is truthy; fails the test naming ``what`` after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    interval = 0.01
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        _tick.wait(interval)
        interval = min(interval * 1.5, 0.2)
