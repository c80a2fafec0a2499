"""A login that hangs, or whose server trickles its reply, holds up nothing on the kernel's
thread: with several accounts, one of them stuck in a login, creating another login widget,
another account's logout and login, a plot of another account and Cancel all return while the
stuck server still holds the request. And the stuck login itself ends at its deadline, its
sentence naming the server that was too slow.

Proven by state, not by a clock: each kernel-thread call returns while the stuck server still
holds the request (its hold count), which a call that waited on that request could not do. The
figures (the kernel's worst wait for each fault kind) are printed by bench/hung_logins.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from graphistry_jupyter import LocalHub, LoginError, LoginWidget, PlotWidget
from tests.support.comm import send_from_view, send_login_form
from tests.support.graphs import EDGES
from tests.support.slow_servers import SlowServer
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

DEADLINE_S = 2.0


@dataclass
class StuckServer:
    """Where the stuck login goes, and how to see that it still holds the request."""

    server: str
    held: Callable[[], bool]
    release: Callable[[], None]


def hub_hang(staging_hub: LocalHub) -> StuckServer:
    """The staging hub holds every login (the other accounts use the prod hub)."""
    fault = staging_hub.faults.inject("/api-token-auth/", "hang")
    return StuckServer(staging_hub.server, lambda: fault.hits >= 1 and fault.active, fault.remove)


def socket_server(kind: str) -> Callable[[LocalHub], StuckServer]:
    def start(staging_hub: LocalHub) -> StuckServer:
        server = SlowServer(kind)
        return StuckServer(server.address, lambda: server.requests_held >= 1, server.close)

    return start


FAULT_KINDS = {
    "hub holds the login": hub_hang,
    "server never answers": socket_server("hang"),
    "server trickles its reply": socket_server("trickle"),
}


@pytest.fixture(params=FAULT_KINDS.values(), ids=FAULT_KINDS.keys())
def stuck(request: pytest.FixtureRequest, staging_hub: LocalHub) -> Iterator[StuckServer]:
    stuck: StuckServer = request.param(staging_hub)
    yield stuck
    stuck.release()


def timed(calls: dict[str, float], name: str, call: Callable[[], object]) -> None:
    """Runs ``call`` on a thread (the test stands for the kernel's), recording how long it took;
    fails if it has not returned within 10 s (it would be waiting on the stuck server)."""
    done = threading.Event()

    def run() -> None:
        started = time.perf_counter()
        call()
        calls[name] = (time.perf_counter() - started) * 1000
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), f"{name} waited for the stuck server"


def kernel_calls_while_stuck(
    hub: LocalHub, stuck: StuckServer, stuck_login: LoginWidget
) -> dict[str, float]:
    """Every kernel-thread call a person may make while ``stuck_login`` hangs, with another
    logged-in account; each must return while the stuck server still holds its request.
    Returns each call's duration in ms (for the figures; no assertion depends on them)."""
    alice = login_widget(hub, label="alice").login(username="alice", password="alice-pw")
    calls: dict[str, float] = {}
    stuck_login.account.login_async(username="alice", password="alice-pw")
    wait_for(stuck.held, "the stuck server to hold the login")

    timed(calls, "create another LoginWidget", lambda: login_widget(hub, label="third").close())
    timed(calls, "another account's logout()", alice.logout)
    timed(
        calls,
        "another account's login from the form",
        lambda: send_login_form(alice, method="password", username="alice", password="alice-pw"),
    )
    wait_for(lambda: alice.status == "logged_in", "alice's new login")
    timed(
        calls,
        "another account's PlotWidget(...)",
        lambda: PlotWidget(alice.client.edges(EDGES, "src", "dst"), account=alice).close(),
    )
    timed(calls, "repr() of the stuck widget", lambda: repr(stuck_login))
    assert stuck.held(), "every call above returned while the login was still held"
    timed(
        calls, "Cancel on the stuck widget", lambda: send_from_view(stuck_login, {"type": "cancel"})
    )
    assert stuck_login.status == "logged_out"
    return calls


def test_a_stuck_login_holds_up_no_kernel_call_of_any_account(
    hub: LocalHub, stuck: StuckServer
) -> None:
    # A deadline far past the calls: the login stays held while they run, whatever the machine.
    stuck_login = LoginWidget(server=stuck.server, protocol="http", deadline_s=60, label="stuck")
    kernel_calls_while_stuck(hub, stuck, stuck_login)


def test_a_stuck_login_ends_at_its_deadline_naming_the_server(stuck: StuckServer) -> None:
    login = LoginWidget(server=stuck.server, protocol="http", deadline_s=DEADLINE_S)
    attempt = login.account.login_async(username="alice", password="alice-pw")
    wait_for(stuck.held, "the stuck server to hold the login")

    with pytest.raises(LoginError) as raised:
        attempt.result(DEADLINE_S + 10)

    assert str(raised.value) == (
        f"{stuck.server} did not answer within {DEADLINE_S:g} s. Check the server, then try again."
    )
    assert login.status == "error"
