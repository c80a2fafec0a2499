"""The failed-login limit, without a server and with a clock of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from graphistry_jupyter.hub.auth.throttle import ADDRESS_FACTOR, LoginThrottle
from graphistry_jupyter.hub.refusals import Refused


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fail(throttle: LoginThrottle, subject: str = "alice", address: str = "10.0.0.1") -> None:
    """One attempt that fails (never marked as succeeded); Refused when it is not allowed."""
    throttle.begin(subject, address, subject)


def refusal(throttle: LoginThrottle, subject: str = "alice", address: str = "10.0.0.1") -> Refused:
    """The refusal of one more attempt (the test fails if it is allowed)."""
    with pytest.raises(Refused) as refused:
        fail(throttle, subject, address)
    return refused.value


def test_the_limit_holds_until_the_oldest_failure_leaves_the_window(clock):
    throttle = LoginThrottle(3, 60, clock=clock)
    for _ in range(3):
        fail(throttle)
        clock.now += 10

    refused = refusal(throttle)
    assert refused.status == 429
    assert refused.retry_after == 30  # the first failure, at 1000, leaves at 1060; now is 1030
    assert refused.headers == {"Retry-After": "30"}
    assert refused.message == "Too many failed logins for alice: try again in 30 seconds."

    clock.now += 30
    fail(throttle)


def test_parallel_attempts_count_before_they_finish(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    throttle.begin("alice", "10.0.0.1", "alice")
    throttle.begin("alice", "10.0.0.1", "alice")

    with pytest.raises(Refused):
        throttle.begin("alice", "10.0.0.1", "alice")


def test_a_success_takes_its_attempt_back_and_clears_the_subject(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    fail(throttle)
    attempt = throttle.begin("alice", "10.0.0.1", "alice")

    throttle.succeeded(attempt)

    fail(throttle)
    fail(throttle)
    refusal(throttle)


def throttle_check(throttle: LoginThrottle, run: Callable[[], str]) -> object:
    coroutine = throttle.check("alice", "10.0.0.1", "alice", run)
    # On a thread of its own: in a whole-suite run, Playwright's sync API (the e2e tests) keeps
    # an event loop running on the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def test_a_limited_subject_is_refused_even_with_the_right_password(clock):
    """Refused attempts are not checked at all, so a right guess past the limit tells nothing."""
    throttle = LoginThrottle(1, 60, clock=clock)
    fail(throttle)
    checked: list[str] = []

    def run() -> str:
        checked.append("checked")
        return "alice"

    with pytest.raises(Refused):
        throttle_check(throttle, run)
    assert checked == []


def test_an_address_gets_more_failures_than_a_user_then_it_is_held_for_everyone(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    for n in range(2 * ADDRESS_FACTOR):
        fail(throttle, f"user{n}")

    refused = refusal(throttle, "bob")
    assert refused.message == "Too many failed logins from 10.0.0.1: try again in 60 seconds."
    fail(throttle, "bob", "10.0.0.2")


def test_many_subjects_do_not_grow_without_bound(clock):
    throttle = LoginThrottle(1, 1, clock=clock)
    for n in range(30_000):
        fail(throttle, f"user{n}", f"10.{n // 250}.{n % 250}.1")
        clock.now += 0.01

    assert len(throttle._failures) <= 10_000 + 2 * 200


def test_a_long_username_is_not_echoed_whole(clock):
    throttle = LoginThrottle(1, 60, clock=clock)
    fail(throttle, "u" * 5000)

    refused = refusal(throttle, "u" * 5000)

    assert refused.message == f"Too many failed logins for {'u' * 61}...: try again in 60 seconds."
