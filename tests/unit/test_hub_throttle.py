"""The failed-login limit, without a server and with a clock of its own."""

from __future__ import annotations

import pytest

from graphistry_jupyter.hub.auth.throttle import ADDRESS_FACTOR, LoginThrottle, Throttled


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fail(throttle: LoginThrottle, subject: str = "alice", address: str = "10.0.0.1") -> object:
    """One attempt that fails (never marked as succeeded); the refusal, if any."""
    return throttle.begin(subject, address, subject)


def test_the_limit_holds_until_the_oldest_failure_leaves_the_window(clock):
    throttle = LoginThrottle(3, 60, clock=clock)
    for _ in range(3):
        assert not isinstance(fail(throttle), Throttled)
        clock.now += 10

    refused = fail(throttle)
    assert isinstance(refused, Throttled)
    assert refused.retry_after == 30  # the first failure, at 1000, leaves at 1060; now is 1030
    assert refused.message == "Too many failed logins for alice: try again in 30 seconds."

    clock.now += 30
    assert not isinstance(fail(throttle), Throttled)


def test_parallel_attempts_count_before_they_finish(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    started = [throttle.begin("alice", "10.0.0.1", "alice") for _ in range(3)]

    assert [isinstance(s, Throttled) for s in started] == [False, False, True]


def test_a_success_takes_its_attempt_back_and_clears_the_subject(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    fail(throttle)
    attempt = throttle.begin("alice", "10.0.0.1", "alice")
    assert not isinstance(attempt, Throttled)

    throttle.succeeded(attempt)

    assert not isinstance(fail(throttle), Throttled)
    assert not isinstance(fail(throttle), Throttled)


def test_an_address_gets_more_failures_than_a_user_then_it_is_held_for_everyone(clock):
    throttle = LoginThrottle(2, 60, clock=clock)
    for n in range(2 * ADDRESS_FACTOR):
        assert not isinstance(fail(throttle, f"user{n}"), Throttled)

    refused = fail(throttle, "bob")
    assert isinstance(refused, Throttled)
    assert "from 10.0.0.1" in refused.message
    assert not isinstance(fail(throttle, "bob", "10.0.0.2"), Throttled)


def test_many_subjects_do_not_grow_without_bound(clock):
    throttle = LoginThrottle(1, 1, clock=clock)
    for n in range(30_000):
        fail(throttle, f"user{n}", f"10.{n // 250}.{n % 250}.1")
        clock.now += 0.01

    assert len(throttle._failures) <= 10_000 + 2 * 200


def test_a_long_username_is_not_echoed_whole(clock):
    throttle = LoginThrottle(1, 60, clock=clock)
    fail(throttle, "u" * 5000)

    refused = fail(throttle, "u" * 5000)

    assert isinstance(refused, Throttled)
    assert refused.message == f"Too many failed logins for {'u' * 61}...: try again in 60 seconds."
