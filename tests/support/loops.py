"""Running a test's event loop where ``asyncio.run`` can start one.

The browser tests' Playwright (its sync API) keeps an event loop running on the main thread for
the rest of the session, and ``asyncio.run`` refuses to start inside a running loop. A test's loop
therefore runs on a thread of its own, as a service's would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_loop(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)`` on a new thread; returns its result or raises its exception."""
    with ThreadPoolExecutor(1, thread_name_prefix="test-loop") as pool:
        return pool.submit(asyncio.run, main).result()
