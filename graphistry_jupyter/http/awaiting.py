"""Work on a worker thread that both a thread and an event loop can wait for.

Logins and uploads run on worker threads (the kernel never blocks on the network). A caller on a
thread waits with ``.result()``; a caller in an event loop (a notebook's top-level ``await``, a
web service under ``asyncio.run``) awaits the same object. Awaiting never runs a loop inside a
loop (no ``nest_asyncio``): the worker hands its result to the awaiting loop with
``call_soon_threadsafe``, through :func:`asyncio.wrap_future`, so awaits of several accounts run
side by side under ``asyncio.gather``. Cancelling the awaiting task cancels the :class:`Pending`,
which tells its owner to abandon the work.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Callable, Generator
from typing import Any, TypeVar

T = TypeVar("T")


class Pending(concurrent.futures.Future[T]):
    """Work under way on a worker thread: ``.result(timeout)`` blocks, ``await`` suspends.

    A :class:`concurrent.futures.Future` (threads keep using it as before) that is also
    awaitable in any running event loop. ``cancel()``, which cancelling the awaiting task calls,
    succeeds while the work is under way and calls ``on_cancel`` once, so its owner can cut the
    requests and say so; the worker's late result is then dropped.
    """

    def __init__(self, on_cancel: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._on_cancel = on_cancel

    def __await__(self) -> Generator[Any, None, T]:
        # The loop that awaits, explicitly: the worker's thread has none.
        return asyncio.wrap_future(self, loop=asyncio.get_running_loop()).__await__()

    def cancel(self) -> bool:
        """Abandons the work (``on_cancel``) unless it has finished; ``True`` when it was
        abandoned now or before."""
        first = not self.cancelled()
        cancelled = super().cancel()
        if cancelled and first and self._on_cancel is not None:
            self._on_cancel()
        return cancelled

    def settle(self, result: T) -> None:
        """The work's result, unless the work was abandoned meanwhile (then it is dropped)."""
        if not self.done():
            # Cancelled since done() was read: dropped all the same.
            with contextlib.suppress(concurrent.futures.InvalidStateError):
                self.set_result(result)

    def fail(self, error: BaseException) -> None:
        """The work's failure, unless the work was abandoned meanwhile (then it is dropped)."""
        if not self.done():
            # Cancelled since done() was read: dropped all the same.
            with contextlib.suppress(concurrent.futures.InvalidStateError):
                self.set_exception(error)
