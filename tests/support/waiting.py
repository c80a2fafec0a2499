"""Waiting on conditions with deadlines, never on fixed sleeps."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable

from tests.support.loops import run_loop

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


def cancel_once_started(
    awaited: Callable[[], Awaitable[object]], started: Callable[[], object], what: str
) -> None:
    """Runs ``awaited()`` as a task of a fresh event loop, cancels the task as soon as
    ``started()`` is truthy (the work reached the server, say), and checks that the task ended
    cancelled; fails naming ``what`` if it was not started within 30 s."""

    async def cancel() -> None:
        task = asyncio.ensure_future(awaited())
        # One turn of the loop: the task runs up to its await, so that it awaits the work when
        # cancelled (a task cancelled before it ever ran has awaited nothing).
        await asyncio.sleep(0)
        while not started():
            await asyncio.sleep(0.01)  # a check of the condition, in the loop being tested
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return
        raise AssertionError(f"{what} ended without being cancelled")

    try:
        run_loop(asyncio.wait_for(cancel(), 30))
    except asyncio.TimeoutError:
        raise AssertionError(f"timed out after 30 s waiting for {what} to start") from None
