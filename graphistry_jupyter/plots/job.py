"""One plottable shown on one account at a time: the upload job behind every plot view.

The job uploads on a worker thread through the account (never the kernel's thread), reports stage
and bytes as it goes, waits while the account is logged out, and plots again once it logs in. A
newer run supersedes an older one, whose late result is dropped. :meth:`PlotJob.close` stops
listening to the account, so a closed view never uploads again.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from graphistry.Plottable import Plottable
from traitlets import Bool, Enum, Float, HasTraits, Int, Unicode, validate

from ..http.awaiting import Pending
from ..http.kernel_thread import in_background
from ..http.redaction import shown
from ..http.transport import Cancellation
from ..protocol.privacy import PRIVACY_CHOICES
from .checks import graph_size
from .errors import CANCELLED, PlotError, session_ended

if TYPE_CHECKING:
    # Only for the types: an account plots through its jobs' views, not the reverse.
    from ..session.account import Account

PLOT_STATUSES = ("waiting", "uploading", "ready", "error")
"""waiting: for the account to log in; uploading; ready: ``url`` shows it; error: see ``error``."""

# Progress is throttled: every socket write of a large table would otherwise be one message to
# the front end. An update goes out when PROGRESS_INTERVAL_S has passed (a slow upload moves on
# screen at least that often), or when the upload has advanced by 1/PROGRESS_STEPS of its size
# and MIN_PROGRESS_INTERVAL_S has passed (a fast one, 36 MB in 0.1 s over loopback, still shows
# ~20 steps instead of sitting at 0% until done). Start and end are always reported.
PROGRESS_INTERVAL_S = 0.1
PROGRESS_STEPS = 25
MIN_PROGRESS_INTERVAL_S = 0.004
_ACCOUNT_TRAITS = ["status", "username", "label", "color"]
CLOSED = "The plot was closed before it was ready: plot it again in a new view."


def replaced_message(label: str) -> str:
    """What a plot says once its account made way for a newer one (``Account.retire``)."""
    return (
        f"This plot's login ({label}) was replaced by a newer one, made when its cell ran "
        "again: run this plot's cell again to plot there."
    )


class PlotJob(HasTraits):
    """The state of one plot, which a view mirrors; see :data:`PLOT_STATUSES`."""

    status = Enum(PLOT_STATUSES, "waiting")
    """waiting, uploading, ready or error."""
    stage = Unicode("")
    """What is happening now, in words ("uploading edges")."""
    bytes_sent = Int(0)
    """Bytes of the table being sent that have gone out so far."""
    bytes_total = Int(0)
    """Size of the table being sent, in bytes; 0 when no table is being sent, or its size is
    not known yet (a table streamed in batches whose length is unknown)."""
    rows_sent = Int(0)
    """Rows of the tables being streamed that have gone out so far: the progress of a table
    whose byte size is unknown (a dask or lazy polars table, a parquet dataset)."""
    rows_total = Int(0)
    """Rows of the tables being streamed, in all; 0 while unknown."""
    url = Unicode("")
    """The viewer URL, once ready."""
    error = Unicode("")
    """Why the plot failed, in a sentence."""
    privacy = Enum(PRIVACY_CHOICES, "")
    """The plot's privacy: ``""`` (the server's default), private, organization or public."""
    account_label = Unicode("")
    """The short name of the account showing the plot."""
    account_color = Unicode("")
    """That account's badge color."""
    account_user = Unicode("")
    """The user logged in on that account; ``""`` while nobody is."""
    account_server = Unicode("")
    """``host[:port]`` of that account's server."""
    certificate_validation = Bool(True)
    """False when that account does not check its server's TLS certificate."""
    deadline_s = Float(60.0)
    """How long one request of the upload may wait for the server."""
    edge_rows = Int(0)
    """Rows of the plottable's edge table (0 before the first plot)."""
    node_rows = Int(0)
    """Rows of its node table; 0 when it has none (edges only)."""
    uploaded_at = Float(0.0)
    """When the plot shown was uploaded, in epoch seconds; 0 when unknown."""

    def __init__(
        self, g: Plottable, account: Account, *, deadline_s: float = 60.0, start: bool = True
    ) -> None:
        """A job showing ``g`` on ``account``; it starts uploading at once unless ``start`` is
        false (a view links itself to the job first, then calls :meth:`start`: an upload
        started earlier could change the job between a link's first copy and its observer,
        and the view would keep the stale value)."""
        super().__init__(deadline_s=deadline_s)
        self._g = g
        self._account: Account | None = None
        self._generation = 0
        self._closed = False
        self._done = threading.Condition()
        self._outcomes: list[Pending[str]] = []  # awaited, settled when the run ends
        self._cancellation = Cancellation()  # the run under way's
        self._last_progress = (0.0, 0)  # when, and how many bytes, the last update showed
        self._uploaded_at: dict[str, float] = {}  # viewer URL -> when this job uploaded it
        self._follow(account)
        if start:
            self.start()

    @validate("error")
    def _scrubbed(self, proposal: dict[str, Any]) -> str:
        """Every error the view shows is scrubbed here, whoever wrote the sentence: a server's
        reply can echo the session token it was sent."""
        token = getattr(getattr(self._account, "client", None), "session", None)
        return shown(str(proposal["value"]), (getattr(token, "api_token", None),))

    @property
    def account(self) -> Account:
        """The account showing the plot now."""
        assert self._account is not None
        return self._account

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` ran: the job uploads no more."""
        return self._closed

    @property
    def plottable(self) -> Plottable:
        return self._g

    def switch(self, account: Account, *, reuse: bool = True) -> None:
        """Shows the plot on ``account``: from its cache when it has one, else a new upload."""
        self._follow(account)
        self.start(reuse=reuse)

    def _follow(self, account: Account) -> None:
        self._stop_listening()
        self._account = account
        account.observe(self._on_account_change, names=_ACCOUNT_TRAITS)
        self._show_account()

    def start(self, *, reuse: bool = True) -> None:
        """(Re)starts the plot; a run already under way is superseded."""
        if self._closed:
            return
        self._generation += 1
        generation = self._generation
        account = self.account
        if account.replaced:
            self._finish(status="error", stage="", url="", error=replaced_message(account.label))
            return
        if account.status == "expired":
            self._finish(
                status="error",
                stage="",
                url="",
                error=session_ended(account.server),
            )
            return
        if account.status != "logged_in":
            self._set(status="waiting", stage=f"Waiting for {account.label} to log in.", url="")
            return
        self._set(
            status="uploading",
            stage="starting",
            bytes_sent=0,
            bytes_total=0,
            rows_sent=0,
            rows_total=0,
            error="",
        )
        self._cancellation = Cancellation()
        cancellation = self._cancellation
        in_background(
            lambda: self._run(generation, account, reuse, cancellation),
            name=f"graphistry-plot-{account.label}",
        )

    def wait(self, timeout: float) -> str:
        """The URL once ready; :class:`PlotError` when the plot failed or is not ready in time."""
        return self.wait_until(time.monotonic() + timeout, timeout=timeout)

    def wait_until(self, deadline: float, *, timeout: float) -> str:
        """:meth:`wait` until ``deadline`` (``time.monotonic()``), for a wait shared by several
        plots; ``timeout`` is the whole wait's, for the message."""
        with self._done:
            while self.status not in ("ready", "error"):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PlotError(
                        f"The plot was not ready within {timeout:g} s "
                        f"({self.status}: {self.stage})."
                    )
                self._done.wait(remaining)
        if self.status == "error":
            raise PlotError(self.error)
        return str(self.url)

    def outcome(self) -> Pending[str]:
        """The URL once ready, to await (or ``.result()`` on a thread); it fails with
        :class:`PlotError` as :meth:`wait` does. Cancelling it abandons the run (:meth:`cancel`):
        a cancelled ``await`` stops the upload, and the plot says so."""
        generation = self._generation
        outcome: Pending[str] = Pending(lambda: self.cancel(generation))
        with self._done:
            if self._closed:  # no run will end: say so rather than wait forever
                status, error, url = "error", CLOSED, ""
            elif self.status not in ("ready", "error"):
                self._outcomes.append(outcome)
                return outcome
            else:
                status, error, url = str(self.status), str(self.error), str(self.url)
        _settle(outcome, status, error, url)
        return outcome

    def cancel(self, generation: int | None = None) -> None:
        """Abandons the run under way (of ``generation``, when given): its requests are cut,
        its late result dropped, and the plot says it was cancelled until the next run."""
        if generation is not None and generation != self._generation:
            return
        if self.status not in ("waiting", "uploading"):
            return
        self._generation += 1
        self._cancellation.cancel()
        self._finish(status="error", stage="", error=CANCELLED)

    def close(self) -> None:
        """Stops following the account and drops the result of a run under way."""
        self._generation += 1
        self._stop_listening()
        with self._done:
            self._closed = True
            outcomes, self._outcomes = self._outcomes, []
        for outcome in outcomes:
            _settle(outcome, "error", CLOSED, "")

    def _stop_listening(self) -> None:
        if self._account is not None:
            self._account.unobserve(self._on_account_change, names=_ACCOUNT_TRAITS)

    def _run(
        self, generation: int, account: Account, reuse: bool, cancellation: Cancellation
    ) -> None:
        def progress(stage: str, sent: int, total: int) -> None:
            now = time.monotonic()
            last_time, last_sent = self._last_progress
            elapsed = now - last_time
            if (
                sent in (0, total)
                or elapsed >= PROGRESS_INTERVAL_S
                or (
                    elapsed >= MIN_PROGRESS_INTERVAL_S
                    and (sent - last_sent) * PROGRESS_STEPS >= total
                )
            ):
                self._last_progress = (now, sent)
                if generation == self._generation:
                    self._show_progress(stage, sent, total)

        last_rows = [0.0]

        def rows(stage: str, sent: int, total: int) -> None:
            now = time.monotonic()
            if sent == total or now - last_rows[0] >= PROGRESS_INTERVAL_S:
                last_rows[0] = now
                if generation == self._generation:
                    self._show_rows(sent, total)

        try:
            result = account.plot(
                self._g,
                deadline_s=self.deadline_s,
                on_progress=progress,
                reuse=reuse,
                cancellation=cancellation,
                on_rows=rows,
            )
        except PlotError as exc:
            # SessionExpired included: the account turned "expired", which restarted this job in
            # its error state already; only a run that is still current reports here.
            if generation == self._generation:
                self._finish(status="error", error=str(exc), stage="")
            return
        except Exception as exc:  # a bug of ours: show it rather than leave the plot spinning
            if generation == self._generation:
                self._finish(status="error", error=f"Plot failed: {type(exc).__name__}: {exc}")
            return
        if generation == self._generation:
            if not result.reused:
                self._uploaded_at[result.url] = time.time()
            size = graph_size(self._g)
            self._finish(
                status="ready",
                url=result.url,
                privacy=result.privacy,
                stage="reused" if result.reused else "",
                error="",
                edge_rows=size.edges or 0,
                node_rows=size.nodes or 0,
                uploaded_at=self._uploaded_at.get(result.url, 0.0),
            )

    def _on_account_change(self, change: dict[str, Any]) -> None:
        self._show_account()
        if change["name"] != "status":
            return
        new = change["new"]
        if new == "logged_in" and self.status in ("waiting", "error"):
            self.start()
        elif new in ("expired", "logged_out"):
            self.start()  # shows why it waits; resumes on the next login

    def _show_account(self) -> None:
        account = self.account
        self._set(
            account_label=account.label,
            account_color=account.color,
            account_user=account.username,
            account_server=account.server,
            certificate_validation=bool(account.certificate_validation),
            privacy=account.privacy,
        )

    def _show_progress(self, stage: str, sent: int, total: int) -> None:
        # The most frequent update: plain sets (holding notifications costs more than the sets),
        # ordered so that no observer ever sees more bytes sent than the total.
        if total >= self.bytes_total:
            self.bytes_total = total
            self.bytes_sent = sent
        else:
            self.bytes_sent = sent
            self.bytes_total = total
        self.stage = stage

    def _show_rows(self, sent: int, total: int) -> None:
        # Ordered as the bytes are: no observer sees more rows sent than a known total.
        if total == 0 or total >= self.rows_total:
            self.rows_total = total
            self.rows_sent = sent
        else:
            self.rows_sent = sent
            self.rows_total = total

    def _finish(self, **changes: Any) -> None:
        with self._done:
            self._set(**changes)
            self._done.notify_all()
            outcomes: list[Pending[str]] = []
            if self.status in ("ready", "error"):
                outcomes, self._outcomes = self._outcomes, []
                status, error, url = str(self.status), str(self.error), str(self.url)
        for outcome in outcomes:
            _settle(outcome, status, error, url)

    def _set(self, **changes: Any) -> None:
        with self.hold_trait_notifications():
            for name, value in changes.items():
                setattr(self, name, value)


def _settle(outcome: Pending[str], status: str, error: str, url: str) -> None:
    """Ends an awaited outcome: with the URL when ready, else :class:`PlotError` saying
    ``error``."""
    if status == "error":
        outcome.fail(PlotError(error))
    else:
        outcome.settle(url)
