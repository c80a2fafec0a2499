"""One plottable, rendered inline as an iframe of its viewer URL on one account."""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Generator
from typing import Any

from graphistry.Plottable import Plottable
from traitlets import Bool, Int

from ..http.addresses import account_title
from ..http.kernel_thread import in_background
from ..http.transport import seconds
from ..plots.checks import require_plottable
from ..plots.errors import PlotError
from ..plots.grants import GrantUnavailable, dataset_of
from ..plots.job import PlotJob
from ..session.account import Account, AccountLike
from . import snapshot as snapshots
from ._static import css, esm
from .base import ViewWidget, mirrored, mirrored_names

_log = logging.getLogger(__name__)

CLOSED = "This plot was closed: make a new one to plot again (PlotWidget(g) or login.plot(g))."


class PlotView(ViewWidget):
    """The synced state of one inline plot, mirrored from its :class:`PlotJob`.

    Shared by :class:`PlotWidget` and the switcher: both show one plot of one account.
    """

    _conversation = "plot"

    status = mirrored(PlotJob.status)
    """waiting (for the account to log in), uploading, ready or error."""
    stage = mirrored(PlotJob.stage)
    """What is happening now, in words."""
    bytes_sent = mirrored(PlotJob.bytes_sent)
    """Bytes of the table being sent that have gone out so far."""
    bytes_total = mirrored(PlotJob.bytes_total)
    """Size of the table being sent, in bytes; 0 while unknown."""
    rows_sent = mirrored(PlotJob.rows_sent)
    """Rows streamed so far: the progress shown while the byte size is unknown (dask, polars)."""
    rows_total = mirrored(PlotJob.rows_total)
    """Rows of the tables being streamed, in all; 0 while unknown."""
    url = mirrored(PlotJob.url)
    """The viewer URL, once ready."""
    error = mirrored(PlotJob.error)
    """Why the plot failed, in a sentence."""
    privacy = mirrored(PlotJob.privacy)
    """The plot's privacy: ``""`` (server default), private, organization or public."""
    account_label = mirrored(PlotJob.account_label)
    """The short name of the account showing the plot."""
    account_color = mirrored(PlotJob.account_color)
    """That account's badge color."""
    account_user = mirrored(PlotJob.account_user)
    """The user logged in on that account; ``""`` while nobody is."""
    account_server = mirrored(PlotJob.account_server)
    """``host[:port]`` of that account's server."""
    certificate_validation = mirrored(PlotJob.certificate_validation)
    """False when that account does not check its server's TLS certificate (the header warns)."""
    deadline_s = mirrored(PlotJob.deadline_s)
    """How long one request of the upload may wait for the server, in seconds."""
    edge_rows = mirrored(PlotJob.edge_rows)
    """Rows of the plotted edge table (compare() shows them per pane)."""
    node_rows = mirrored(PlotJob.node_rows)
    """Rows of the plotted node table; 0 when the plot has none."""
    uploaded_at = mirrored(PlotJob.uploaded_at)
    """When the plot shown was uploaded, in epoch seconds; 0 when unknown."""
    height = Int(600).tag(sync=True)
    """Height of the inline viewer, in pixels."""
    snapshot = Bool(True).tag(sync=True)
    """Whether the view asks its viewer for a snapshot of the drawn graph, which the static
    output (and so the saved notebook) shows (snapshot.py)."""

    def __init__(
        self,
        g: Plottable,
        account: Account,
        *,
        height: int,
        deadline_s: float,
        extra: dict[str, Any],
        snapshot: bool | None = None,
        **traits: Any,
    ) -> None:
        if not isinstance(height, int) or isinstance(height, bool):
            raise TypeError(f"height must be a whole number of pixels, not {type(height).__name__}")
        if height <= 0:
            raise ValueError(f"height must be a positive number of pixels, not {height!r}")
        deadline_s = seconds("deadline_s", deadline_s)
        if snapshot is not None and not isinstance(snapshot, bool):
            raise TypeError(f"snapshot must be True, False or None, not {type(snapshot).__name__}")
        if snapshot is None:
            snapshot = snapshots.default_for(account)
        # The snapshot shown and the plot URL it was taken of: a new upload makes it stale.
        self._snapshot: tuple[str, bytes] | None = None
        self._title = _title_of(g)
        super().__init__(extra, height=height, snapshot=snapshot, **traits)
        self._grant_lock = threading.Lock()
        self._grant_in_flight = False
        self._grant_wanted: tuple[str, str] | None = None  # the last request not yet answered
        self._job = PlotJob(g, account, deadline_s=deadline_s, start=False)
        self._mirror(self._job, mirrored_names(PlotView))
        self._job.start()  # after the links: each change of the upload reaches the view
        # The one setting a person may change on the view: it applies to the next upload.
        self._watch(self, self._deadline_changed, ["deadline_s"])
        self._on_close(self._job.close)

    def __repr__(self) -> str:
        who = account_title(self.account_user, self.account_server) or self.account_label
        return f"{type(self).__name__}({who}, status={self.status!r})"

    @property
    def account(self) -> Account:
        """The account showing the plot now."""
        return self._job.account

    def wait(self, timeout: float = 60.0) -> str:
        """Blocks until the plot is ready and returns its URL; raises PlotError if it failed."""
        try:
            return self._job.wait(timeout)
        finally:
            self._static.settle()

    def __await__(self) -> Generator[Any, None, str]:
        """``url = await view``: :meth:`wait` without blocking the event loop (bound it with
        ``asyncio.wait_for``). Cancelling the awaiting task stops the upload, and the view
        says so."""
        return self._awaited().__await__()

    async def _awaited(self) -> str:
        try:
            return await self._job.outcome()
        finally:
            # On the loop's thread (the cell's, in a kernel), as wait() does from its own.
            self._static.settle()

    def _wait_until(self, deadline: float, timeout: float) -> str:
        """:meth:`wait`, ending at ``deadline`` (``time.monotonic()``) shared with other views."""
        try:
            return self._job.wait_until(deadline, timeout=timeout)
        finally:
            self._static.settle()

    def replot(self) -> None:
        """Uploads again (after the data changed, or a failure); a closed plot refuses."""
        if self._job.closed:
            raise PlotError(CLOSED)
        self._job.start(reuse=False)

    def _deadline_changed(self, change: dict[str, Any]) -> None:
        self._job.deadline_s = change["new"]

    def _on_replot_message(self, _content: dict[str, Any]) -> None:
        self.replot()

    def _on_grant_request_message(self, content: dict[str, Any]) -> None:
        # The frame is ready (or refused an expired grant): single sign-in, docs/single-sign-in.md.
        dataset = dataset_of(self.url)
        if not dataset or content.get("dataset") != dataset:
            return  # a frame only ever gets a grant for the plot this view shows
        to = str(content["to"])
        # One request in flight per view: a frame (or a page posing as one) that repeats
        # "viewer-ready" gets one answer for the last request, not a thread and a request each.
        with self._grant_lock:
            self._grant_wanted = (dataset, to)
            if self._grant_in_flight:
                return
            self._grant_in_flight = True
        in_background(self._answer_grant_requests, name=f"graphistry-grant-{self.account_label}")

    def _answer_grant_requests(self) -> None:
        while True:
            with self._grant_lock:
                wanted, self._grant_wanted = self._grant_wanted, None
                if wanted is None:
                    self._grant_in_flight = False
                    return
            self._send_grant(self.account, *wanted)

    def _send_grant(self, account: Account, dataset: str, to: str) -> None:
        try:
            grant = account.view_grant(dataset)
        except GrantUnavailable as exc:
            self._send_to_view(
                "no_grant",
                dataset=dataset,
                to=to,
                reason=str(exc),
                unsupported=exc.unsupported,
            )
            return
        if dataset_of(self.url) == dataset:  # not moved to another account meanwhile
            # A custom message only: never a trait, so never saved with the notebook.
            self._send_to_view("grant", dataset=dataset, to=to, grant=grant.token)

    def _on_snapshot_message(self, content: dict[str, Any]) -> None:
        dataset = dataset_of(self.url)
        if not self.snapshot or not dataset or content.get("dataset") != dataset:
            return  # turned off, or a picture of another plot than the one shown now
        try:
            png = snapshots.checked_png(content["png"])
        except snapshots.SnapshotRefused as exc:
            _log.warning("graphistry-jupyter: a plot view's snapshot was refused: %s", exc)
            return
        self._snapshot = (self.url, png)
        self._static.refresh()

    def snapshot_png(self) -> bytes | None:
        """The PNG the static output shows for the current plot, if its viewer sent one."""
        taken = self._snapshot
        return taken[1] if taken is not None and taken[0] == self.url and self.snapshot else None

    def _static_inner(self) -> str:
        return static_inner(self)


class PlotWidget(PlotView):
    """An inline plot: progress while uploading, then the Graphistry viewer in an iframe.

    >>> view = PlotWidget(g, account=prod)      # or prod.plot(g)
    >>> view.wait(30)                            # the viewer URL, or PlotError
    >>> url = await view                         # the same, in an event loop
    """

    _esm = esm("plot")
    _css = css()

    def __init__(
        self,
        g: Plottable,
        account: AccountLike | None = None,
        height: int = 600,
        *,
        deadline_s: float = 60.0,
        snapshot: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """``snapshot``: whether the saved notebook shows a picture of the drawn graph (the
        picture and its labels, nothing else); ``None`` follows the login's ``snapshot``."""
        g = require_plottable(g, "PlotWidget")
        super().__init__(
            g,
            Account.of(account, g),
            height=height,
            deadline_s=deadline_s,
            snapshot=snapshot,
            extra=kwargs,
        )


NO_PICTURE = "No picture: no browser drew this graph before the notebook was saved."
"""What a ready plot's static output says where a snapshot would be, when none was taken."""
NO_PICTURE_OFF = "No picture: snapshots are off for this plot (snapshot=False)."
"""The same, when the plot or its login turned snapshots off."""


def _title_of(g: Plottable) -> str:
    name = getattr(g, "_name", None)
    return name.strip() if isinstance(name, str) and name.strip() else ""


def static_inner(view: PlotView) -> str:
    """What the plot's static output says: its state when last changed, and once ready its
    snapshot, title, account and a plain link to the plot on its server (never a grant)."""
    who = html.escape(view.account_label or "account")
    where = account_title(view.account_user, view.account_server)
    if where:
        who += f" ({html.escape(where)})"
    title = html.escape(view._title or "Graphistry plot")
    if view.status == "ready" and view.url:
        url = html.escape(view.url, quote=True)
        png = view.snapshot_png()
        if png is not None:
            picture = f'<img src="{snapshots.data_url(png)}" alt="Snapshot of {title} on {who}">'
        elif view.snapshot:
            # Only a browser draws the graph: an export run by nbclient, or a save before the
            # viewer was laid out, has no picture to show.
            picture = f"<p>{NO_PICTURE}</p>"
        else:
            picture = f"<p>{NO_PICTURE_OFF}</p>"
        return (
            f"<p><strong>{title}</strong> on {who}</p>{picture}"
            f'<p><a href="{url}" target="_blank" rel="noopener">Open the plot on its server</a>'
            " (run the cell to show it here again)</p>"
        )
    if view.status == "error":
        sentence = view.error or "The plot failed."
        return f"<p><strong>{title}</strong> on {who}: {html.escape(sentence)}</p>"
    doing = "waiting for its login" if view.status == "waiting" else "uploading"
    return f"<p><strong>{title}</strong> on {who}: {doing} when saved. Run the cell to show it.</p>"
