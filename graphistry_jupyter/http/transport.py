"""Deadlines, upload progress and kept-alive connections for pygraphistry's HTTP calls, scoped to
one worker thread.

pygraphistry calls the module functions ``requests.get``/``requests.post`` with no ``timeout``, so a
server that accepts a connection and never answers blocks the calling thread forever; it offers
no progress hook for its uploads; and each call opens a fresh connection (a TCP, and over https a
TLS, handshake per request). A notebook widget needs deadlines and progress, and an account that
plots repeatedly gains from keeping its connections. Every one of those module functions goes
through ``requests.api.request``; we wrap it once. The wrapper does nothing unless the *current
thread* has entered :func:`request_scope`, so code outside our worker threads (the user's own
``requests`` calls, the global ``graphistry`` client) is untouched. A scope given a
:class:`ConnectionPool` sends its requests through that pool's sessions instead of a new one each.

A deadline bounds the whole request, not each socket read: ``requests``' ``timeout`` applies per
read, so a server that trickles its reply a byte at a time would never trip it. Each scoped
request arms a :class:`_Cutoff` that shuts down the sockets it uses when the deadline passes; to
know them, urllib3's pools hand each connection they give out to the thread's cutoff (a wrap that,
like the one above, does nothing on threads outside a scope).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
import requests.api
import urllib3.connectionpool

ProgressCallback = Callable[[str, int, int], None]
"""``(stage, bytes_sent, bytes_total)`` for the request being sent."""
RowsCallback = Callable[[str, int, int], None]
"""``(stage, rows_sent, rows_total)`` for a table streamed in batches; ``rows_total`` is 0 when
the table's length is unknown (a dask or lazy polars table: counting would cost a pass)."""


class DeadlineExceeded(TimeoutError):
    """The scope's deadline passed before the server answered (the sentence names the server)."""


class RequestCancelled(Exception):
    """The scope's work was abandoned (:meth:`Cancellation.cancel`): its requests were cut."""


class Cancellation:
    """Abandons one scope's requests from another thread: the one in flight has its connections
    shut down (as when its deadline passes), and no later one starts. The task awaiting a plot
    was cancelled, say: the upload must stop sending, and its connections stay reusable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._cutoffs: list[_Cutoff] = []

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` ran."""
        return self._cancelled

    def cancel(self) -> None:
        """Cuts the request in flight and refuses the next ones (idempotent, any thread)."""
        with self._lock:
            self._cancelled = True
            cutoffs, self._cutoffs = self._cutoffs, []
        for cutoff in cutoffs:
            cutoff.fire_now()

    def _watch(self, cutoff: _Cutoff) -> None:
        with self._lock:
            if not self._cancelled:
                self._cutoffs.append(cutoff)
                return
        cutoff.fire_now()

    def _unwatch(self, cutoff: _Cutoff) -> None:
        with self._lock:
            if cutoff in self._cutoffs:
                self._cutoffs.remove(cutoff)


def seconds(name: str, value: object) -> float:
    """A deadline argument in seconds, as a float; :class:`TypeError` naming it when it is not a
    number (``True`` is not one)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    return float(value)


MAX_IDLE_SESSIONS = 4
"""Sessions a pool keeps open between requests (a plot uses at most two at once)."""


class ConnectionPool:
    """Kept-alive HTTP connections of one account: ``requests.Session`` objects, each used by one
    thread at a time (a session is not thread-safe), so two uploads of one plot that run at once
    each get their own, and both stay open for the next plot.

    Cookies are not kept between requests: pygraphistry's module-level calls never send any, and
    a pooled session must not start to.
    """

    def __init__(self) -> None:
        self._idle: list[requests.Session] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextlib.contextmanager
    def session(self) -> Iterator[requests.Session]:
        """An idle session (or a new one) for one request; back in the pool afterwards."""
        with self._lock:
            session = self._idle.pop() if self._idle else None
        if session is None:
            session = requests.Session()
        try:
            yield session
        finally:
            session.cookies.clear()
            with self._lock:
                keep = not self._closed and len(self._idle) < MAX_IDLE_SESSIONS
                if keep:
                    self._idle.append(session)
            if not keep:
                session.close()

    def close(self) -> None:
        """Closes every idle connection; sessions in use close when their request ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for session in idle:
            session.close()


@dataclass
class RequestScope:
    """One thread's deadline, progress hook and connections, and the HTTP statuses its requests
    got back."""

    deadline: float
    on_progress: ProgressCallback | None
    connections: ConnectionPool | None = None
    statuses: list[int] = field(default_factory=list)
    cancellation: Cancellation | None = None
    on_rows: RowsCallback | None = None


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


PROGRESS_BLOCKS = 64
"""A reported body goes out in about this many blocks (within the bounds below)."""
MIN_BLOCK_BYTES = 64 * 1024
MAX_BLOCK_BYTES = 1024 * 1024


class _ProgressBody:
    """A request body that reports how much of it has been handed to the socket.

    It is an iterable of ``memoryview`` slices (no copies) with a ``len()``: requests then sends
    exactly the original bytes with that Content-Length, and urllib3 writes one block at a time,
    reporting after each. Blocks are ~1/64 of the body (64 KiB to 1 MiB): fine enough for a
    progress bar, coarse enough that a 36 MB upload costs ~60 writes, not urllib3's 16 KiB
    file-like reads (~2,200 writes and copies).
    """

    def __init__(self, data: bytes, report: Callable[[int], None]) -> None:
        self._data = memoryview(data)
        self._report = report
        self._block = min(MAX_BLOCK_BYTES, max(MIN_BLOCK_BYTES, len(data) // PROGRESS_BLOCKS))

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[memoryview]:
        data, block, report = self._data, self._block, self._report
        total = len(data)
        for start in range(0, total, block):
            yield data[start : start + block]
            report(min(start + block, total))  # resumed: the block was written


class _Cutoff:
    """Shuts down the connections of one request when its deadline passes, which ends whatever
    read or write the request is blocked in; until then it only collects them."""

    RECHECK_S = 0.05
    """After the deadline, how often a connection still being opened is looked at again."""

    def __init__(self, after_s: float) -> None:
        self._connections: list[object] = []
        self._lock = threading.Lock()
        self.fired = False
        self._cancelled = False
        self._timer = self._arm(after_s)

    def _arm(self, after_s: float) -> threading.Timer:
        timer = threading.Timer(after_s, self._fire)
        timer.daemon = True
        timer.start()
        return timer

    def add(self, connection: object) -> None:
        with self._lock:
            self._connections.append(connection)
            fired = self.fired
        if fired:
            _shut_down(connection)

    def _fire(self) -> None:
        with self._lock:
            if self._cancelled:
                return
            self.fired = True
            connections = list(self._connections)
        opening = [c for c in connections if not _shut_down(c)]
        if opening:  # its socket is not there yet: cut it as soon as it is
            with self._lock:
                if not self._cancelled:
                    self._timer = self._arm(self.RECHECK_S)

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            self._connections.clear()
            timer = self._timer
        timer.cancel()

    def fire_now(self) -> None:
        """Cuts the request before its deadline (its work was abandoned)."""
        with self._lock:
            self._timer.cancel()
        self._fire()


def _shut_down(connection: object) -> bool:
    """Shuts the connection's socket down both ways; ``False`` when it has no socket yet."""
    sock = getattr(connection, "sock", None)
    if sock is None:
        return False
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    return True


_original_get_conn = urllib3.connectionpool.HTTPConnectionPool._get_conn


def _watched_get_conn(
    pool: urllib3.connectionpool.HTTPConnectionPool, timeout: float | None = None
) -> Any:
    connection = _original_get_conn(pool, timeout)
    cutoff: _Cutoff | None = getattr(_local, "cutoff", None)
    if cutoff is not None:
        cutoff.add(connection)
    return connection


def _scoped_request(method: str, url: str, **kwargs: Any) -> requests.Response:
    scope: RequestScope | None = getattr(_local, "scope", None)
    if scope is None:
        return _original_request(method, url, **kwargs)
    cancellation = scope.cancellation
    if cancellation is not None and cancellation.cancelled:
        raise _cancelled(method, url)
    remaining = scope.deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow(method, url)
    if kwargs.get("timeout") is None:
        kwargs["timeout"] = remaining
    data = kwargs.get("data")
    if scope.on_progress is not None:
        stage = _stage_for(method, url)
        report = scope.on_progress
        if isinstance(data, bytes | bytearray | memoryview) and len(data) > 0:
            raw = bytes(data)
            total = len(raw)
            report(stage, 0, total)
            kwargs["data"] = _ProgressBody(raw, lambda sent: report(stage, sent, total))
        else:
            report(stage, 0, 0)
    cutoff = _Cutoff(remaining)
    _local.cutoff = cutoff
    if cancellation is not None:
        cancellation._watch(cutoff)
    try:
        if scope.connections is None:
            response = _original_request(method, url, **kwargs)
        else:
            with scope.connections.session() as session:
                response = session.request(method, url, **kwargs)
    except (requests.RequestException, OSError) as exc:
        if cancellation is not None and cancellation.cancelled:
            raise _cancelled(method, url) from exc
        if cutoff.fired or time.monotonic() >= scope.deadline:
            raise _too_slow(method, url) from exc
        raise
    finally:
        _local.cutoff = None
        cutoff.cancel()
        if cancellation is not None:
            cancellation._unwatch(cutoff)
    if cancellation is not None and cancellation.cancelled:
        raise _cancelled(method, url)
    if cutoff.fired:  # a reply cut short can parse as a whole one (headers ended early, no body)
        raise _too_slow(method, url)
    # pygraphistry turns many replies into bare exceptions; the status tells what happened.
    scope.statuses.append(response.status_code)
    return response


def _too_slow(method: str, url: str) -> DeadlineExceeded:
    return DeadlineExceeded(
        f"{_host(url)} did not answer within the deadline ({method.upper()} {_path(url)})"
    )


def _cancelled(method: str, url: str) -> RequestCancelled:
    return RequestCancelled(f"Cancelled: {method.upper()} {_path(url)} to {_host(url)}")


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]


def _path(url: str) -> str:
    after_scheme = url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    return after_scheme[slash:].split("?", 1)[0] if slash >= 0 else "/"


def install() -> None:
    """Wraps ``requests.api.request`` and urllib3's pools' ``_get_conn`` once per process
    (idempotent)."""
    with _install_lock:
        if requests.api.request is not _scoped_request:
            # The wrapper accepts what requests.api.request accepts and passes it on unchanged.
            requests.api.request = _scoped_request  # type: ignore[assignment]
        pools = urllib3.connectionpool.HTTPConnectionPool
        if pools._get_conn is not _watched_get_conn:
            pools._get_conn = _watched_get_conn  # type: ignore[method-assign, assignment]


@contextlib.contextmanager
def request_scope(
    deadline_s: float,
    on_progress: ProgressCallback | None = None,
    *,
    connections: ConnectionPool | None = None,
    cancellation: Cancellation | None = None,
    on_rows: RowsCallback | None = None,
) -> Iterator[RequestScope]:
    """Within this block, every HTTP call this thread makes through ``requests`` must finish
    within ``deadline_s`` seconds from now, reports its upload progress to ``on_progress``, goes
    through ``connections`` when given (else a new connection each, as pygraphistry does), and
    is cut, raising :class:`RequestCancelled`, once ``cancellation`` is cancelled. A table
    streamed in batches also reports its rows to ``on_rows`` (plots/streaming.py)."""
    scope = RequestScope(
        time.monotonic() + deadline_s,
        on_progress,
        connections,
        cancellation=cancellation,
        on_rows=on_rows,
    )
    with entered(scope):
        yield scope


def current_scope() -> RequestScope | None:
    """The scope this thread is in, to carry over to a helper thread with :func:`entered`."""
    return getattr(_local, "scope", None)


@contextlib.contextmanager
def entered(scope: RequestScope) -> Iterator[RequestScope]:
    """Puts this thread in ``scope`` (another thread's, shared: same deadline, progress hook,
    connections and list of statuses) for the block."""
    install()
    previous = getattr(_local, "scope", None)
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = previous
