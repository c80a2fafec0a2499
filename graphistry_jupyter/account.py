"""An account: one pygraphistry client, how it logs in, and what it has plotted.

The object behind every login widget. It owns one :class:`~graphistry_jupyter.client.JupyterClient`
for its whole life, serialises every use of it on one lock (a client is not thread-safe), runs
logins, SSO polling and uploads on worker threads with deadlines, and publishes its state as traits
for widgets to mirror. Credentials live only on the stack of the login call: they are never stored
on the account, and pygraphistry's relogin closure (which would keep the password) is off unless
``store_credentials=True``.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import jwt
from graphistry.arrow_uploader import ArrowUploader
from graphistry.Plottable import Plottable
from graphistry.plotter import Plotter
from traitlets import Bool, Float, HasTraits, Unicode

from .client import JupyterClient, new_client
from .errors import (
    LoginError,
    PlotError,
    SessionExpired,
    describe_login_failure,
    describe_plot_failure,
    scrub,
)
from .isolation import global_session_untouched, install_log_redaction, quiet_sso_polling
from .options import PrivacyMode, normalize_privacy, normalize_server
from .transport import ProgressCallback, request_scope

Status = Literal["logged_out", "logging_in", "sso_pending", "logged_in", "expired", "error"]
BADGE_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")

_color_counter = iter(range(1_000_000))


def _username_in(token: str | None) -> str:
    if not token:
        return ""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return ""
    name = claims.get("username")
    return name if isinstance(name, str) else ""


@dataclass(frozen=True)
class PlotResult:
    """Where a plot can be viewed."""

    url: str
    privacy: str
    reused: bool = False


@dataclass
class _LoginRequest:
    """One login attempt's inputs; lives only for the duration of that attempt."""

    method: Literal["password", "personal_key", "token"]
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    personal_key_id: str | None = None
    personal_key_secret: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    verify_token: bool = True

    def secrets(self) -> tuple[str | None, ...]:
        return (self.password, self.personal_key_secret, self.token)


class Account(HasTraits):
    """One client and its session. Widgets mirror these traits; they never hold a secret."""

    server = Unicode(help="host[:port] of the Graphistry server, without a scheme")
    protocol = Unicode("https", help="http or https")
    org = Unicode("", help="organization slug, '' for the personal organization")
    privacy = Unicode("", help="default privacy of plots: '', private, organization or public")
    label = Unicode("", help="short name for badges")
    color = Unicode("", help="CSS color of this account's badge")
    status = Unicode("logged_out", help="see Status")
    error = Unicode("", help="why the last login or refresh failed, in words")
    username = Unicode("", help="the logged-in user")
    expires_at = Float(0.0, help="session token expiry, epoch seconds; 0 when unknown")
    sso_url = Unicode("", help="while SSO is pending: where the person signs in")
    deadline_s = Float(30.0, help="how long one login or plot may wait for the server")
    store_credentials = Bool(False, help="let pygraphistry keep credentials to log in again")

    def __init__(
        self,
        server: str,
        protocol: str = "https",
        *,
        org: str | None = None,
        label: str | None = None,
        privacy: str | None = None,
        store_credentials: bool = False,
        deadline_s: float = 30.0,
        sso_deadline_s: float = 600.0,
    ) -> None:
        server, protocol = normalize_server(server, protocol)
        super().__init__(
            server=server,
            protocol=protocol,
            org=org or "",
            label=label or server,
            privacy=normalize_privacy(privacy),
            color=BADGE_COLORS[next(_color_counter) % len(BADGE_COLORS)],
            store_credentials=store_credentials,
            deadline_s=deadline_s,
        )
        install_log_redaction()
        self.sso_deadline_s = sso_deadline_s
        self.client: JupyterClient = new_client()
        self._lock = threading.RLock()
        self._attempt = 0  # bumped by every login, cancel and logout: late results are dropped
        self._urls: weakref.WeakKeyDictionary[Plottable, PlotResult] = weakref.WeakKeyDictionary()
        self._configure_session()

    def __repr__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"<Account {self.label!r} {who}{self.server} {self.status}>"

    @property
    def title(self) -> str:
        """``user@server`` (or just the server when logged out)."""
        return f"{self.username}@{self.server}" if self.username else self.server

    # ----------------------------------------------------------------------------- logging in

    def login_async(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        personal_key_id: str | None = None,
        personal_key_secret: str | None = None,
        token: str | None = None,
        verify_token: bool = True,
    ) -> Future[None]:
        """Starts a login on a worker thread; the future fails with :class:`LoginError`.

        ``login_async(...).result()`` is the blocking login.
        """
        request = self._login_request(
            username, password, personal_key_id, personal_key_secret, token, verify_token
        )
        return self._run_attempt("logging_in", lambda attempt: self._login(request, attempt))

    def start_sso(self) -> Future[None]:
        """Starts single sign-on: ``sso_url`` is where the person signs in; a worker thread polls
        the server until the token arrives, ``sso_deadline_s`` passes, or :meth:`cancel`."""
        return self._run_attempt("logging_in", self._sso)

    def cancel(self) -> None:
        """Abandons a pending login or SSO; its late result, if any, is discarded."""
        if self.status in ("logging_in", "sso_pending"):
            self._attempt += 1
            self._set(status="logged_out", sso_url="", error="")

    def logout(self) -> None:
        """Forgets the session token and any stored credentials; the client stays the same."""
        self._attempt += 1
        with self._lock:
            self._configure_session()
            self._urls.clear()
        self._set(status="logged_out", username="", expires_at=0.0, sso_url="", error="")

    def report_error(self, message: str) -> None:
        """Shows a problem with the form's input (nothing was sent to the server)."""
        if self.status in ("logging_in", "sso_pending"):
            return
        if self.error == message:
            # The form waits for a change as its answer: repeat the same error as a change too.
            self.error = ""
        self._set(status="error" if self.status != "logged_in" else self.status, error=message)

    def configure(
        self,
        *,
        server: str | None = None,
        protocol: str | None = None,
        org: str | None = None,
        privacy: str | None = None,
    ) -> None:
        """Changes where and how the next login goes; only while not logged in."""
        if self.status in ("logging_in", "sso_pending"):
            raise LoginError("A login is in progress: cancel it first.")
        new_server, new_protocol = normalize_server(
            server if server is not None else self.server,
            protocol if protocol is not None else self.protocol,
        )
        changes: dict[str, Any] = {"server": new_server, "protocol": new_protocol}
        if org is not None:
            changes["org"] = org.strip()
        if privacy is not None:
            changes["privacy"] = normalize_privacy(privacy)
        if self.status == "logged_in" and (
            changes["server"] != self.server
            or changes["protocol"] != self.protocol
            or changes.get("org", self.org) != self.org
        ):
            raise LoginError("Log out before changing the server or organization.")
        self._set(**changes)
        if self.status == "logged_in":
            with self._lock:
                self._apply_privacy()

    def _login_request(
        self,
        username: str | None,
        password: str | None,
        personal_key_id: str | None,
        personal_key_secret: str | None,
        token: str | None,
        verify_token: bool,
    ) -> _LoginRequest:
        if username or password:
            if not username:
                raise LoginError("Enter a username.")
            if not password:
                raise LoginError("Enter a password.")
            return _LoginRequest("password", username=username.strip(), password=password)
        if personal_key_id or personal_key_secret:
            if not personal_key_id:
                raise LoginError("Enter the personal key ID.")
            if not personal_key_secret:
                raise LoginError("Enter the personal key secret.")
            return _LoginRequest(
                "personal_key",
                personal_key_id=personal_key_id.strip(),
                personal_key_secret=personal_key_secret.strip(),
            )
        if token and token.strip():
            return _LoginRequest("token", token=token.strip(), verify_token=verify_token)
        raise LoginError("Enter a username and password, a personal key, or a token.")

    def _run_attempt(self, status: Status, work: Callable[[int], None]) -> Future[None]:
        if self.status in ("logging_in", "sso_pending"):
            raise LoginError("A login is already in progress: wait for it or cancel it.")
        self._attempt += 1
        attempt = self._attempt
        self._set(status=status, error="", sso_url="")
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

    def _register_kwargs(self) -> dict[str, Any]:
        return {
            "api": 3,
            "server": self.server,
            "protocol": self.protocol,
            "store_token_creds_in_memory": self.store_credentials,
        }

    def _configure_session(self) -> None:
        """A fresh, unauthenticated session pointed at this account's server (no request)."""
        with global_session_untouched():
            self.client.register(**self._register_kwargs())

    def _login(self, request: _LoginRequest, attempt: int) -> None:
        org = self.org or None
        kwargs = self._register_kwargs()
        if org:
            kwargs["org_name"] = org
        if request.method == "password":
            kwargs.update(username=request.username, password=request.password)
        elif request.method == "personal_key":
            kwargs.update(
                personal_key_id=request.personal_key_id,
                personal_key_secret=request.personal_key_secret,
            )
        else:
            kwargs.update(token=request.token, verify_token=request.verify_token)
        with self._lock:
            try:
                with request_scope(self.deadline_s), global_session_untouched():
                    self.client.register(**kwargs)
            except Exception as exc:
                self._configure_session()
                message = describe_login_failure(
                    exc, server=self.server, org=org, deadline_s=self.deadline_s
                )
                raise LoginError(scrub(message, request.secrets())) from None
            finally:
                kwargs.clear()
            if attempt != self._attempt:  # cancelled or logged out meanwhile: drop the session
                self._configure_session()
                return
            username = request.username or _username_in(self.client.api_token())
            self._logged_in(username)

    def _sso(self, attempt: int) -> None:
        org = self.org or None
        with self._lock:
            try:
                with request_scope(self.deadline_s), global_session_untouched():
                    # pygraphistry's own SSO entry point also *displays* the link into whatever
                    # cell is running and prints; from a worker thread that lands in a random
                    # cell, so we start the flow with its uploader and show the link ourselves.
                    self._configure_session()
                    started = ArrowUploader(
                        client_session=self.client.session,
                        server_base_path=f"{self.protocol}://{self.server}",
                        certificate_validation=self.client.certificate_validation(),
                    ).sso_login(org, None)
            except Exception as exc:
                message = describe_login_failure(
                    exc, server=self.server, org=org, deadline_s=self.deadline_s
                )
                raise LoginError(message) from None
            immediate = _token_of(started)
            if immediate:  # the server completed SSO at once
                self.client.api_token(immediate)
                self._logged_in(_username_in(immediate))
                return
            self.client.sso_state(started.sso_state)
        if attempt != self._attempt:
            return
        self._set(status="sso_pending", sso_url=started.sso_auth_url or "")
        self._poll_sso(attempt, org)

    def _poll_sso(self, attempt: int, org: str | None) -> None:
        give_up_at = time.monotonic() + self.sso_deadline_s
        wait = _Backoff(first=0.5, most=2.0)
        while attempt == self._attempt:
            with self._lock:
                try:
                    with (
                        request_scope(self.deadline_s),
                        global_session_untouched(),
                        quiet_sso_polling(),
                    ):
                        token = self.client.sso_get_token()
                except Exception as exc:
                    if "not ready" not in str(exc).lower() and not _is_transient(exc):
                        raise LoginError(
                            describe_login_failure(
                                exc, server=self.server, org=org, deadline_s=self.deadline_s
                            )
                        ) from None
                    token = None
                if token:
                    if attempt == self._attempt:
                        self._logged_in(_username_in(token))
                    else:
                        self._configure_session()
                    return
            if time.monotonic() >= give_up_at:
                raise LoginError(
                    f"Single sign-on was not completed within {self.sso_deadline_s:g} s: "
                    "start it again."
                )
            wait.sleep(cancelled=lambda: attempt != self._attempt)

    def _logged_in(self, username: str) -> None:
        self._apply_privacy()
        self._urls.clear()
        self._set(
            status="logged_in",
            username=username,
            org=self.client.session.org_name or self.org,
            expires_at=self.client.token_expires_at() or 0.0,
            sso_url="",
            error="",
        )

    def _apply_privacy(self) -> None:
        # register() builds a new session and drops an earlier privacy(): set it after each login.
        if self.privacy:
            self.client.privacy(mode=cast(PrivacyMode, self.privacy))
        else:
            self.client.session.privacy = None

    # ------------------------------------------------------------------------------- plotting

    def plot(
        self,
        g: Plottable,
        *,
        deadline_s: float | None = None,
        on_progress: ProgressCallback | None = None,
        reuse: bool = True,
    ) -> PlotResult:
        """Uploads ``g`` through this account's client and returns its viewer URL (blocking).

        The plottable is re-bound to this client with ``set_client_for`` at plot time: one made
        before a login carries the session that login replaced. With ``reuse``, a plottable this
        account has already uploaded since its login is not uploaded again.
        """
        deadline = self.deadline_s if deadline_s is None else deadline_s
        stage = ["waiting for the account"]

        def progress(name: str, sent: int, total: int) -> None:
            stage[0] = name
            if on_progress is not None:
                on_progress(name, sent, total)

        with self._lock:
            if self.status != "logged_in":
                raise PlotError(
                    f"{self.label} is not logged in: log in, and the plot will continue."
                )
            if reuse and g in self._urls:
                cached = self._urls[g]
                return PlotResult(cached.url, cached.privacy, reused=True)
            bound = self.client.set_client_for(cast(Plotter, g))
            privacy = self._privacy_of(bound)
            try:
                with request_scope(deadline, progress):
                    url = str(bound.plot(render=False))
            except Exception as exc:
                if _is_refresh_failure(exc):
                    self._expire()
                    raise SessionExpired(
                        f"The session on {self.server} has expired: log in again, "
                        "and the plot will continue."
                    ) from None
                message = describe_plot_failure(
                    exc, server=self.server, stage=stage[0], deadline_s=deadline
                )
                raise PlotError(message) from exc
            self.expires_at = self.client.token_expires_at() or 0.0
            result = PlotResult(url, privacy)
            self._urls[g] = result
            return result

    def _privacy_of(self, bound: Plottable) -> str:
        mode = None
        plot_privacy = getattr(bound, "_privacy", None)
        if isinstance(plot_privacy, dict):
            mode = plot_privacy.get("mode")
        if mode is None and isinstance(self.client.session.privacy, dict):
            mode = self.client.session.privacy.get("mode")
        return normalize_privacy(mode) if mode else ""

    def _expire(self) -> None:
        self._configure_session()
        self._urls.clear()
        self._set(status="expired", error="Session expired: log in again.", expires_at=0.0)

    # ---------------------------------------------------------------------------------- state

    def _set(self, **changes: Any) -> None:
        with self.hold_trait_notifications():
            for name, value in changes.items():
                setattr(self, name, value)


class _Backoff:
    """Waits between SSO polls, waking early when the attempt is cancelled."""

    def __init__(self, first: float, most: float) -> None:
        self._next = first
        self._most = most
        self._event = threading.Event()

    def sleep(self, cancelled: Callable[[], bool]) -> None:
        end = time.monotonic() + self._next
        while not cancelled() and time.monotonic() < end:
            self._event.wait(min(0.1, max(0.0, end - time.monotonic())))
        self._next = min(self._most, self._next * 1.5)


def _token_of(uploader: ArrowUploader) -> str | None:
    """The uploader's token; its property raises rather than returning ``None``."""
    try:
        token = uploader.token
    except Exception:
        return None
    return str(token) if token else None


def _is_transient(exc: BaseException) -> bool:
    import requests

    return isinstance(exc, requests.ConnectionError | requests.Timeout | TimeoutError)


def _is_refresh_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "failed to refresh token" in text or type(exc).__name__ == "TokenExpireException"
