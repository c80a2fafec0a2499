"""What the tests of the hub's token and grant services share: the secret they sign with, the
clock they read (``time.time()``, which a test moves), and decoding with a known key."""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt
import pytest

SECRET = b"s" * 32


@dataclass
class Clock:
    """``time.time()`` as the services read it while ``frozen`` holds: ``now``, which a test
    sets; ``start`` is the whole second the test began at (taken per test: a value from
    collection time is minutes old by the time a full suite gets here, and tokens "issued" then
    have expired on the real clock)."""

    start: float
    now: float


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Clock:
    start = float(int(time.time()))
    clock = Clock(start=start, now=start)
    monkeypatch.setattr(time, "time", lambda: clock.now)
    return clock


def decode(token: str, key: bytes = SECRET, **options: object) -> dict[str, object]:
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False, **options})
