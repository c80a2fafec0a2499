"""Limits on failed logins: password checks (the password login (E1), the hub's HTML forms) and
personal keys (the personal-key login (E2)).

Failures are counted per *subject* (the username, or the personal key's id) and per client
address, over a sliding window. A subject with ``attempts`` failures in the window, or an address
with ``ADDRESS_FACTOR`` times as many (one address may be shared by several people, and on one
machine every local client is 127.0.0.1), is refused until its oldest failure leaves the window:
the check is not even run, whether or not it would have succeeded. A successful login does not
count as a failure, and clears its subject's failures.

Every attempt counts as a failure from the moment it starts, and a success takes it back: so a
burst of parallel guesses cannot slip past the limit while the first ones are still hashing.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from ..refusals import Refused
from ..storage.db import digest

DEFAULT_LOGIN_ATTEMPTS = 5
DEFAULT_LOGIN_WINDOW_S = 60.0
#: How many more failures one client address may have than one username.
ADDRESS_FACTOR = 4
# Beyond this many counted keys, keys with no failure left in the window are dropped.
_PRUNE_ABOVE = 10_000

_T = TypeVar("_T")


@dataclass(frozen=True)
class _Attempt:
    subject_key: str
    address_key: str
    at: float


class LoginThrottle:
    """The failed-login counts of one hub (see the module docstring)."""

    def __init__(
        self,
        attempts: int = DEFAULT_LOGIN_ATTEMPTS,
        window: float = DEFAULT_LOGIN_WINDOW_S,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if attempts < 1:
            raise ValueError("login_attempts must be at least 1")
        if window <= 0:
            raise ValueError("login_window must be positive (seconds)")
        self.attempts = attempts
        self.window = float(window)
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def _retry_after(self, times: deque[float], limit: int, now: float) -> int | None:
        if len(times) < limit:
            return None
        return max(1, math.ceil(times[-limit] + self.window - now))

    def begin(self, subject: str, address: str, what: str) -> _Attempt:
        """Start an attempt on ``subject`` from ``address``, counted as failed until
        :meth:`succeeded`; Refused (429, with ``retry_after``) when either has too many failures.
        ``what`` names the subject in the refusal ("alice", "this personal key")."""
        now = self._clock()
        subject_key, address_key = f"s:{digest(subject)}", f"a:{address}"
        what = what if len(what) <= 64 else f"{what[:61]}..."  # an attacker's 64 KiB "username"
        with self._lock:
            self._prune(now)
            subject_times = self._recent(subject_key, now)
            address_times = self._recent(address_key, now)
            wait = self._retry_after(subject_times, self.attempts, now)
            if wait is not None:
                message = f"Too many failed logins for {what}: {_later(wait)}"
                raise Refused(429, message, retry_after=wait)
            wait = self._retry_after(address_times, self.attempts * ADDRESS_FACTOR, now)
            if wait is not None:
                message = f"Too many failed logins from {address}: {_later(wait)}"
                raise Refused(429, message, retry_after=wait)
            subject_times.append(now)
            address_times.append(now)
        return _Attempt(subject_key, address_key, now)

    def succeeded(self, attempt: _Attempt) -> None:
        """The attempt was right: its subject's failures are forgotten, the address's one
        provisional failure taken back."""
        with self._lock:
            self._failures.pop(attempt.subject_key, None)
            times = self._failures.get(attempt.address_key)
            if times is not None and attempt.at in times:
                times.remove(attempt.at)

    async def check(
        self, subject: str, address: str, what: str, run: Callable[[], _T | None]
    ) -> _T | None:
        """``run()`` (a password or key check, on a worker thread) unless refused (Refused, 429,
        by :meth:`begin`): its result, or None when it failed."""
        attempt = self.begin(subject, address, what)
        result = await run_in_threadpool(run)
        if result is not None:
            self.succeeded(attempt)
        return result

    def _prune(self, now: float) -> None:
        if len(self._failures) > _PRUNE_ABOVE:
            self._failures = {
                key: times
                for key, times in self._failures.items()
                if times and times[-1] > now - self.window
            }


def _later(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"try again in {seconds} {unit}."
