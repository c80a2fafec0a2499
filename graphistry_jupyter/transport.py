"""Deadlines and upload progress for pygraphistry's HTTP calls, scoped to one worker thread.

pygraphistry calls the module functions ``requests.get``/``requests.post`` with no ``timeout``, so a
server that accepts a connection and never answers blocks the calling thread forever, and it offers
no progress hook for its uploads. Both are what a notebook widget needs. Every one of those
module functions goes through ``requests.api.request``; we wrap it once. The wrapper does nothing
unless the *current thread* has entered :func:`request_scope`, so code outside our worker threads
(the user's own ``requests`` calls, the global ``graphistry`` client) is untouched.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
import requests.api

ProgressCallback = Callable[[str, int, int], None]
"""``(stage, bytes_sent, bytes_total)`` for the request being sent."""


class DeadlineExceeded(TimeoutError):
    """The scope's deadline passed before the server answered."""


@dataclass
class RequestScope:
    """One thread's deadline and progress hook, and the HTTP statuses its requests got back."""

    deadline: float
    on_progress: ProgressCallback | None
    statuses: list[int] = field(default_factory=list)


_local = threading.local()
_original_request = requests.api.request
_install_lock = threading.Lock()


def _stage_for(method: str, url: str) -> str:
    """Names what a request does, in words for a progress line."""
    path = url.split("?", 1)[0]
    if path.endswith("/edges/arrow"):
        return "uploading edges"
    if path.endswith("/nodes/arrow"):
        return "uploading nodes"
    if path.endswith("/upload/datasets/") and method.lower() == "post":
        return "creating dataset"
    if "/api/v2/files/" in path or "/upload/files/" in path:
        return "uploading files"
    if path.endswith("/share/link/"):
        return "setting privacy"
    if "token/refresh" in path:
        return "refreshing session"
    return "contacting server"


class _ProgressBody(io.BytesIO):
    """A request body that reports how much of it the socket has read.

    http.client streams a file-like body in blocks with the Content-Length taken from ``len()``, so
    the bytes on the wire are exactly those of the original ``bytes`` body.
    """

    def __init__(self, data: bytes, report: Callable[[int], None]) -> None:
        super().__init__(data)
        self._report = report
        self._total = len(data)

    def __len__(self) -> int:
        return self._total

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self._report(self.tell())
        return chunk


def _scoped_request(method: str, url: str, **kwargs: Any) -> requests.Response:
    scope: RequestScope | None = getattr(_local, "scope", None)
    if scope is None:
        return _original_request(method, url, **kwargs)
    remaining = scope.deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded(f"no answer within the deadline ({method.upper()} {_path(url)})")
    if kwargs.get("timeout") is None:
        kwargs["timeout"] = remaining
    data = kwargs.get("data")
    if scope.on_progress is not None:
        stage = _stage_for(method, url)
        report = scope.on_progress
        if isinstance(data, bytes | bytearray | memoryview):
            raw = bytes(data)
            total = len(raw)
            report(stage, 0, total)
            kwargs["data"] = _ProgressBody(raw, lambda sent: report(stage, sent, total))
        else:
            report(stage, 0, 0)
    try:
        response = _original_request(method, url, **kwargs)
    except (requests.Timeout, requests.ConnectionError) as exc:
        if time.monotonic() >= scope.deadline:
            raise DeadlineExceeded(
                f"no answer within the deadline ({method.upper()} {_path(url)})"
            ) from exc
        raise
    # pygraphistry turns many replies into bare exceptions; the status tells what happened.
    scope.statuses.append(response.status_code)
    return response


def _path(url: str) -> str:
    after_scheme = url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    return after_scheme[slash:].split("?", 1)[0] if slash >= 0 else "/"


def install() -> None:
    """Wraps ``requests.api.request`` once per process (idempotent)."""
    with _install_lock:
        if requests.api.request is not _scoped_request:
            # The wrapper accepts what requests.api.request accepts and passes it on unchanged.
            requests.api.request = _scoped_request  # type: ignore[assignment]


@contextlib.contextmanager
def request_scope(
    deadline_s: float, on_progress: ProgressCallback | None = None
) -> Iterator[RequestScope]:
    """Within this block, every HTTP call this thread makes through ``requests`` must finish
    within ``deadline_s`` seconds from now, and reports its upload progress to ``on_progress``."""
    install()
    previous = getattr(_local, "scope", None)
    scope = RequestScope(time.monotonic() + deadline_s, on_progress)
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = previous
