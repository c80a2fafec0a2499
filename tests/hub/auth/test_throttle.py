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


# -- one machine: loopback is one address, and a spray does not lock out who logged in before ----


def test_rotating_loopback_addresses_count_as_one_address(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    for n in range(2 * ADDRESS_FACTOR):
        fail(throttle, f"user{n}", f"127.0.0.{n + 2}")

    refused = refusal(throttle, "bob", "127.0.0.250")
    assert "Too many failed logins from this machine" in refused.message
    refusal(throttle, "bob", "::1")
    refusal(throttle, "bob", "::ffff:127.9.9.9")


def test_ipv6_addresses_of_one_network_count_as_one_address(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    for n in range(2 * ADDRESS_FACTOR):
        fail(throttle, f"user{n}", f"2001:db8:1:2::{n + 1:x}")

    refusal(throttle, "bob", "2001:db8:1:2:ffff::1")
    fail(throttle, "bob", "2001:db8:1:3::1")


def test_a_spray_from_this_machine_does_not_lock_out_a_user_who_logged_in_from_it(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    throttle.succeeded(throttle.begin("alice", "127.0.0.1", "alice"))  # the kernel, earlier
    for n in range(2 * ADDRESS_FACTOR):  # another local process guesses other users
        fail(throttle, f"user{n}", "127.0.0.1")

    refusal(throttle, "bob", "127.0.0.1")
    throttle.succeeded(throttle.begin("alice", "127.0.0.1", "alice"))
    # alice keeps only her own allowance: the spray cannot guess her password past it either.
    fail(throttle, "alice", "127.0.0.1")
    fail(throttle, "alice", "127.0.0.1")
    refusal(throttle, "alice", "127.0.0.1")


def test_one_success_does_not_clear_its_addresss_failures(clock):
    """Else passwords could be sprayed across many users from one address, with one success on
    an account of the attacker's own after each few guesses."""
    throttle = LoginThrottle(2, 60, clock=clock)
    limit = 2 * ADDRESS_FACTOR
    for n in range(limit - 1):
        fail(throttle, f"user{n}")

    throttle.succeeded(throttle.begin("mallory", "10.0.0.1", "mallory"))
    fail(throttle, "victim")

    refused = refusal(throttle, "another-victim")
    assert "Too many failed logins from 10.0.0.1" in refused.message
