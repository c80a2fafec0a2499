"""Network conditions for tests: added latency and injected faults (hang, status, drop).

pygraphistry sets no HTTP timeouts, so the interesting failures of a real deployment are a
server that never answers, one that answers an error, and one that drops the connection.
Tests inject them on chosen paths; everything here is asyncio, never blocking the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from starlette.types import ASGIApp, Receive, Scope, Send

from ..context import is_api_path
from .records import RAW_SEND_SCOPE_KEY, RECORD_NOW_SCOPE_KEY, is_chunked

FaultKind = Literal["hang", "status", "drop"]

#: Longest a ``hang`` fault holds a request open, whatever happens (seconds).
HANG_LIMIT_S = 120.0
_HANG_POLL_S = 0.02


@dataclass(eq=False)
class Fault:
    """One injected fault; :meth:`remove` takes it out (a hung request then proceeds)."""

    path: str
    kind: FaultKind
    status: int = 500
    method: str | None = None
    times: int | None = None
    chunked_only: bool = False
    _registry: FaultRegistry | None = field(default=None, repr=False)
    hits: int = 0

    def matches(self, method: str, path: str, *, chunked: bool = False) -> bool:
        """Whether a request is subject to this fault (exact path, or prefix ending in ``*``)."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.chunked_only and not chunked:
            return False
        if self.path.endswith("*"):
            return path.startswith(self.path[:-1])
        return path == self.path

    @property
    def active(self) -> bool:
        """False once removed or cleared."""
        return self._registry is not None and self._registry.contains(self)

    def remove(self) -> None:
        """Take the fault out; idempotent."""
        if self._registry is not None:
            self._registry.remove(self)


class FaultRegistry:
    """The faults of one hub, safe to change from any thread while the hub serves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def inject(
        self,
        path: str,
        kind: FaultKind,
        *,
        status: int = 500,
        method: str | None = None,
        times: int | None = None,
        chunked_only: bool = False,
    ) -> Fault:
        """Make requests to ``path`` fail.

        ``path`` matches exactly, or as a prefix when it ends with ``*``. ``kind``:

        - ``"hang"`` holds the request open until the fault is removed (then it proceeds
          normally) or the hub stops (then the connection drops);
        - ``"status"`` answers ``status`` with ``{"detail": "injected fault"}``;
        - ``"drop"`` closes the connection without an HTTP reply.

        ``method`` restricts it to one HTTP method; ``times`` removes it after that many requests;
        ``chunked_only`` to requests whose body is chunked (a server or proxy that needs a
        ``Content-Length``, such as ``status=411``).
        """
        if kind not in ("hang", "status", "drop"):
            raise ValueError(f"unknown fault kind {kind!r}: use 'hang', 'status' or 'drop'")
        if not path.startswith("/"):
            raise ValueError(f"fault path must start with '/': {path!r}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for every request)")
        fault = Fault(
            path=path,
            kind=kind,
            status=status,
            method=method,
            times=times,
            chunked_only=chunked_only,
        )
        fault._registry = self
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def remove(self, fault: Fault) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._faults.remove(fault)

    def contains(self, fault: Fault) -> bool:
        with self._lock:
            return fault in self._faults

    def take(self, method: str, path: str, *, chunked: bool = False) -> Fault | None:
        """The first fault matching a request; counts the hit, retiring it after ``times``."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path, chunked=chunked):
                    fault.hits += 1
                    if fault.times is not None and fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)


class NetworkConditionsMiddleware:
    """Applies the hub's ``latency_ms`` to API requests, then any injected fault."""

    def __init__(
        self,
        app: ASGIApp,
        faults: FaultRegistry,
        *,
        latency_ms: Callable[[], float],
        stopping: threading.Event,
    ) -> None:
        self.app = app
        self.faults = faults
        self.latency_ms = latency_ms
        self.stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        latency = self.latency_ms()
        if latency > 0 and is_api_path(path):
            await asyncio.sleep(latency / 1000.0)
        fault = self.faults.take(str(scope["method"]), path, chunked=is_chunked(scope))
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await _send_json(send, fault.status, {"detail": "injected fault"})
        elif fault.kind == "drop":
            await _drop(scope, send)
        elif await self._hang(fault):
            await self.app(scope, receive, send)
        else:
            await _drop(scope, send)  # the hub is going away: so is the connection

    async def _hang(self, fault: Fault) -> bool:
        """Wait until the fault is removed (True) or the hub stops or the limit passes (False)."""
        deadline = time.monotonic() + HANG_LIMIT_S
        while fault.active:
            if self.stopping.is_set() or time.monotonic() > deadline:
                return False
            await asyncio.sleep(_HANG_POLL_S)
        return True


async def _send_json(send: Send, status: int, body: dict[str, object]) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload, "more_body": False})


async def _drop(scope: Scope, send: Send) -> None:
    """Close the connection with no HTTP reply at all, so the client sees a connection error.

    ASGI has no "abort" message. uvicorn's ``send`` is a bound method of its request cycle, which
    holds the transport: aborting that is exactly a server dropping the connection. On another
    server, fall back to a reply whose body is shorter than its Content-Length, then an error, so
    the client still sees a broken connection rather than a valid reply.
    """
    record_now = scope.get(RECORD_NOW_SCOPE_KEY)
    if callable(record_now):
        record_now()
    raw_send = scope.get(RAW_SEND_SCOPE_KEY, send)
    transport = getattr(getattr(raw_send, "__self__", None), "transport", None)
    abort = getattr(transport, "abort", None)
    if callable(abort):
        abort()
        # Let the server see the connection as lost before the app returns, so it does not
        # try to send its own 500 on a closed connection.
        for _ in range(3):
            await asyncio.sleep(0)
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
        }
    )
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise ConnectionAbortedError("injected fault: connection dropped")
