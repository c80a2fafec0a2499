"""One plottable, rendered inline as an iframe of its viewer URL on one account."""

from __future__ import annotations

import html
import threading
from collections.abc import Generator
from typing import Any

from graphistry.Plottable import Plottable
from traitlets import Int

from ..http.addresses import account_title
from ..http.transport import seconds
from ..plots.checks import require_plottable
from ..plots.grants import GrantUnavailable, dataset_of
from ..plots.job import PlotJob
from ..session.account import Account, AccountLike
from ._static import css, esm
from .base import WHERE_IT_SHOWS, ViewWidget, mirrored, mirrored_names


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
    """Size of the table being sent, in bytes."""
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

    def __init__(
        self,
        g: Plottable,
        account: Account,
        *,
        height: int,
        deadline_s: float,
        extra: dict[str, Any],
        **traits: Any,
    ) -> None:
        if not isinstance(height, int) or isinstance(height, bool):
            raise TypeError(f"height must be a whole number of pixels, not {type(height).__name__}")
        if height <= 0:
            raise ValueError(f"height must be a positive number of pixels, not {height!r}")
        deadline_s = seconds("deadline_s", deadline_s)
        super().__init__(extra, height=height, **traits)
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
        return self._job.wait(timeout)

    def __await__(self) -> Generator[Any, None, str]:
        """``url = await view``: :meth:`wait` without blocking the event loop (bound it with
        ``asyncio.wait_for``). Cancelling the awaiting task stops the upload, and the view
        says so."""
        return self._job.outcome().__await__()

    def _wait_until(self, deadline: float, timeout: float) -> str:
        """:meth:`wait`, ending at ``deadline`` (``time.monotonic()``) shared with other views."""
        return self._job.wait_until(deadline, timeout=timeout)

    def replot(self) -> None:
        """Uploads again (after the data changed, or a failure)."""
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
        threading.Thread(
            target=self._answer_grant_requests,
            name=f"graphistry-grant-{self.account_label}",
            daemon=True,
        ).start()

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

    def _static_html(self) -> str:
        return static_html(self)


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
        **kwargs: Any,
    ) -> None:
        g = require_plottable(g, "PlotWidget")
        super().__init__(
            g, Account.of(account, g), height=height, deadline_s=deadline_s, extra=kwargs
        )


def static_html(view: PlotView) -> str:
    """What renderers without widgets (nbconvert, a code host's preview) show: link and iframe."""
    title = account_title(view.account_user, view.account_server)
    who = html.escape(f"{view.account_label} ({title})")
    if view.status == "ready" and view.url:
        url = html.escape(view.url, quote=True)
        return (
            f'<div class="graphistry-plot"><p>Graphistry plot on {who}: '
            f'<a href="{url}" target="_blank" rel="noopener">open in a new tab</a></p>'
            f'<iframe src="{url}" title="Graphistry plot on {who}" '
            f'style="width:100%;height:{int(view.height)}px;border:1px solid #ddd" '
            f'allow="fullscreen"></iframe></div>'
        )
    return (
        f"<p>Graphistry plot on {who}: {html.escape(view.status)}. "
        f"{html.escape(WHERE_IT_SHOWS)}</p>"
    )
