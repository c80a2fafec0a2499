"""The synced state of one inline plot, and the worker that fills it in.

Shared by :class:`PlotWidget` and :class:`SwitcherWidget`: both show one plot of one account. The
driver uploads on a worker thread through the account (never the kernel's thread), reports stage and
bytes as it goes, waits while the account is logged out, and retries once it logs in again.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from graphistry.Plottable import Plottable
from traitlets import Float, HasTraits, Int, Unicode

from ..account import Account
from ..errors import PlotError, SessionExpired

# Progress messages are throttled: a fast upload of a large table would otherwise send one comm
# message per socket write.
_PROGRESS_INTERVAL_S = 0.1


class PlotState(HasTraits):
    """Traits of one plot, as the front end shows it (docs/contracts.md)."""

    status = Unicode("waiting", help="waiting, uploading, ready or error").tag(sync=True)
    stage = Unicode("", help="what is happening now, in words").tag(sync=True)
    bytes_sent = Int(0, help="bytes of the Arrow tables sent so far").tag(sync=True)
    bytes_total = Int(0, help="bytes of the table being sent").tag(sync=True)
    url = Unicode("", help="the viewer URL, once ready").tag(sync=True)
    error = Unicode("", help="why the plot failed, in words").tag(sync=True)
    height = Int(600, help="height of the inline viewer, in pixels").tag(sync=True)
    account_label = Unicode("", help="the account's short name").tag(sync=True)
    account_color = Unicode("", help="the account's badge color").tag(sync=True)
    account_title = Unicode("", help="user@server of the account").tag(sync=True)
    privacy = Unicode("", help="the plot's privacy: '', private, organization or public").tag(
        sync=True
    )
    deadline_s = Float(60.0, help="how long an upload may wait for the server").tag(sync=True)


class PlotDriver:
    """Plots one plottable on one account at a time, writing progress into a :class:`PlotState`."""

    def __init__(self, state: PlotState, g: Plottable, account: Account) -> None:
        self._state = state
        self._g = g
        self._account: Account | None = None
        self._generation = 0
        self._done = threading.Condition()
        self._last_progress = 0.0
        self.switch(account)

    @property
    def account(self) -> Account:
        assert self._account is not None
        return self._account

    def switch(self, account: Account, *, reuse: bool = True) -> None:
        """Shows the plot on ``account``: from its cache when it has one, else a new upload."""
        if self._account is not None:
            self._account.unobserve(self._on_account_change, names=["status", "username", "label"])
        self._account = account
        account.observe(self._on_account_change, names=["status", "username", "label"])
        self._show_badge()
        self.start(reuse=reuse)

    def start(self, *, reuse: bool = True) -> None:
        """(Re)starts the plot; a run already under way is superseded."""
        self._generation += 1
        generation = self._generation
        account = self.account
        if account.status == "expired":
            self._finish(
                status="error",
                stage="",
                url="",
                error=f"Session expired on {account.server}: log in again, "
                "and the plot will continue.",
            )
            return
        if account.status != "logged_in":
            self._set(status="waiting", stage=f"Waiting for {account.label} to log in.", url="")
            return
        self._set(status="uploading", stage="starting", bytes_sent=0, bytes_total=0, error="")
        threading.Thread(
            target=self._run,
            args=(generation, account, reuse),
            name=f"graphistry-plot-{account.label}",
            daemon=True,
        ).start()

    def wait(self, timeout: float) -> str:
        """The URL once ready; :class:`PlotError` when the plot failed or is not ready in time."""
        deadline = time.monotonic() + timeout
        with self._done:
            while self._state.status not in ("ready", "error"):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PlotError(
                        f"The plot was not ready within {timeout:g} s "
                        f"({self._state.status}: {self._state.stage})."
                    )
                self._done.wait(remaining)
        if self._state.status == "error":
            raise PlotError(self._state.error)
        return str(self._state.url)

    def _run(self, generation: int, account: Account, reuse: bool) -> None:
        def progress(stage: str, sent: int, total: int) -> None:
            now = time.monotonic()
            if sent in (0, total) or now - self._last_progress >= _PROGRESS_INTERVAL_S:
                self._last_progress = now
                if generation == self._generation:
                    self._set(stage=stage, bytes_sent=sent, bytes_total=total)

        try:
            result = account.plot(
                self._g, deadline_s=self._state.deadline_s, on_progress=progress, reuse=reuse
            )
        except SessionExpired as exc:
            # The account turned "expired", which has already restarted this plot in its
            # waiting-for-login state; only a run that is still current reports it here.
            if generation == self._generation:
                self._finish(status="error", error=str(exc), stage="")
            return
        except PlotError as exc:
            if generation == self._generation:
                self._finish(status="error", error=str(exc), stage="")
            return
        except Exception as exc:  # a bug of ours: show it rather than leave the plot spinning
            if generation == self._generation:
                self._finish(status="error", error=f"Plot failed: {type(exc).__name__}: {exc}")
            return
        if generation == self._generation:
            self._finish(
                status="ready",
                url=result.url,
                privacy=result.privacy,
                stage="reused" if result.reused else "",
                error="",
            )

    def _on_account_change(self, change: dict[str, Any]) -> None:
        self._show_badge()
        if change["name"] != "status":
            return
        new = change["new"]
        if new == "logged_in" and self._state.status in ("waiting", "error"):
            self.start()
        elif new in ("expired", "logged_out"):
            self.start()  # shows why it waits; resumes on the next login

    def _show_badge(self) -> None:
        account = self.account
        self._set(
            account_label=account.label,
            account_color=account.color,
            account_title=account.title,
            privacy=account.privacy,
        )

    def _finish(self, **changes: Any) -> None:
        with self._done:
            self._set(**changes)
            self._done.notify_all()

    def _set(self, **changes: Any) -> None:
        with self._state.hold_trait_notifications():
            for name, value in changes.items():
                setattr(self._state, name, value)
