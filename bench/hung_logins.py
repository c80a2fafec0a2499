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

import statistics
import sys
import time
from collections.abc import Callable
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


def plot_widget_times(hub: LocalHub, stuck_server: str, held: Callable[[], bool]) -> list[float]:
    """ms of each of REPEATS ``PlotWidget(...)`` of a logged-in account while a login is stuck."""
    alice = login_widget(hub, label="alice").login(username="alice", password="alice-pw")
    stuck_login = LoginWidget(server=stuck_server, protocol="http", deadline_s=60)
    stuck_login.account.login_async(username="alice", password="alice-pw")
    wait_for(held, "the stuck server to hold the login")
    times = []
    for _ in range(REPEATS):
        g = alice.client.edges(EDGES, "src", "dst")
        start = time.perf_counter()
        PlotWidget(g, account=alice).close()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


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
        repeats: dict[str, list[float]] = {}
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
        print("| fault kind | median | 95th percentile | worst |")
        print("|---|---|---|---|")
        for name, times in repeats.items():
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |")


if __name__ == "__main__":
    main()
