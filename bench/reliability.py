"""The reliability figures of docs/reliability.md: each fault the reliability suite injects
(tests/reliability/test_faults.py, the one definition of them), measured.

For each: how long until the person sees the error (against the deadline), the slowest call a
person makes on the kernel's thread while the fault holds a request open (read the widget, open
another view, send a form message, log out), and whether the same widget works once the fault
clears. Then the two breaks that were measured before the fix: logging out, and logging in again
from the form, while an upload hangs.

    .venv/bin/python bench/reliability.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # the fault tables live with the tests that assert them

from graphistry_jupyter import LocalHub, LoginError, LoginWidget, PlotError, PlotWidget  # noqa: E402
from tests.reliability.test_faults import DEADLINE_S, LOGIN_FAULTS, PLOT_FAULTS  # noqa: E402
from tests.support.comm import send_login_form  # noqa: E402
from tests.support.graphs import EDGES  # noqa: E402
from tests.support.hubs import ORGS, USERS  # noqa: E402
from tests.support.waiting import wait_for  # noqa: E402


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def faulted_outcome(
    injected: Any,
    holds_requests: bool,
    start: float,
    kernel_probe_ms: Callable[[], float],
    finish: Callable[[], object],
    expected: type[Exception],
) -> tuple[str, str, float]:
    """While a fault holds a request, the slowest kernel call (``kernel_probe_ms``); then the
    error ``finish`` raised (or none) and the seconds since ``start``; the fault is removed."""
    slowest = "-"
    if holds_requests and injected is not None:
        wait_for(lambda: injected.hits >= 1, "the fault to hold a request")
        slowest = f"{kernel_probe_ms():.1f}"
    try:
        finish()
        error = "(no error)"
    except expected as exc:
        error = str(exc)
    took = time.perf_counter() - start
    if injected is not None:
        injected.remove()
    return slowest, error, took


def kernel_calls_ms(login: LoginWidget, g: Any) -> float:
    """The slowest of the calls a person makes on the kernel's thread meanwhile."""
    calls: list[Callable[[], object]] = [
        lambda: repr(login),
        lambda: PlotWidget(g, account=login, deadline_s=DEADLINE_S).close(),
        lambda: send_login_form(login, method="token"),
    ]
    return max(timed_ms(call) for call in calls)


def plot_fault_row(hub: LocalHub, name: str) -> str:
    fault = PLOT_FAULTS[name]
    login = LoginWidget(server=hub.server, protocol="http", privacy=fault.privacy, label=name)
    login.login(username="alice", password=USERS["alice"])
    g = login.client.edges(EDGES, "src", "dst")
    injected = fault.inject(hub)
    start = time.perf_counter()
    view = PlotWidget(g, account=login, deadline_s=DEADLINE_S)
    slowest, error, took = faulted_outcome(
        injected,
        fault.holds_requests,
        start,
        lambda: kernel_calls_ms(login, g),
        lambda: view.wait(DEADLINE_S + 10),
        PlotError,
    )
    if login.status != "logged_in":
        login.login(username="alice", password=USERS["alice"])
    else:
        view.replot()
    retried = "yes" if view.wait(30).startswith(hub.url) else "no"
    login.close()
    return f"| plot: {name} | {took:.2f} s | {slowest} | {error} | {retried} |"


def login_fault_row(hub: LocalHub, name: str) -> str:
    fault = LOGIN_FAULTS[name]
    server, protocol = fault.server(hub)
    login = LoginWidget(server=server, protocol=protocol, deadline_s=DEADLINE_S, label=name)
    injected = fault.inject(hub)
    start = time.perf_counter()
    attempt = login.account.login_async(username="alice", password=USERS["alice"])
    slowest, error, took = faulted_outcome(
        injected,
        fault.holds_requests,
        start,
        lambda: timed_ms(lambda: repr(login)),
        lambda: attempt.result(DEADLINE_S + 10),
        LoginError,
    )
    send_login_form(
        login, method="password", username="alice", password=USERS["alice"], server=hub.server
    )
    if protocol == "http":
        wait_for(lambda: login.status == "logged_in", "the login from the form")
    retried = "yes" if login.status == "logged_in" else f"n/a ({protocol} to an http hub)"
    login.close()
    return f"| login: {name} | {took:.2f} s | {slowest} | {error} | {retried} |"


def hung_upload_rows(hub: LocalHub) -> list[str]:
    rows = []
    for action in ("logout()", "a new login from the form"):
        login = LoginWidget(server=hub.server, protocol="http", label=action)
        login.login(username="alice", password=USERS["alice"])
        held = hub.faults.inject("/api/v2/upload/datasets/", "hang")
        PlotWidget(login.client.edges(EDGES, "src", "dst"), account=login, deadline_s=20)
        wait_for(lambda held=held: held.hits >= 1, "the upload to hang")  # type: ignore[misc]
        if action == "logout()":
            took = timed_ms(login.logout)
        else:
            login.logout()
            took = timed_ms(
                lambda login=login: send_login_form(  # type: ignore[misc]
                    login, method="password", username="alice", password=USERS["alice"]
                )
            )
            wait_for(lambda login=login: login.status == "logged_in", "the new login")  # type: ignore[misc]
        rows.append(f"| {action} while an upload hangs (deadline 20 s) | {took:.1f} ms |")
        held.remove()
        login.close()
    return rows


def main() -> None:
    with LocalHub(users=USERS, orgs=ORGS, instruments=True) as hub:
        print(f"deadline {DEADLINE_S:g} s\n")
        columns = [
            "fault",
            "error after",
            "slowest kernel-thread call meanwhile (ms)",
            "what the person reads",
            "retry after it clears",
        ]
        print("| " + " | ".join(columns) + " |")
        print("|---|---|---|---|---|")
        for name in PLOT_FAULTS:
            print(plot_fault_row(hub, name), flush=True)
        for name in LOGIN_FAULTS:
            print(login_fault_row(hub, name), flush=True)
        print("\n| call | returned after |\n|---|---|")
        for row in hung_upload_rows(hub):
            print(row, flush=True)


if __name__ == "__main__":
    main()
