"""Waiting on conditions with deadlines, never on fixed sleeps."""

from __future__ import annotations

import subprocess
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


def wait_for_server(
    ready: Callable[[], bool],
    process: subprocess.Popen[bytes],
    name: str,
    log_tail: Callable[[], str],
    timeout: float,
    error: type[Exception],
) -> None:
    """Returns once ``ready()`` (a server started as ``process`` answers); raises ``error`` with
    the tail of its log if the process exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise error(f"{name} exited with {process.returncode}\n{log_tail()}")
        if time.monotonic() > deadline:
            raise error(f"{name} not ready after {timeout:.0f} s\n{log_tail()}")
        _tick.wait(0.1)  # polling interval of a deadline-bounded readiness check
