"""Work on a worker thread, waited for by a thread (``.result()``) or awaited by an event loop,
without a loop inside the loop; cancelling the awaiting task tells the work's owner once
(http/awaiting.py)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from graphistry_jupyter.http.awaiting import Pending
from tests.support.loops import run_loop


def settled_later(value: str, started: threading.Event) -> Pending[str]:
    pending: Pending[str] = Pending()

    def work() -> None:
        started.wait(10)
        pending.settle(value)

    threading.Thread(target=work, daemon=True).start()
    return pending


def test_an_event_loop_awaits_a_result_set_on_another_thread_and_keeps_running_meanwhile() -> None:
    async def main() -> str:
        go = threading.Event()
        pending = settled_later("done", go)
        # The loop runs this coroutine while the work waits: awaiting never blocks the loop.
        await asyncio.sleep(0)
        go.set()
        return await asyncio.wait_for(pending, 10)

    assert run_loop(main()) == "done"


def test_a_thread_waits_for_the_same_object_with_result() -> None:
    go = threading.Event()
    pending = settled_later("done", go)
    go.set()
    assert pending.result(10) == "done"


def test_a_failure_is_raised_where_it_is_awaited() -> None:
    pending: Pending[str] = Pending()
    pending.fail(ValueError("why"))

    async def main() -> str:
        return await pending

    with pytest.raises(ValueError, match="why"):
        run_loop(main())


def test_cancelling_the_awaiting_task_abandons_the_work_once_and_drops_its_late_result() -> None:
    abandoned: list[str] = []
    pending: Pending[str] = Pending(lambda: abandoned.append("abandoned"))

    async def main() -> None:
        task = asyncio.ensure_future(_await(pending))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_loop(main())
    pending.settle("late")  # the worker finishing afterwards: dropped, no error on its thread
    pending.cancel()
    assert abandoned == ["abandoned"]
    assert pending.cancelled()


def test_finished_work_is_not_abandoned_by_a_late_cancel() -> None:
    abandoned: list[str] = []
    pending: Pending[str] = Pending(lambda: abandoned.append("abandoned"))
    pending.settle("done")
    assert pending.cancel() is False
    assert (abandoned, pending.result()) == ([], "done")


async def _await(pending: Pending[str]) -> str:
    return await pending
