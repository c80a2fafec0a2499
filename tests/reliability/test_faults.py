"""Every fault a server or network can throw at a plot or a login gives a clear error within the
deadline, never holds up the kernel meanwhile, and loses nothing: once the fault clears, the same
account and the same widget succeed.

"Never holds up the kernel" is proven by state: while a fault holds a request open on the hub,
what a person does on the kernel's thread (read the widget, create another view, log out and in
again from the form) completes — which it could not if it waited for that request. The figures
(how long each error took, the slowest kernel-thread call) are in docs/reliability.md, printed
by bench/reliability.py."""

from __future__ import annotations

import socket
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import pytest

from graphistry_jupyter import LocalHub, LoginError, LoginWidget, PlotError, PlotWidget
from graphistry_jupyter.hub import Fault
from tests.support.comm import send_from_view, send_login_form
from tests.support.graphs import EDGES
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

DEADLINE_S = 2.0


@dataclass(frozen=True)
class PlotFault:
    """A fault injected into the hub while a plot uploads, and the sentence it must produce."""

    inject: Callable[[LocalHub], Fault | None]
    error: str  # a regular expression the plot's error must match
    privacy: str | None = None
    holds_requests: bool = False
    options: dict[str, Any] = field(default_factory=dict)


PLOT_FAULTS = {
    "server error 500 on create": PlotFault(
        lambda hub: hub.faults.inject("/api/v2/upload/datasets/", "status", status=500),
        r"failed \(HTTP 500\) while creating dataset\. Try Re-plot, or check the server\.",
    ),
    "hang during upload": PlotFault(
        lambda hub: hub.faults.inject("/api/v2/upload/datasets/", "hang"),
        rf"did not answer within {DEADLINE_S:g} s while creating dataset\. Try Re-plot\.",
        holds_requests=True,
    ),
    "connection dropped mid-upload": PlotFault(
        lambda hub: hub.faults.inject("/api/v2/upload/datasets/*", "drop", method="POST"),
        r"Lost the connection to .* while .*\. Check the server, then Re-plot\.",
    ),
    "share call refused (403)": PlotFault(
        lambda hub: hub.faults.inject("/api/v2/share/link/", "status", status=403),
        r"The plot was uploaded, but .* refused to set its privacy \(permission denied\)",
        privacy="public",
    ),
    "revoked session (401)": PlotFault(
        lambda hub: hub.faults.inject("/api/v2/upload/datasets/", "status", status=401),
        r"has ended \(it expired or the server revoked it\): log in again",
    ),
}


def kernel_thread_work_completes(login: LoginWidget, g: Any) -> None:
    """What a person may do on the kernel's thread while a request hangs: each returns."""
    assert login.status in ("logged_in", "expired")
    repr(login)
    other = PlotWidget(g, account=login, deadline_s=DEADLINE_S)
    other.close()
    send_login_form(login, method="token")  # a form message: answered at once (no token typed)


@pytest.mark.parametrize("fault", PLOT_FAULTS.values(), ids=PLOT_FAULTS.keys())
def test_a_plot_fault_is_a_clear_error_in_time_and_a_retry_works_once_it_clears(
    hub: LocalHub, fault: PlotFault
) -> None:
    login = login_widget(hub, privacy=fault.privacy).login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES, "src", "dst")
    injected = fault.inject(hub)

    view = PlotWidget(g, account=login, deadline_s=DEADLINE_S)
    if fault.holds_requests:
        assert injected is not None
        wait_for(lambda: injected.hits >= 1, "the request to reach the hub and be held")
        kernel_thread_work_completes(login, g)
    with pytest.raises(PlotError, match=fault.error):
        view.wait(DEADLINE_S + 10)

    if injected is not None:
        injected.remove()
    if login.status != "logged_in":
        login.login(username="alice", password="alice-pw")  # the plot resumes by itself
    else:
        view.replot()
    assert view.wait(30).startswith(hub.url), "the same widget plots once the fault clears"


def test_a_slow_server_under_the_deadline_is_only_slow(hub: LocalHub) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    hub.latency_ms = 300
    view = PlotWidget(login.client.edges(EDGES, "src", "dst"), account=login, deadline_s=5)
    assert view.wait(30).startswith(hub.url)


def closed_port() -> int:
    with socket.socket() as probe:  # bound, never listening: connections are refused
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class LoginFault:
    """Where a login goes wrong, and the sentence it must produce."""

    server: Callable[[LocalHub], tuple[str, str]]  # (server, protocol)
    error: str
    inject: Callable[[LocalHub], Fault | None] = lambda hub: None
    holds_requests: bool = False


LOGIN_FAULTS = {
    "connection refused": LoginFault(
        lambda hub: (f"127.0.0.1:{closed_port()}", "http"),
        r"Cannot reach 127\.0\.0\.1:\d+: check the server address and that it is running",
    ),
    "unknown host": LoginFault(
        lambda hub: ("no-such-host.invalid", "http"),
        r"Cannot reach no-such-host\.invalid: check the server address",
    ),
    "https to a plain-http server": LoginFault(
        lambda hub: (hub.server, "https"),
        r'TLS handshake did not complete\. .*protocol="http"',
    ),
    "hang during login": LoginFault(
        lambda hub: (hub.server, "http"),
        rf"did not answer within {DEADLINE_S:g} s\. Check the server, then try again\.",
        inject=lambda hub: hub.faults.inject("/api-token-auth/", "hang"),
        holds_requests=True,
    ),
    "server error 500 on login": LoginFault(
        lambda hub: (hub.server, "http"),
        r"refused the login: injected fault|Login to .* failed",
        inject=lambda hub: hub.faults.inject("/api-token-auth/", "status", status=500),
    ),
}


@pytest.mark.parametrize("fault", LOGIN_FAULTS.values(), ids=LOGIN_FAULTS.keys())
def test_a_login_fault_is_a_clear_error_in_time_and_the_form_stays_usable(
    hub: LocalHub, fault: LoginFault
) -> None:
    server, protocol = fault.server(hub)
    login = LoginWidget(server=server, protocol=protocol, deadline_s=DEADLINE_S, label="faulty")
    injected = fault.inject(hub)

    attempt = login.account.login_async(username="alice", password="alice-pw")
    if fault.holds_requests:
        assert injected is not None
        wait_for(lambda: injected.hits >= 1, "the login to reach the hub and be held")
        attempt = cancel_and_start_again_while_held(login)
    with pytest.raises(LoginError, match=fault.error):
        attempt.result(DEADLINE_S + 10)
    assert login.status == "error"

    if injected is not None:
        injected.remove()
    send_login_form(
        login, method="password", username="alice", password="alice-pw", server=hub.server
    )
    if protocol == "http":
        wait_for(lambda: login.status == "logged_in", "a login once the fault cleared")


def cancel_and_start_again_while_held(login: LoginWidget) -> Future[None]:
    """What the form offers while a login hangs: reading it and Cancel return at once, the
    login is gone; then a new attempt, which the test watches fail within its deadline."""
    assert login.status == "logging_in"
    repr(login)
    send_from_view(login, {"type": "cancel"})
    assert login.status == "logged_out"
    return login.account.login_async(username="alice", password="alice-pw")
