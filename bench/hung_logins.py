"""The kernel's worst wait while one account's login is stuck: for each fault kind of
tests/reliability/test_hung_logins.py (the one definition of them), with another account logged
in on another hub, how long each kernel-thread call took while the stuck server held the login,
and how long the stuck login took to fail with a 2 s deadline.

    .venv/bin/python bench/hung_logins.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # the fault kinds live with the tests that assert them

from graphistry_jupyter import LocalHub, LoginError, LoginWidget, logins  # noqa: E402
from tests.reliability.test_hung_logins import (  # noqa: E402
    DEADLINE_S,
    FAULT_KINDS,
    kernel_calls_while_stuck,
)
from tests.support.hubs import ORGS, USERS  # noqa: E402


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
            worst = max(calls, key=lambda call: calls[call])
            print(f"| {name} | {calls[worst]:.1f} | {worst} | {took:.2f} s | {message} |")
            print(
                "|  | all calls: "
                + ", ".join(f"{call} {ms:.1f}" for call, ms in calls.items())
                + " |  |  |  |"
            )


if __name__ == "__main__":
    main()
