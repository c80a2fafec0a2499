"""The kernel's worst wait while one account's login is stuck: for each fault kind of
tests/reliability/test_hung_logins.py (the one definition of them), with another account logged
in on another hub, how long each kernel-thread call took while the stuck server held the login,
and how long the stuck login took to fail with a 2 s deadline.

    .venv/bin/python bench/hung_logins.py

A single call says little about the tail, so the slowest call (another account's
``PlotWidget(...)``) is also made REPEATS times while each fault holds, and its median, 95th
percentile and worst are printed.
"""

from __future__ import annotations

import gc
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # the fault kinds live with the tests that assert them

from graphistry_jupyter import LocalHub, LoginError, LoginWidget, PlotWidget, logins  # noqa: E402
from tests.reliability.test_hung_logins import (  # noqa: E402
    DEADLINE_S,
    FAULT_KINDS,
    kernel_calls_while_stuck,
)
from tests.support.graphs import EDGES  # noqa: E402
from tests.support.hubs import ORGS, USERS  # noqa: E402
from tests.support.waiting import wait_for  # noqa: E402
from tests.widgets.conftest import login_widget  # noqa: E402

REPEATS = 100


def error_after(stuck_server: str, held: object) -> tuple[float, str]:
    login = LoginWidget(server=stuck_server, protocol="http", deadline_s=DEADLINE_S)
    start = time.perf_counter()
    attempt = login.account.login_async(username="alice", password="alice-pw")
    try:
        attempt.result(DEADLINE_S + 30)
        message = "(no error)"
    except LoginError as exc:
        message = str(exc)
    return time.perf_counter() - start, message


@dataclass
class Repeats:
    """The REPEATS calls' wall times (ms, sorted); the slowest one's time on the calling thread's
    CPU (the rest of it waited: for a CPU, the interpreter lock, a collection on another thread);
    and the full (generation 2) collections run meanwhile, on any thread (ms each)."""

    times: list[float]
    worst_cpu: float
    full_collections: list[float]


def plot_widget_times(hub: LocalHub, stuck_server: str, held: Callable[[], bool]) -> Repeats:
    """``PlotWidget(...)`` of a logged-in account, REPEATS times, while a login is stuck."""
    alice = login_widget(hub, label="alice").login(username="alice", password="alice-pw")
    stuck_login = LoginWidget(server=stuck_server, protocol="http", deadline_s=60)
    stuck_login.account.login_async(username="alice", password="alice-pw")
    wait_for(held, "the stuck server to hold the login")
    started: dict[int, float] = {}
    full: list[float] = []

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[threading.get_ident()] = time.perf_counter()
        elif threading.get_ident() in started:
            full.append((time.perf_counter() - started.pop(threading.get_ident())) * 1000)

    calls: list[tuple[float, float]] = []
    gc.callbacks.append(on_collection)
    try:
        for _ in range(REPEATS):
            g = alice.client.edges(EDGES, "src", "dst")
            wall, cpu = time.perf_counter(), time.thread_time()
            PlotWidget(g, account=alice).close()
            calls.append(((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))
    finally:
        gc.callbacks.remove(on_collection)
    worst = max(calls)
    return Repeats(sorted(wall for wall, _ in calls), worst[1], full)


def main() -> None:
    with (
        LocalHub(users=USERS, orgs=ORGS, instruments=True) as hub,
        LocalHub(users=USERS, orgs=ORGS, instruments=True) as staging,
    ):
        print(f"deadline of the stuck login for 'error after': {DEADLINE_S:g} s\n")
        print(
            "| fault kind | "
            + " | ".join(
                [
                    "worst kernel-thread call (ms)",
                    "which",
                    "stuck login's error after",
                    "what the person reads",
                ]
            )
            + " |"
        )
        print("|---|---|---|---|---|")
        repeats: dict[str, Repeats] = {}
        for name, start in FAULT_KINDS.items():
            stuck = start(staging)
            stuck_login = LoginWidget(server=stuck.server, protocol="http", deadline_s=60)
            calls = kernel_calls_while_stuck(hub, stuck, stuck_login)
            stuck.release()
            for widget in logins():
                widget.close()
            stuck = start(staging)
            took, message = error_after(stuck.server, stuck.held)
            stuck.release()
            for widget in logins():
                widget.close()
            stuck = start(staging)
            times = plot_widget_times(hub, stuck.server, stuck.held)
            stuck.release()
            for widget in logins():
                widget.close()
            repeats[name] = times
            worst = max(calls, key=lambda call: calls[call])
            print(f"| {name} | {calls[worst]:.1f} | {worst} | {took:.2f} s | {message} |")
            print(
                "|  | all calls: "
                + ", ".join(f"{call} {ms:.1f}" for call, ms in calls.items())
                + " |  |  |  |"
            )

        print(
            f"\nanother account's PlotWidget(...), {REPEATS} times while the login is stuck (ms):\n"
        )
        print(
            "| fault kind | median | 95th percentile | worst | of which on the kernel thread's "
            "CPU | full collections meanwhile (longest) |"
        )
        print("|---|---|---|---|---|---|")
        for name, r in repeats.items():
            p95 = r.times[int(len(r.times) * 0.95) - 1]
            longest = f" ({max(r.full_collections):.0f} ms)" if r.full_collections else ""
            print(
                f"| {name} | {statistics.median(r.times):.1f} | {p95:.1f} | {r.times[-1]:.1f} "
                f"| {r.worst_cpu:.1f} | {len(r.full_collections)}{longest} |"
            )


if __name__ == "__main__":
    main()
