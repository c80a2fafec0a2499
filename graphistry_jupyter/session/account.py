"""An account: one pygraphistry client for its whole life, its session, and what it has plotted.

The object behind every login widget, which mirrors its traits (never a secret). Logins, SSO
polling and uploads run on worker threads with deadlines, one attempt at a time: every login,
cancel and logout starts a new *attempt*, and work that finishes for an older attempt is dropped,
so a late answer from a slow server never overwrites what the person did since. Credentials live
only for one login attempt (:mod:`.credentials`); pygraphistry's relogin closure, which would keep
the password, is off unless ``store_credentials=True``.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, cast

from graphistry.Plottable import Plottable
from traitlets import Bool, Enum, Float, HasTraits, Unicode, validate

from ..http.addresses import (
    PROTOCOLS,
    account_title,
    browser_address,
    normalize_browser_address,
    normalize_server,
)
from ..http.awaiting import Pending
from ..http.client import JupyterClient, new_client
from ..http.jwt_claims import token_username
from ..http.kernel_thread import in_background
from ..http.redaction import install_log_redaction, shown
from ..http.tls import allow_unverified_tls
from ..http.transport import Cancellation, ProgressCallback, RowsCallback, seconds
from ..plots.errors import CANCELLED, PlotCancelled, PlotError, SessionExpired
from ..plots.grants import GrantSource, GrantUnavailable, ViewGrant
from ..plots.upload import PlotCache, PlotResult, bind, refresh_session, upload
from ..protocol.privacy import PRIVACY_CHOICES, PrivacyMode, normalize_privacy
from . import login_flows, registry
from .credentials import Credentials, credentials_from_arguments
from .errors import LoginError
from .login_flows import LoginTarget
from .methods import LoginArguments
from .remembered import LoginMemory, RememberedSession

if TYPE_CHECKING:
    # Only for type checkers (which ship it): Unpack is in typing from Python 3.11.
    from typing_extensions import Unpack

BADGE_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")

STATUSES = ("logged_out", "logging_in", "sso_pending", "logged_in", "expired", "error")
"""Every state of a session; see :attr:`Account.status`."""
PENDING = ("logging_in", "sso_pending")
LOGIN_CANCELLED = "The login was cancelled (the task awaiting it was cancelled): log in again."
"""What the account says once the task awaiting its login was cancelled."""


def badge_color(label: str) -> str:
    """The same colour for the same label, in every run (a re-run cell keeps its colour)."""
    return BADGE_COLORS[zlib.crc32(label.encode("utf-8")) % len(BADGE_COLORS)]


class PresentsAccount(Protocol):
    """Anything that presents one account, such as a login widget."""

    @property
    def account(self) -> Account: ...


AccountLike: TypeAlias = "Account | PresentsAccount"
"""An account, or a login widget standing for it: accepted wherever an account is."""


class Account(HasTraits):
    """One client and its session. Views mirror its traits; none of them is ever a secret.

    An argument that cannot be used raises at once: :class:`ValueError` for a value,
    :class:`TypeError` for the wrong type (see :mod:`.errors`).
    """

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
    """The browser address, under pygraphistry's name for it: where browsers open plots
    (``https://graphs.example.com``) when it is not the API's own address (Docker, Kubernetes, a
    proxy); ``""``: the server itself."""
    certificate_validation = Bool(True)
    """Check the server's TLS certificate (False: unverified, and the badge says so)."""
    ca_bundle = Unicode("")
    """A CA bundle to check the certificate against (a private CA); ``""``: the system's."""
    remember = Bool(False)
    """Keep the session token after a login for the next kernel (never the password)."""
    remembered_user = Unicode("")
    """A remembered, still valid login for this server that can continue without a password."""

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
        client_protocol_hostname: str | None = None,
        certificate_validation: bool | str = True,
        remember: bool = False,
        memory: LoginMemory | None = None,
        color: str | None = None,
    ) -> None:
        super().__init__(
            **settings(
                server,
                protocol,
                org=org,
                label=label,
                privacy=privacy,
                store_credentials=store_credentials,
                deadline_s=deadline_s,
                client_protocol_hostname=client_protocol_hostname,
                certificate_validation=certificate_validation,
                remember=remember,
                color=color,
            )
        )
        self.sso_deadline_s = seconds("sso_deadline_s", sso_deadline_s)
        """How long an SSO login waits for the person to sign in, in seconds."""
        self._lock = threading.RLock()  # one user of the client at a time: it is not thread-safe
        self._attempt = 0
        self._reset_pending = False  # a logout happened while a worker held the client
        self._closed = False
        install_log_redaction()
        self.client: JupyterClient = new_client()
        """This account's own pygraphistry client, for its lifetime (never the global one)."""
        self._plots = PlotCache()
        self._grants = GrantSource(self.client.connections)  # over the account's connections
        self.remembered = RememberedSession(self, memory or LoginMemory())
        """Remembered logins for this account's server (kept when ``remember`` is on: the
        argument, or the form's check box)."""
        self.replaced = False  # a newer account of its label and server took its place: retire()
        """Whether a newer account of the same label and server took this one's place."""
        if not self.certificate_validation:
            allow_unverified_tls()
        self._reset_client()
        self.remembered.offer()
        registry.add(self)

    def __repr__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"<Account {self.label!r} {who}{self.server} {self.status}>"

    @validate("error")
    def _scrubbed(self, proposal: dict[str, Any]) -> str:
        """Every error the form shows is scrubbed here, whoever wrote the sentence."""
        session = getattr(getattr(self, "client", None), "session", None)
        return shown(str(proposal["value"]), (getattr(session, "api_token", None),))

    @classmethod
    def of(cls, account: AccountLike | None, g: object = None) -> Account:
        """The account that ``account`` (an account or its login widget) stands for, or, when
        ``None``, the live account whose client made ``g``."""
        if isinstance(account, Account):
            return account
        presented = getattr(account, "account", None)
        if isinstance(presented, Account):
            return presented
        if account is not None:
            raise TypeError(
                f"Expected a LoginWidget or an Account, not {type(account).__name__}: "
                "pass the login widget the plot should use."
            )
        bound = registry.account_of(g)
        if bound is not None:
            return bound
        raise ValueError(
            "Which account should plot this? Pass account=<a LoginWidget>, or build the "
            "plottable from a login's client (login.client.edges(...))."
        )

    def close(self) -> None:
        """Leaves the kernel's list of live accounts (its login widget was closed), drops work
        in flight and its cached plots, and closes its kept-alive connections. A remembered
        login stays remembered: closing a widget is not logging out."""
        registry.remove(self)
        self._closed = True
        self._attempt += 1
        self._plots.clear()
        self.client.connections.close()

    def require_open(self) -> None:
        """Raises :class:`LoginError` once :meth:`close` ran."""
        if self._closed:
            raise LoginError(
                f"The login widget of {self.label} was closed: create a new LoginWidget to log "
                "in or plot again."
            )

    def retire(self) -> None:
        """Makes way for a newer account of the same label and server (its cell ran again): the
        session ends as with :meth:`logout`, but a remembered login stays, for the newer one;
        plots of this account say it was replaced. Then it closes."""
        self.replaced = True  # before the status changes: plots read it then
        self._end_session()
        self.close()

    @property
    def title(self) -> str:
        """``user@server`` (or just the server when logged out)."""
        return account_title(self.username, self.server)

    # ----------------------------------------------------------------------------- logging in

    def login_async(self, **arguments: Unpack[LoginArguments]) -> Pending[None]:
        """Starts a login on a worker thread with ``username=`` and ``password=``,
        ``personal_key_id=`` and ``personal_key_secret=``, or ``token=`` (see
        :class:`~.methods.LoginArguments`); it fails with :class:`LoginError`.

        ``await account.login_async(...)`` in an event loop, ``.result()`` on a thread (the
        blocking login). Cancelling the awaiting task cancels the login, and the account says so.
        """
        return self.start_login(credentials_from_arguments(**arguments))

    def start_login(self, credentials: Credentials) -> Pending[None]:
        """Starts a login with checked credentials. For ``Credentials("sso")``, ``sso_url`` is where
        the person signs in, and a worker thread polls until the token arrives, ``sso_deadline_s``
        passes, or :meth:`cancel`."""
        if not credentials.registers:
            return self._run_attempt(self._sso)
        cancellation = Cancellation()
        return self._run_attempt(
            lambda attempt: self._login(credentials, attempt, cancellation), cancellation
        )

    def cancel(self) -> None:
        """Abandons a pending login or SSO; its late result, if any, is discarded."""
        if self.status in PENDING:
            self._attempt += 1
            self._set(status="logged_out", sso_url="", error="")

    def _cancel_attempt(self, attempt: int, cancellation: Cancellation | None) -> None:
        """The task awaiting login ``attempt`` was cancelled: abandon it, if it is still the
        current one (its requests cut, so the client is free for the next login at once), and
        say why the account is logged out."""
        if attempt == self._attempt and self.status in PENDING:
            self._attempt += 1
            if cancellation is not None:
                cancellation.cancel()
            self._set(status="logged_out", sso_url="", error=LOGIN_CANCELLED)

    def logout(self) -> None:
        """Forgets the session token and any stored credentials, at once whatever the network
        does: work in flight is detached, its late result dropped, the session reset when free."""
        self.remembered.forget_user(self.username)  # logging out means "not on this computer"
        self._end_session()

    def _end_session(self) -> None:
        self._attempt += 1
        self._plots.clear()
        self._set(status="logged_out", username="", expires_at=0.0, sso_url="", error="")
        self._reset_session_soon()

    def configure(
        self,
        *,
        server: str | None = None,
        protocol: str | None = None,
        org: str | None = None,
        privacy: str | None = None,
        client_protocol_hostname: str | None = None,
    ) -> None:
        """Changes where and how the next login goes; only the privacy while logged in."""
        if self.status in PENDING:
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
        if client_protocol_hostname is not None:
            changes["client_protocol_hostname"] = normalize_browser_address(
                client_protocol_hostname
            )
        if self.status == "logged_in" and any(
            changes[name] != getattr(self, name)
            for name in ("server", "protocol", "org", "client_protocol_hostname")
            if name in changes
        ):
            raise LoginError("Log out before changing the server or organization.")
        self._set(**changes)
        if self.status == "logged_in":
            with self._using_client():
                self._apply_privacy()

    def _run_attempt(
        self, work: Callable[[int], None], cancellation: Cancellation | None = None
    ) -> Pending[None]:
        """Runs ``work(attempt)`` on a worker thread as the next attempt; its LoginError becomes
        the account's error, unless a newer attempt has begun meanwhile. Cancelling what it
        returns cancels ``cancellation``, the requests of ``work``."""
        self.require_open()
        if self.status in PENDING:
            raise LoginError("A login is already in progress: wait for it or cancel it.")
        self._attempt += 1
        attempt = self._attempt
        self._set(status="logging_in", error="", sso_url="")
        future: Pending[None] = Pending(lambda: self._cancel_attempt(attempt, cancellation))

        def run() -> None:
            try:
                work(attempt)
            except LoginError as exc:
                if attempt == self._attempt:
                    self._set(status="error", error=str(exc), sso_url="")
                future.fail(exc)
            except BaseException as exc:  # a bug of ours: still report it, never hang the caller
                message = f"Login failed unexpectedly: {type(exc).__name__}"
                if attempt == self._attempt:
                    self._set(status="error", error=message, sso_url="")
                future.fail(LoginError(message))
            else:
                future.settle(None)

        in_background(run, name=f"graphistry-login-{self.label}")
        return future

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

    def _login(self, credentials: Credentials, attempt: int, cancellation: Cancellation) -> None:
        target = self._target()
        with self._using_client():
            username = login_flows.log_in(self.client, target, credentials, cancellation)
            if attempt != self._attempt:  # cancelled or logged out meanwhile: drop the session
                login_flows.reset_session(self.client, target)
                return
            self._logged_in(username)

    def _sso(self, attempt: int) -> None:
        target = self._target()

        def current() -> bool:
            return attempt == self._attempt

        def pending(url: str) -> None:
            if current():
                self._set(status="sso_pending", sso_url=url)

        token = login_flows.sso_login(
            self.client, target, self._using_client, current, pending, self.sso_deadline_s
        )
        with self._using_client():
            if token and current():
                self._logged_in(token_username(token))
            elif token:  # cancelled or logged out meanwhile: drop the session
                login_flows.reset_session(self.client, target)

    def _logged_in(self, username: str) -> None:
        self._apply_privacy()
        self._plots.clear()
        self._set(
            status="logged_in",
            username=username,
            org=self.client.session.org_name or self.org,
            expires_at=self.client.token_expires_at() or 0.0,
            sso_url="",
            error="",
        )
        self.remembered.keep()

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
        cancellation: Cancellation | None = None,
        on_rows: RowsCallback | None = None,
    ) -> PlotResult:
        """Uploads ``g`` through this account's client and returns its viewer URL (blocking).

        With ``reuse``, a plottable this account has already uploaded since its login is not
        uploaded again. Once ``cancellation`` is cancelled, the upload's requests are cut and
        it raises ``PlotCancelled``, a :class:`PlotError` (:meth:`plot_async` cancels this way
        when the task awaiting it is cancelled). ``on_rows`` hears the rows of a table streamed
        in batches, which is all a table of unknown byte size (dask, a lazy polars table) can
        tell of its progress.
        """
        deadline = self.deadline_s if deadline_s is None else deadline_s
        if self._closed:
            raise PlotError(f"The login widget of {self.label} was closed: create a new one.")
        with self._using_client():
            if self.status != "logged_in":
                raise PlotError(
                    f"{self.label} is not logged in: log in, and the plot will continue."
                )
            cached = self._plots.get(g) if reuse else None
            if cached is not None:
                return cached
            attempt = self._attempt
            try:
                refresh_session(self.client, server=self.server, deadline_s=deadline)
            except SessionExpired:
                self._expire()
                raise
            bound, privacy = bind(self.client, g)
        if cancellation is not None and cancellation.cancelled:
            raise PlotCancelled(CANCELLED)
        # The upload uses the bound copy's own session: no lock, so a logout or a form message
        # never waits for the network.
        try:
            result = upload(
                bound,
                privacy,
                server=self.server,
                deadline_s=deadline,
                on_progress=on_progress,
                cancellation=cancellation,
                on_rows=on_rows,
            )
        except SessionExpired:
            with self._using_client():
                if attempt == self._attempt:
                    self._expire()
            raise
        with self._using_client():
            if attempt != self._attempt:
                raise PlotError(f"{self.label} logged out during the upload: log in again.")
            self.expires_at = self.client.token_expires_at() or 0.0
            self._plots.put(g, result)
        return result

    def plot_async(
        self,
        g: Plottable,
        *,
        deadline_s: float | None = None,
        on_progress: ProgressCallback | None = None,
        reuse: bool = True,
    ) -> Pending[PlotResult]:
        """:meth:`plot` on a worker thread: ``result = await account.plot_async(g)`` in an event
        loop (``asyncio.gather`` over several accounts uploads at once), ``.result()`` on a
        thread. Cancelling the awaiting task cuts the upload's requests; the account stays
        logged in for the next plot. ``on_progress`` is called on the worker thread.
        """
        cancellation = Cancellation()
        future: Pending[PlotResult] = Pending(cancellation.cancel)

        def run() -> None:
            try:
                result = self.plot(
                    g,
                    deadline_s=deadline_s,
                    on_progress=on_progress,
                    reuse=reuse,
                    cancellation=cancellation,
                )
            except BaseException as exc:  # PlotError, or a bug of ours: never hang the caller
                future.fail(exc)
            else:
                future.settle(result)

        threading.Thread(target=run, name=f"graphistry-plot-{self.label}", daemon=True).start()
        return future

    def view_grant(self, dataset_id: str) -> ViewGrant:
        """A grant that opens ``dataset_id`` in a viewer frame with no second sign-in (blocking:
        call it on a worker thread). Raises :class:`GrantUnavailable` saying why not."""
        attempt = self._attempt
        token = self.client.api_token() if self.status == "logged_in" else None
        if not token:
            raise GrantUnavailable(f"{self.label} is not logged in: log in to see this plot.")
        try:
            return self._grants.request(
                api_base=f"{self.protocol}://{self.server}",
                session_token=str(token),
                dataset_id=dataset_id,
                verify=self.client.certificate_validation(),
                deadline_s=self.deadline_s,
            )
        except GrantUnavailable as exc:
            # docs/single-sign-in.md §7: a refused session needs a new login, unless another
            # login or a logout has replaced the session meanwhile.
            if exc.session_ended:
                with self._using_client():
                    if attempt == self._attempt and self.status == "logged_in":
                        self._expire()
            raise

    def _expire(self) -> None:
        self._attempt += 1
        login_flows.reset_session(self.client, self._target())
        self._plots.clear()
        self._set(
            status="expired",
            error="The session has ended (expired or revoked by the server): log in again.",
            expires_at=0.0,
        )

    # ----------------------------------------------------------------------- client and state

    def _reset_client(self) -> None:
        """Puts the client back to an unauthenticated session pointed at the target (no
        request)."""
        login_flows.reset_session(self.client, self._target())

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

    def _set(self, **changes: Any) -> None:
        with self.hold_trait_notifications():
            for name, value in changes.items():
                setattr(self, name, value)


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
    """An account's initial traits for what a person passed, checked and normalised: an argument
    of the wrong type raises :class:`TypeError`, a value that cannot be used :class:`ValueError`,
    each naming the argument."""
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
