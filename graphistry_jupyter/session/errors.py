"""Why a login failed, in a sentence a person can act on, and which exception says what.

pygraphistry raises bare ``Exception``s whose text is the server's reply body,
``KeyError('success')`` for an unexpected reply, or a ``requests`` error. We turn each into one
sentence that says what went wrong and what to do, and never let a secret the user typed reach the
message.

Which exception says what: :class:`LoginError` and
:class:`~graphistry_jupyter.plots.errors.PlotError` report a login or a plot that failed (or
cannot start now, such as a second login while one is under way). A mistake in the arguments of
``LoginWidget``, ``Account``, ``PlotWidget``, ``SwitcherWidget`` or ``compare`` is raised at once,
before anything starts: :class:`TypeError` for an unknown keyword or an argument of the wrong type,
:class:`ValueError` for a value that cannot be used (a server with a path, an unknown privacy, a
height of 0), each naming the argument.
"""

from __future__ import annotations

import requests

from ..http.replies import server_detail
from ..http.tls import tls_failure
from ..http.transport import DeadlineExceeded


class LoginError(Exception):
    """A login failed; the message says why and what to do."""


class CredentialsError(LoginError):
    """Something is missing from what was typed; ``field`` names the input to fix."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def describe_login_failure(
    exc: BaseException, *, server: str, org: str | None, deadline_s: float
) -> str:
    """One sentence for a failed ``register()``."""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, DeadlineExceeded):
        return f"{server} did not answer within {deadline_s:g} s. Check the server, then try again."
    if isinstance(exc, requests.exceptions.SSLError):
        return tls_failure(server, exc)
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
        return f"Could not check the token with {server}: {server_detail(text)}"
    if "login failed with http 401" in lowered or "invalid personal key" in lowered:
        return f"{server} rejected the personal key: check the key ID and secret."
    if "login failed with http" in lowered:
        detail = server_detail(text.split(":", 1)[-1])
        if "unable to log in" in detail.lower():
            return f"Wrong username or password for {server}."
        return f"{server} refused the login: {detail}"
    if org and "is not found" in lowered:
        return f"There is no organization '{org}' on {server}. Check its name (the slug)."
    if org and ("not a member" in lowered or "not authorized" in lowered):
        return f"This account is not a member of organization '{org}' on {server}."
    if "token not ready" in lowered:
        return "Single sign-on is not finished yet: complete it on the sign-in page."
    return f"Login to {server} failed: {server_detail(text) or type(exc).__name__}"
