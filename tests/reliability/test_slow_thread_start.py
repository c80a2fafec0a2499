"""The kernel's thread never waits for another thread to start: starting one blocks its caller
until the new thread is scheduled, which on a busy machine took 60 ms and more of one
``PlotWidget(...)``. With no thread able to start at all, making a plot of a logged-in account,
a login from the form and a re-plot still return, and each one's work runs once threads can
start again.

Proven by state, not by a clock: every thread's start first takes CPython's
``threading._active_limbo_lock``; a helper thread holds it while the kernel's calls run, and the
test checks afterwards that it still held it (the helper lets go after 10 s, so a call that
waits fails the test instead of hanging it)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from graphistry_jupyter import LocalHub, PlotWidget
from graphistry_jupyter.http.kernel_thread import in_background
from tests.support.comm import send_login_form
from tests.support.graphs import EDGES
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

START_LOCK = threading._active_limbo_lock  # type: ignore[attr-defined]


@contextmanager
def no_thread_can_start() -> Iterator[Callable[[], bool]]:
    """While it holds, no ``Thread.start`` can get past its first step (a helper thread holds
    the lock; it is reentrant, so the caller must not be its holder). Yields a check: did the
    hold last until now, or did the helper give up after 10 s because a call waited?"""
    holding = threading.Event()
    leave = threading.Event()
    gave_up = threading.Event()

    def hold() -> None:
        with START_LOCK:
            holding.set()
            if not leave.wait(10):
                gave_up.set()

    threading.Thread(target=hold, daemon=True).start()
    holding.wait()
    try:
        yield lambda: not gave_up.is_set()
    finally:
        leave.set()


def test_work_handed_to_the_background_returns_before_any_thread_starts() -> None:
    ran = threading.Event()
    with no_thread_can_start() as held:
        in_background(ran.set, name="graphistry-test")
        assert held(), "in_background waited for its thread to start"
        assert not ran.is_set()
    wait_for(ran.is_set, "the work to run once threads can start")


def test_a_plot_and_a_login_return_while_no_thread_can_start(hub: LocalHub) -> None:
    alice = login_widget(hub, label="alice").login(username="alice", password="alice-pw")
    g = alice.client.edges(EDGES, "src", "dst")

    with no_thread_can_start() as held:
        view = PlotWidget(g, account=alice)
        assert held(), "PlotWidget(...) waited for its upload's thread to start"
        send_login_form(alice, method="password", username="alice", password="alice-pw")
        assert held(), "a login from the form waited for its thread to start"
        assert view.status == "uploading"

    wait_for(lambda: alice.status == "logged_in", "the login to finish once threads start")
    assert view.wait(30)


def test_importing_the_package_leaves_what_imports_made_out_of_full_collections() -> None:
    # A full collection stops every thread while it walks what the collector tracks; what the
    # imports made (about 115,000 objects: pandas, pyarrow, graphistry) is frozen out of it.
    counted = subprocess.run(
        [sys.executable, "-c", "import gc, graphistry_jupyter; print(gc.get_freeze_count())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert int(counted.stdout) > 50_000
