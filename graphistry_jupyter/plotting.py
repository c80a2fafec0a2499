"""Uploading a plottable through an account's client, and remembering where each one is shown.

A plottable is re-bound to the client with ``set_client_for`` at plot time (one made before a
login carries the session that login replaced), uploaded with pygraphistry's own
``plot(render=False)``, and its viewer URL kept per plottable so that showing it again on the same
account (a switcher moving back) costs no upload.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import cast

from graphistry.Plottable import Plottable
from graphistry.plotter import Plotter

from .client import JupyterClient
from .errors import PlotError, SessionExpired, describe_plot_failure, session_ended
from .options import normalize_privacy
from .plottable_checks import check_plottable
from .transport import ProgressCallback, request_scope

WAITING_STAGE = "waiting for the account"


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
    check_plottable(g)
    bound = client.set_client_for(cast(Plotter, g))
    return bound, privacy_of(bound, client)


def refresh_session(client: JupyterClient, *, server: str, deadline_s: float) -> None:
    """Refreshes the token when it is about to expire (no request otherwise), so the upload
    itself never writes into the client's session."""
    try:
        with request_scope(deadline_s) as scope:
            client.refresh()
    except Exception as exc:
        if _is_refresh_failure(exc) or 401 in scope.statuses:
            raise SessionExpired(session_ended(server)) from None
        raise PlotError(
            describe_plot_failure(exc, server=server, stage="refreshing", deadline_s=deadline_s)
        ) from None


def upload(
    bound: Plottable,
    privacy: str,
    *,
    server: str,
    deadline_s: float,
    on_progress: ProgressCallback | None = None,
) -> PlotResult:
    """Uploads a plottable made by :func:`bind` (blocking: call it on a worker thread).

    Raises :class:`SessionExpired` when the server no longer accepts the session (it answered
    401, or the refresh failed), and :class:`PlotError` with a sentence for everything else.
    """
    stage = [WAITING_STAGE]

    def progress(name: str, sent: int, total: int) -> None:
        stage[0] = name
        if on_progress is not None:
            on_progress(name, sent, total)

    try:
        with request_scope(deadline_s, progress) as scope:
            url = str(cast(Plotter, bound).plot(render=False))
    except Exception as exc:
        if _is_refresh_failure(exc) or 401 in scope.statuses:
            raise SessionExpired(session_ended(server)) from None
        message = describe_plot_failure(exc, server=server, stage=stage[0], deadline_s=deadline_s)
        raise PlotError(message) from exc
    return PlotResult(url, privacy)


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
