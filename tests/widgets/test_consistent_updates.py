"""Observers see a consistent widget: every field of a change is set before any observer of it
runs, on the account and on the login widget that mirrors it. They run on the thread that made
the change: the login's worker thread for a login, the caller's for a logout."""

from __future__ import annotations

import threading
from typing import Any

from graphistry_jupyter import LocalHub
from tests.widgets.conftest import login_widget


def test_an_observer_of_status_sees_username_server_and_expiry_already_set(hub: LocalHub) -> None:
    widget = login_widget(hub)
    seen: list[tuple[str, Any, str, str, bool]] = []

    def record(where: str, owner: Any) -> Any:
        def on_status(change: dict[str, Any]) -> None:
            seen.append((where, change["new"], owner.username, owner.server, owner.expires_at > 0))

        return on_status

    widget.observe(record("widget", widget), names="status")
    widget.account.observe(record("account", widget.account), names="status")

    widget.login(username="alice", password="alice-pw")
    widget.logout()

    for where in ("widget", "account"):
        assert [s[1:] for s in seen if s[0] == where] == [
            ("logging_in", "", hub.server, False),
            ("logged_in", "alice", hub.server, True),
            ("logged_out", "", hub.server, False),
        ], where


def test_a_login_notifies_on_its_worker_thread(hub: LocalHub) -> None:
    widget = login_widget(hub)
    threads: list[threading.Thread] = []
    widget.observe(
        lambda change: (
            threads.append(threading.current_thread()) if change["new"] == "logged_in" else None
        ),
        names="status",
    )
    widget.login(username="alice", password="alice-pw")
    assert len(threads) == 1
    assert threads[0] is not threading.current_thread()
