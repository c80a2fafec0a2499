"""Why a plot failed, in a sentence a person can act on.

pygraphistry raises bare ``Exception``s whose text is the server's reply body,
``KeyError('success')`` for an unexpected reply, or a ``requests`` error; each becomes one
sentence that says what went wrong while doing what, and what to do. A mistake in a view's
arguments is no :class:`PlotError`: see :mod:`graphistry_jupyter.session.errors`.
"""

from __future__ import annotations

from collections.abc import Sequence

import requests

from ..http.replies import server_detail
from ..http.tls import tls_failure
from ..http.transport import DeadlineExceeded


class PlotError(Exception):
    """A plot failed; the message says why and what to do."""


class SessionExpired(PlotError):
    """The account's session can no longer be refreshed: log in again."""


class PlotCancelled(PlotError):
    """The plot was abandoned: the task awaiting it was cancelled."""


CANCELLED = (
    "The plot was cancelled (the task awaiting it was cancelled), and its upload stopped: "
    "Re-plot to upload it."
)
"""What a plot says once the task awaiting it was cancelled."""


def session_ended(server: str) -> str:
    """What a plot says when the server no longer accepts its account's session."""
    return (
        f"The session on {server} has ended (it expired or the server revoked it): log in "
        "again, and the plot will continue."
    )


def describe_plot_failure(
    exc: BaseException,
    *,
    server: str,
    stage: str,
    deadline_s: float,
    statuses: Sequence[int] = (),
) -> str:
    """One sentence for a failed upload or plot; ``statuses``: what the server answered."""
    text = str(exc)
    failed = [status for status in statuses if status >= 500]
    if isinstance(exc, DeadlineExceeded):
        return f"{server} did not answer within {deadline_s:g} s while {stage}. Try Re-plot."
    if isinstance(exc, requests.exceptions.SSLError):
        return tls_failure(server, exc)
    if isinstance(exc, requests.ConnectionError):
        return f"Lost the connection to {server} while {stage}. Check the server, then Re-plot."
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"{server} refused the upload (HTTP {exc.response.status_code}) while {stage}."
    if failed:
        return (
            f"{server} failed (HTTP {failed[-1]}) while {stage}. Try Re-plot, or check the server."
        )
    if isinstance(exc, KeyError):
        return (
            f"{server} gave an unexpected reply while {stage} (no {exc} in it): "
            "the server may have failed; try Re-plot, or check the server."
        )
    if "permission denied" in text.lower():
        return (
            f"The plot was uploaded, but {server} refused to set its privacy (permission "
            "denied): check that this account may share plots, or plot without a privacy setting."
        )
    if "not logged in" in text.lower() or "must call login() first" in text.lower():
        return "This account is not logged in: log in, and the plot will continue."
    return f"Plot on {server} failed while {stage}: {server_detail(text) or type(exc).__name__}"
