"""The state machine of one session, and the lock that serialises its client.

An :class:`~.account.Account` is a session plus a client: this part holds what
views mirror (traits, never a secret) and how one login attempt at a time runs on a worker thread.
Every login, cancel and logout starts a new *attempt*; work that finishes for an older attempt is
dropped, so a late answer from a slow server never overwrites what the person did since.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

from traitlets import Bool, Enum, Float, HasTraits, Unicode

from ..http.addresses import (
    PROTOCOLS,
    browser_address,
    normalize_browser_address,
    normalize_server,
)
from ..http.transport import seconds
from ..protocol.privacy import PRIVACY_CHOICES, normalize_privacy
from .errors import LoginError
from .login_flows import LoginTarget

BADGE_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


def badge_color(label: str) -> str:
    """The same colour for the same label, in every run (a re-run cell keeps its colour)."""
    return BADGE_COLORS[zlib.crc32(label.encode("utf-8")) % len(BADGE_COLORS)]


def _text(name: str, value: object) -> str:
    """A text argument as given (``None``: empty); :class:`TypeError` naming it otherwise."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
    return value


STATUSES = ("logged_out", "logging_in", "sso_pending", "logged_in", "expired", "error")
"""Every state of a session; see :attr:`SessionState.status`."""
PENDING = ("logging_in", "sso_pending")


class SessionState(HasTraits):
    """What a session shows, and its attempts. Views mirror these traits."""

    server = Unicode()
    """``host[:port]`` of the Graphistry server, without a scheme."""
    protocol = Enum(PROTOCOLS, "https")
    """``http`` or ``https``."""
    org = Unicode("")
    """Organization slug; ``""`` for the user's personal organization."""
    privacy = Enum(PRIVACY_CHOICES, "")
    """Default privacy of plots: ``""`` (the server's default), private, organization or public."""
    label = Unicode("")
    """Short name of the account on badges and pickers."""
    color = Unicode("")
    """CSS color of the account's badge."""
    status = Enum(STATUSES, "logged_out")
    """logged_out, logging_in, sso_pending, logged_in, expired (log in again) or error."""
    error = Unicode("")
    """Why the last login or plot session failed, in a sentence; ``""`` when nothing failed."""
    username = Unicode("")
    """The logged-in user; ``""`` when logged out."""
    expires_at = Float(0.0)
    """When the session token expires, epoch seconds; 0 when unknown."""
    sso_url = Unicode("")
    """While SSO is pending: the server page where the person signs in."""
    deadline_s = Float(30.0)
    """How long one login, or one request of a plot, may wait for the server."""
    store_credentials = Bool(False)
    """Let pygraphistry keep the credentials in memory to log in again by itself."""
    client_protocol_hostname = Unicode("")
    """Where browsers open plots (``https://graphs.example.com``) when it is not the API's own
    address (Docker, Kubernetes, a proxy); ``""``: the server itself."""
    certificate_validation = Bool(True)
    """Check the server's TLS certificate (False: unverified, and the badge says so)."""
    ca_bundle = Unicode("")
    """A CA bundle to check the certificate against (a private CA); ``""``: the system's."""
    remember = Bool(False)
    """Keep the session token after a login for the next kernel (never the password)."""
    remembered_user = Unicode("")
    """A remembered, still valid login for this server that can continue without a password."""

    @staticmethod
    def settings(
        server: str,
        protocol: str,
        *,
        org: str | None,
        label: str | None,
        privacy: str | None,
        store_credentials: bool,
        deadline_s: float,
        client_protocol_hostname: str | None,
        certificate_validation: bool | str,
        remember: bool,
        color: str | None = None,
    ) -> dict[str, Any]:
        """The initial traits for what a person passed, checked and normalised: an argument of
        the wrong type raises :class:`TypeError`, a value that cannot be used
        :class:`ValueError`, each naming the argument."""
        server, protocol = normalize_server(_text("server", server), _text("protocol", protocol))
        label = _text("label", label) or server
        if not isinstance(certificate_validation, bool | str):
            raise TypeError(
                "certificate_validation must be True, False or a CA bundle's path, not "
                f"{type(certificate_validation).__name__}"
            )
        return {
            "server": server,
            "protocol": protocol,
            "org": _text("org", org).strip(),
            "label": label,
            "privacy": normalize_privacy(_text("privacy", privacy)),
            "color": _text("color", color).strip() or badge_color(label),
            "store_credentials": _flag("store_credentials", store_credentials),
            "deadline_s": seconds("deadline_s", deadline_s),
            "client_protocol_hostname": normalize_browser_address(
                _text("client_protocol_hostname", client_protocol_hostname)
            ),
            "certificate_validation": certificate_validation is not False,
            # A string is a CA bundle's path, as requests and pygraphistry take it.
            "ca_bundle": certificate_validation if isinstance(certificate_validation, str) else "",
            "remember": _flag("remember", remember),
        }

    def _target(self) -> LoginTarget:
        """Where the next login goes, as the login flows take it. Without a browser address of
        its own, plots open where this process knows browsers reach the server (a local hub
        behind Jupyter's proxy, http/addresses.py), else at the server's address."""
        return LoginTarget(
            self.server,
            self.protocol,
            self.org,
            self.store_credentials,
            self.deadline_s,
            self.client_protocol_hostname or browser_address(self.protocol, self.server),
            self.ca_bundle or self.certificate_validation,
        )

    def __init__(self, **traits: Any) -> None:
        super().__init__(**traits)
        self._lock = threading.RLock()  # one user of the client at a time
        self._attempt = 0
        self._reset_pending = False  # a logout happened while a worker held the client

    def _reset_client(self) -> None:
        """Puts the client back to an unauthenticated session (no request)."""
        raise NotImplementedError

    def _reset_session_soon(self) -> None:
        if self._lock.acquire(blocking=False):
            try:
                self._reset_client()
            finally:
                self._lock.release()
        else:
            self._reset_pending = True

    @contextlib.contextmanager
    def _using_client(self) -> Iterator[None]:
        """Holds the client (it is not thread-safe); does a reset a logout left pending."""
        with self._lock:
            try:
                yield
            finally:
                if self._reset_pending:
                    self._reset_pending = False
                    self._reset_client()

    @property
    def title(self) -> str:
        """``user@server`` (or just the server when logged out)."""
        return f"{self.username}@{self.server}" if self.username else self.server

    def cancel(self) -> None:
        """Abandons a pending login or SSO; its late result, if any, is discarded."""
        if self.status in PENDING:
            self._attempt += 1
            self._set(status="logged_out", sso_url="", error="")

    def _run_attempt(self, work: Callable[[int], None]) -> Future[None]:
        if self.status in PENDING:
            raise LoginError("A login is already in progress: wait for it or cancel it.")
        self._attempt += 1
        attempt = self._attempt
        self._set(status="logging_in", error="", sso_url="")
        future: Future[None] = Future()

        def run() -> None:
            try:
                work(attempt)
            except LoginError as exc:
                if attempt == self._attempt:
                    self._set(status="error", error=str(exc), sso_url="")
                future.set_exception(exc)
            except BaseException as exc:  # a bug of ours: still report it, never hang the caller
                message = f"Login failed unexpectedly: {type(exc).__name__}"
                if attempt == self._attempt:
                    self._set(status="error", error=message, sso_url="")
                future.set_exception(LoginError(message))
            else:
                future.set_result(None)

        threading.Thread(target=run, name=f"graphistry-login-{self.label}", daemon=True).start()
        return future

    # ---------------------------------------------------------------------------------- state

    def _set(self, **changes: Any) -> None:
        with self.hold_trait_notifications():
            for name, value in changes.items():
                setattr(self, name, value)
