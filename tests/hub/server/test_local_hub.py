"""LocalHub's test instruments: there on request (``instruments=True``, or a latency given when
the hub is made), and a clear error saying how to get them on a hub made without."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graphistry_jupyter.hub import LocalHub

USERS = {"alice": "alice-pw"}


@pytest.fixture
def plain_hub() -> Iterator[LocalHub]:
    hub = LocalHub(users=USERS)
    yield hub
    hub.stop()


def set_latency(hub: LocalHub) -> None:
    hub.latency_ms = 50


@pytest.mark.parametrize(
    ("use", "name"),
    [
        (lambda hub: hub.requests, "hub.requests"),
        (lambda hub: hub.faults, "hub.faults"),
        (lambda hub: hub.clear_requests(), "hub.clear_requests()"),
        (set_latency, "hub.latency_ms"),
    ],
    ids=["requests", "faults", "clear_requests", "latency_ms"],
)
def test_a_hub_without_instruments_says_how_to_get_them(
    plain_hub: LocalHub, use: Callable[[LocalHub], Any], name: str
) -> None:
    with pytest.raises(RuntimeError) as refused:
        use(plain_hub)

    assert str(refused.value) == (
        f"{name} is a test instrument, which this hub was made without: "
        "make it with LocalHub(..., instruments=True)"
    )
    assert plain_hub.latency_ms == 0


def test_a_hub_with_instruments_has_them() -> None:
    hub = LocalHub(users=USERS, instruments=True)
    try:
        assert (hub.requests, len(hub.faults), hub.latency_ms) == ([], 0, 0)
        hub.latency_ms = 50
        hub.clear_requests()
        assert hub.latency_ms == 50
    finally:
        hub.stop()


def test_a_latency_given_when_the_hub_is_made_brings_the_instruments() -> None:
    hub = LocalHub(users=USERS, latency_ms=50)
    try:
        assert (hub.latency_ms, hub.requests, len(hub.faults)) == (50, [], 0)
    finally:
        hub.stop()


def test_a_negative_latency_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("latency_ms must not be negative")):
        LocalHub(users=USERS, latency_ms=-1)
