"""One record per HTTP request the hub answered, for tests and benchmarks.

A record carries only what is safe to keep: method, path (no query string), status, the user the
request authenticated as, its duration, and whether its body came chunked. Never header values,
bodies or query strings, which is where passwords, key secrets and tokens travel.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..context import USER_STATE_KEY

#: Status recorded for a request whose connection was dropped without an HTTP reply.
NO_REPLY = 0

#: Key in the ASGI scope holding the server's own ``send`` (the fault layer needs the transport).
RAW_SEND_SCOPE_KEY = "graphistry_jupyter.raw_send"

#: Key in the ASGI scope holding a callable that records the request now (before a drop, whose
#: client may look at the records before the app returns).
RECORD_NOW_SCOPE_KEY = "graphistry_jupyter.record_now"

# An SSO state in a poll path can be redeemed for a token: keep it out of the records.
_SSO_POLL = re.compile(r"^(/api/v2/o/sso/oidc/jwt/)[^/]+(/?)$")


@dataclass(frozen=True)
class RequestRecord:
    """One request as the hub saw it.

    ``status`` is the HTTP status sent, or ``0`` when the connection was dropped without a
    reply (an injected ``drop`` fault, or the hub stopping). ``user`` is the username the
    request authenticated as (Bearer token, credentials, personal key or browser session), or
    ``None``. ``path`` has no query string, and SSO states in poll paths read ``{state}``.
    """

    method: str
    path: str
    status: int
    user: str | None
    duration_ms: float
    chunked: bool = False
    """Whether the body came with ``Transfer-Encoding: chunked`` (streamed, no length ahead)."""


def redact_path(path: str) -> str:
    """The path as recorded: SSO poll states replaced by ``{state}``."""
    return _SSO_POLL.sub(r"\1{state}\2", path)


def is_chunked(scope: Scope) -> bool:
    """Whether a request's body is sent chunked (its length unknown when it starts)."""
    return any(
        name.lower() == b"transfer-encoding" and b"chunked" in value.lower()
        for name, value in scope.get("headers", [])
    )


class RequestLog:
    """A thread-safe, append-only list of :class:`RequestRecord`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []

    def append(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def snapshot(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()


class RecordingMiddleware:
    """Outermost ASGI layer: times each HTTP request and appends a :class:`RequestRecord`."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: MutableMapping[str, Any] = scope.setdefault("state", {})
        scope[RAW_SEND_SCOPE_KEY] = send
        status = NO_REPLY
        recorded = False
        started = time.perf_counter()

        def record() -> None:
            nonlocal recorded
            if not recorded:
                recorded = True
                self.log.append(
                    RequestRecord(
                        method=str(scope["method"]),
                        path=redact_path(str(scope["path"])),
                        status=status,
                        user=state.get(USER_STATE_KEY),
                        duration_ms=(time.perf_counter() - started) * 1000.0,
                        chunked=is_chunked(scope),
                    )
                )

        scope[RECORD_NOW_SCOPE_KEY] = record

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                # Record before the last byte leaves: whoever got the reply finds its record.
                record()
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            record()
