"""Uploading a plottable through an account's client, and remembering where each one is shown.

A plottable is re-bound to the client with ``set_client_for`` at plot time (one made before a
login carries the session that login replaced), uploaded with pygraphistry's own
``plot(render=False)``, and its viewer URL kept per plottable so that showing it again on the same
account (a switcher moving back) costs no upload.

Two changes to how pygraphistry uploads, both inside the uploader its own ``plot()`` builds:

- its ``ArrowUploader.post`` creates the dataset, then posts the edges, then the nodes, one after
  the other. The two posts need only the dataset, so here they go at the same time (each on its
  own kept-alive connection of the account): a plot with nodes waits for two round trips, the
  protocol's floor, instead of three;
- each table is converted to Arrow and sent batch by batch, starting before the dataset is
  created, instead of converted whole and posted as one buffer (``streaming.py`` says why).

Everything else (the create's JSON, the encodings, the privacy call, the URL, the conversion of
each batch) is pygraphistry's own code.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
import pyarrow as pa
import requests
from graphistry.arrow_uploader import ArrowUploader
from graphistry.Plottable import Plottable
from graphistry.plotter import Plotter

from ..http.client import JupyterClient
from ..http.redaction import quiet_library_errors, shown
from ..http.transport import (
    Cancellation,
    ConnectionPool,
    ProgressCallback,
    RequestScope,
    RowsCallback,
    current_scope,
    entered,
    request_scope,
)
from ..protocol.privacy import normalize_privacy
from .checks import check_plottable
from .errors import (
    CANCELLED,
    PlotCancelled,
    PlotError,
    SessionExpired,
    describe_plot_failure,
    session_ended,
)
from .streaming import StreamedTable, post_table, refuses_chunked, streamable

WAITING_STAGE = "waiting for the account"
_UPLOAD_STAGES = ("uploading edges", "uploading nodes")
BOTH_UPLOADS_STAGE = "uploading edges and nodes"


@dataclass(frozen=True)
class PlotResult:
    """Where a plot can be viewed."""

    url: str
    privacy: str
    reused: bool = False


class PlotCache:
    """The viewer URL of each plottable uploaded since the last login; forgets dead plottables."""

    def __init__(self) -> None:
        self._urls: weakref.WeakKeyDictionary[Plottable, PlotResult] = weakref.WeakKeyDictionary()

    def get(self, g: Plottable) -> PlotResult | None:
        cached = self._urls.get(g)
        return PlotResult(cached.url, cached.privacy, reused=True) if cached else None

    def put(self, g: Plottable, result: PlotResult) -> None:
        self._urls[g] = result

    def clear(self) -> None:
        self._urls.clear()


def bind(client: JupyterClient, g: Plottable) -> tuple[Plottable, str]:
    """``g`` re-bound to ``client``'s current session, and the privacy it will be shared with.

    Checks the data first: a plottable that would plot wrong fails here, before any request.
    """
    checked = check_plottable(g)
    bound = client.set_client_for(cast(Plotter, checked.plottable))
    if not getattr(bound, "_name", None):
        # pygraphistry would call it "Untitled <random>": name it for what it is, so the same
        # graph has the same title on every server and in every pane of compare().
        bound = bound.name(checked.size.title())  # type: ignore[no-untyped-call]
    return bound, privacy_of(bound, client)


def refresh_session(client: JupyterClient, *, server: str, deadline_s: float) -> None:
    """Refreshes the token when it is about to expire (no request otherwise), so the upload
    itself never writes into the client's session."""
    try:
        with (
            quiet_library_errors(),
            request_scope(deadline_s, connections=client.connections) as scope,
        ):
            client.refresh()
    except Exception as exc:
        if _is_refresh_failure(exc) or 401 in scope.statuses:
            raise SessionExpired(session_ended(server)) from None
        raise PlotError(
            shown(
                describe_plot_failure(exc, server=server, stage="refreshing", deadline_s=deadline_s)
            )
        ) from None


def upload(
    bound: Plottable,
    privacy: str,
    *,
    server: str,
    deadline_s: float,
    on_progress: ProgressCallback | None = None,
    cancellation: Cancellation | None = None,
    on_rows: RowsCallback | None = None,
) -> PlotResult:
    """Uploads a plottable made by :func:`bind` (blocking: call it on a worker thread).

    Raises :class:`SessionExpired` when the server no longer accepts the session (it answered
    401, or the refresh failed), :class:`PlotCancelled` once ``cancellation`` is cancelled, and
    :class:`PlotError` with a sentence for everything else.
    """
    progress = UploadProgress(on_progress, on_rows)
    plotter = cast(Plotter, bound)
    connections = getattr(getattr(plotter, "_pygraphistry", None), "connections", None)
    try:
        with (
            quiet_library_errors(),
            request_scope(
                deadline_s,
                progress.report,
                connections=connections if isinstance(connections, ConnectionPool) else None,
                cancellation=cancellation,
                on_rows=progress.report_rows,
            ) as scope,
            _streamed_uploads(plotter) as streamed,
        ):
            url = str(streamed.plot(render=False, memoize=_worth_memoizing(plotter)))
    except Exception as exc:
        if cancellation is not None and cancellation.cancelled:
            raise PlotCancelled(CANCELLED) from None
        if _is_refresh_failure(exc) or 401 in scope.statuses:
            raise SessionExpired(session_ended(server)) from None
        message = describe_plot_failure(
            exc,
            server=server,
            stage=progress.stage,
            deadline_s=deadline_s,
            statuses=scope.statuses,
        )
        # Not chained: the library's exception can hold the server's reply verbatim.
        raise PlotError(shown(message)) from None
    return PlotResult(url, privacy)


def _worth_memoizing(plotter: Plotter) -> bool:
    """Whether pygraphistry's memoized conversion to Arrow pays: not for pandas tables.

    To memoize, pygraphistry hashes every row of a pandas table on every plot, and the cache only
    hits while the Arrow copy of identical data is still alive. Converting a pandas table costs
    less than hashing it (1M edges: ~1 ms against ~35 ms), so we convert. Other frame types
    (cuDF, Spark, ...) keep pygraphistry's default.
    """
    tables = (plotter._edges, plotter._nodes)
    return not all(t is None or isinstance(t, pd.DataFrame | pa.Table) for t in tables)


class UploadProgress:
    """Reports a plot's requests as one progress line: while the edges and the nodes go up at
    the same time, their bytes (and rows) add up under one stage; a total stays unknown (0)
    while either table's is. Called from both upload threads."""

    def __init__(
        self, on_progress: ProgressCallback | None, on_rows: RowsCallback | None = None
    ) -> None:
        self._on_progress = on_progress
        self._on_rows = on_rows
        self._lock = threading.Lock()
        self._uploads: dict[str, tuple[int, int]] = {}
        self._rows: dict[str, tuple[int, int]] = {}
        self.stage = WAITING_STAGE
        """What the plot was doing last, for an error message."""

    def report(self, stage: str, sent: int, total: int) -> None:
        with self._lock:
            if stage in _UPLOAD_STAGES:
                self._uploads[stage] = (sent, total)
                if len(self._uploads) > 1:
                    stage, sent, total = _both(self._uploads)
            self.stage = stage
            if self._on_progress is not None:
                self._on_progress(stage, sent, total)

    def report_rows(self, stage: str, sent: int, total: int) -> None:
        with self._lock:
            self._rows[stage] = (sent, total)
            if len(self._rows) > 1:
                stage, sent, total = _both(self._rows)
            if self._on_rows is not None:
                self._on_rows(stage, sent, total)


def _both(uploads: dict[str, tuple[int, int]]) -> tuple[str, int, int]:
    """The edges' and nodes' progress as one: their sum, of a total known once both are."""
    totals = [t for _, t in uploads.values()]
    total = sum(totals) if all(totals) else 0
    return BOTH_UPLOADS_STAGE, sum(s for s, _ in uploads.values()), total


@contextmanager
def _streamed_uploads(plotter: Plotter) -> Iterator[Plotter]:
    """``plotter`` (a copy of its own, from :func:`bind`) whose ``plot()`` streams each table
    and posts the edges and the nodes at the same time; conversions still running when the
    block ends (the plot failed) are stopped.

    pygraphistry's ``plot()`` builds an ``ArrowUploader`` in ``_plot_dispatch``, then calls its
    ``post()``. Here ``_plot_dispatch`` starts converting each streamable table, builds
    pygraphistry's uploader over a one-row sample of each (its checks read the columns), and
    gives that uploader a ``post_arrow_generic`` that sends the stream, and a ``post()`` that
    runs the class's own under :func:`_concurrent_posts`. Other inputs (igraph, networkx, cuDF)
    keep pygraphistry's conversion.
    """
    dispatch: Callable[..., ArrowUploader] = plotter._plot_dispatch
    streams: list[StreamedTable] = []

    def convert(frame: pd.DataFrame) -> pa.Table:
        table = plotter._table_to_arrow(frame, False)
        assert table is not None
        return table

    def dispatch_streamed(graph: Any, nodes: Any, *args: Any, **kwargs: Any) -> ArrowUploader:
        if not (streamable(graph) and (nodes is None or streamable(nodes))):
            return _overlapping(dispatch(graph, nodes, *args, **kwargs))
        # pygraphistry's uploader posts to this address (_make_arrow_dataset).
        server = f"{plotter.session.protocol}://{plotter.session.hostname}"
        spool = refuses_chunked(server)
        tables = {"edges": StreamedTable(graph, convert, "edge", spool=spool)}
        if nodes is not None:
            tables["nodes"] = StreamedTable(nodes, convert, "node", spool=spool)
        streams.extend(tables.values())
        samples = {kind: table.sample() for kind, table in tables.items()}
        uploader = dispatch(samples["edges"], samples.get("nodes"), *args, **kwargs)

        def post_streamed(sub_path: str, token: str, _arr: Any, opts: str = "") -> Any:
            kind = "nodes" if sub_path.endswith("/nodes/arrow") else "edges"
            url = f"{uploader.server_base_path}/{sub_path}" + (f"?{opts}" if opts else "")
            response = post_table(
                tables[kind],
                url,
                server=uploader.server_base_path,
                headers=_trace_headers({"Authorization": f"Bearer {token}"}),
                verify=uploader.certificate_validation,
                stage=f"uploading {kind}",
            )
            if response.status_code != requests.codes.ok:  # as pygraphistry's own post
                response.raise_for_status()
            return response

        vars(uploader)["post_arrow_generic"] = post_streamed
        return _overlapping(uploader)

    vars(plotter)["_plot_dispatch"] = dispatch_streamed
    try:
        yield plotter
    finally:
        for table in streams:
            table.close()


def _trace_headers(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` with pygraphistry's tracing headers, when this version sends them."""
    try:
        from graphistry.otel import inject_trace_headers
    except ImportError:
        return headers
    return inject_trace_headers(headers)


def _overlapping(uploader: ArrowUploader) -> ArrowUploader:
    """``uploader`` whose ``post()`` runs the class's own under :func:`_concurrent_posts`."""
    post = uploader.post

    def post_overlapping(*post_args: Any, **post_kwargs: Any) -> ArrowUploader:
        with _concurrent_posts(uploader):
            return post(*post_args, **post_kwargs)

    vars(uploader)["post"] = post_overlapping
    return uploader


@contextmanager
def _concurrent_posts(uploader: ArrowUploader) -> Iterator[None]:
    """Within the block, the uploader's edges post runs on a helper thread (in this thread's
    request scope) while the caller goes on to post the nodes; the block ends when both have.

    With no nodes there is nothing to overlap, and the edges go up on this thread.
    """
    scope = current_scope()
    if uploader.nodes is None or scope is None:
        yield
        return
    posts: list[_Post] = []

    def post_edges_arrow(*args: Any, **kwargs: Any) -> None:
        post = _Post(scope, lambda: ArrowUploader.post_edges_arrow(uploader, *args, **kwargs))
        posts.append(post)
        post.start()

    vars(uploader)["post_edges_arrow"] = post_edges_arrow
    try:
        yield
    finally:
        del vars(uploader)["post_edges_arrow"]
        for post in posts:
            post.join()  # within the scope's deadline, which each request honours
    for post in posts:
        post.raise_failure()


class _Post(threading.Thread):
    """One upload request on a helper thread, in the request scope of the thread that started it."""

    def __init__(self, scope: RequestScope, send: Callable[[], object]) -> None:
        super().__init__(name="graphistry-upload", daemon=True)
        self._scope = scope
        self._send = send
        self._failure: BaseException | None = None

    def run(self) -> None:
        try:
            # As quiet as the upload's own thread: its failure is reported there, in a sentence.
            with entered(self._scope), quiet_library_errors():
                self._send()
        except BaseException as exc:
            self._failure = exc

    def raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure


def privacy_of(bound: Plottable, client: JupyterClient) -> str:
    """The privacy ``bound`` will be shared with: its own, else the client's, else ``""``."""
    mode = None
    plot_privacy = getattr(bound, "_privacy", None)
    if isinstance(plot_privacy, dict):
        mode = plot_privacy.get("mode")
    if mode is None and isinstance(client.session.privacy, dict):
        mode = client.session.privacy.get("mode")
    return normalize_privacy(mode) if mode else ""


def _is_refresh_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "failed to refresh token" in text or type(exc).__name__ == "TokenExpireException"
