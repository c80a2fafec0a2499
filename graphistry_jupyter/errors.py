"""Exceptions with messages a person can act on, and the translation of pygraphistry's raw errors.

pygraphistry raises bare ``Exception``s whose text is the server's reply body,
``KeyError('success')`` for an unexpected reply, or a ``requests`` error. We turn each into one
sentence that says what went wrong and what to do, and never let a secret the user typed reach the
message.

Which exception says what: :class:`LoginError` and :class:`PlotError` report a login or a plot
that failed (or cannot start now, such as a second login while one is under way). A mistake in
the arguments of ``LoginWidget``, ``Account``, ``PlotWidget``, ``SwitcherWidget`` or ``compare``
is raised at once, before anything starts: :class:`TypeError` for an unknown keyword or an
argument of the wrong type, :class:`ValueError` for a value that cannot be used (a server with a
path, an unknown privacy, a height of 0), each naming the argument.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import requests

from .transport import DeadlineExceeded

REDACTED = "•••"


class LoginError(Exception):
    """A login failed; the message says why and what to do."""


class PlotError(Exception):
    """A plot failed; the message says why and what to do."""


class SessionExpired(PlotError):
    """The account's session can no longer be refreshed: log in again."""


def session_ended(server: str) -> str:
    """What a plot says when the server no longer accepts its account's session."""
    return (
        f"The session on {server} has ended (it expired or the server revoked it): log in "
        "again, and the plot will continue."
    )


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every non-empty secret replaced, for messages built from server replies."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def _server_detail(text: str) -> str:
    """The human part of a Graphistry error body such as ``{"non_field_errors": ["..."]}``."""
    start = text.find("{")
    if start < 0:
        return text.strip()
    try:
        body = json.loads(text[start:])
    except ValueError:
        return text.strip()
    if isinstance(body, dict):
        for key in ("non_field_errors", "detail", "message", "errors"):
            value = body.get(key)
            if isinstance(value, list) and value:
                return str(value[0])
            if isinstance(value, str) and value:
                return value
    return text.strip()


def _tls_failure(server: str, exc: BaseException) -> str:
    if "certificate" in str(exc).lower():
        return (
            f"The certificate of {server} could not be verified. If the server uses a private "
            "CA or a self-signed certificate, pass its CA bundle: "
            "certificate_validation='/path/to/ca.pem'; to skip the check (not recommended), "
            "certificate_validation=False."
        )
    return (
        f"The secure (https) connection to {server} failed: the TLS handshake did not complete. "
        'If the server speaks plain http (a local hub does), use protocol="http".'
    )


def describe_login_failure(
    exc: BaseException, *, server: str, org: str | None, deadline_s: float
) -> str:
    """One sentence for a failed ``register()``."""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, DeadlineExceeded):
        return f"{server} did not answer within {deadline_s:g} s. Check the server, then try again."
    if isinstance(exc, requests.exceptions.SSLError):
        return _tls_failure(server, exc)
    if isinstance(exc, requests.ConnectionError):
        return (
            f"Cannot reach {server}: check the server address and that it is running, "
            "then try again."
        )
    if isinstance(exc, requests.exceptions.JSONDecodeError):
        return f"{server} did not answer like a Graphistry server. Is the address right?"
    if "provided token failed verification" in lowered:
        return f"{server} rejected the token: it is invalid or has expired. Get a new token."
    if "failed to verify token" in lowered:
        return f"Could not check the token with {server}: {_server_detail(text)}"
    if "login failed with http 401" in lowered or "invalid personal key" in lowered:
        return f"{server} rejected the personal key: check the key ID and secret."
    if "login failed with http" in lowered:
        detail = _server_detail(text.split(":", 1)[-1])
        if "unable to log in" in detail.lower():
            return f"Wrong username or password for {server}."
        return f"{server} refused the login: {detail}"
    if org and "is not found" in lowered:
        return f"There is no organization '{org}' on {server}. Check its name (the slug)."
    if org and ("not a member" in lowered or "not authorized" in lowered):
        return f"This account is not a member of organization '{org}' on {server}."
    if "token not ready" in lowered:
        return "Single sign-on is not finished yet: complete it on the sign-in page."
    return f"Login to {server} failed: {_server_detail(text) or type(exc).__name__}"


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
        return _tls_failure(server, exc)
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
    return f"Plot on {server} failed while {stage}: {_server_detail(text) or type(exc).__name__}"
