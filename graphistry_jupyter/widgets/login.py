"""The login form: one widget, one account, one pygraphistry client for the widget's lifetime."""

from __future__ import annotations

import html
import warnings
from typing import TYPE_CHECKING, Any

from graphistry.Plottable import Plottable
from traitlets import Enum, Unicode, observe

from ..http.awaiting import Pending
from ..http.client import JupyterClient
from ..http.redaction import shown
from ..session import registry
from ..session.account import Account
from ..session.credentials import credentials_for
from ..session.environment import API_TOKEN, environment_api_token, login_defaults
from ..session.errors import CredentialsError, LoginError
from ..session.methods import METHODS, LoginArguments
from . import snapshot as snapshots
from ._static import css, esm
from .base import ViewWidget, mirrored, mirrored_names
from .plot import PlotWidget

if TYPE_CHECKING:
    # Only for type checkers (which ship it): Unpack is in typing from Python 3.11.
    from typing_extensions import Unpack


class LoginWidget(ViewWidget):
    """A login form bound to its own ``graphistry`` client.

    >>> prod = LoginWidget(server="hub.graphistry.com", label="prod")   # shows the form
    >>> g = prod.client.edges(df, "src", "dst")                          # this account's client
    >>> prod.plot(g)                                                     # an inline PlotWidget

    Logging in here never touches the kernel-global ``graphistry`` session. Passwords, key secrets
    and tokens typed into the form reach Python only as custom messages: they never become widget
    state, so they are neither saved into the notebook nor shown in a repr.

    An argument that cannot be used raises at once: :class:`ValueError` for a value (a server
    with a path, an unknown privacy), :class:`TypeError` for the wrong type or an unknown keyword.

    Observers (``observe``) see each change whole: when ``status`` becomes ``"logged_in"``,
    ``username``, ``server`` and ``expires_at`` are already set. They run on the thread that made
    the change: a login's worker thread (the login runs there, so that a blocking ``login()`` can
    wait on the kernel's thread without deadlocking), the kernel's thread for what a cell does
    (``logout()``, ``cancel()``, settings). An observer that touches other widgets may do so from
    the worker thread: ipywidgets sends state from any thread.
    """

    _esm = esm("login")
    _conversation = "login"
    _css = css()

    method = Enum(METHODS, "password").tag(sync=True)
    """The login method the form shows: password, personal_key, token or sso."""

    # The account's state, mirrored one way (see Account for each trait's meaning).
    server = mirrored(Account.server)
    """``host[:port]`` of the Graphistry server."""
    protocol = mirrored(Account.protocol)
    """``http`` or ``https``."""
    org = mirrored(Account.org)
    """Organization slug; ``""`` for the personal organization."""
    privacy = mirrored(Account.privacy)
    """Default privacy of plots: ``""``, private, organization or public."""
    label = mirrored(Account.label)
    """Short name on badges and pickers."""
    color = mirrored(Account.color)
    """CSS color of the badge."""
    status = mirrored(Account.status)
    """logged_out, logging_in, sso_pending, logged_in, expired or error."""
    error = mirrored(Account.error)
    """Why the last login failed, in a sentence."""
    username = mirrored(Account.username)
    """The logged-in user."""
    expires_at = mirrored(Account.expires_at)
    """When the session token expires, epoch seconds; 0 when unknown."""
    sso_url = mirrored(Account.sso_url)
    """While SSO is pending: where to sign in."""
    deadline_s = mirrored(Account.deadline_s)
    """How long a login may wait for the server, in seconds."""
    client_protocol_hostname = mirrored(Account.client_protocol_hostname)
    """The browser address (pygraphistry's name for it): where browsers open plots, when not the
    server's own address; ``""``: the server. The form's "Browser address"."""
    certificate_validation = mirrored(Account.certificate_validation)
    """Whether the server's TLS certificate is checked (False shows "unverified TLS")."""
    ca_bundle = mirrored(Account.ca_bundle)
    """The CA bundle the certificate is checked against; ``""``: the system's."""
    remember = mirrored(Account.remember)
    """Whether a login is kept for the next kernel (its session token, never the password)."""
    remembered_user = mirrored(Account.remembered_user)
    """Who can continue without a password on this server (a remembered login), or ``""``."""
    environment_key_id = Unicode("").tag(sync=True)
    """The personal key ID in the environment (GRAPHISTRY_PERSONAL_KEY_ID), when its secret is
    set too: the form offers to log in with it. The secret is never state."""
    logged_in_with = Unicode("").tag(sync=True)
    """``GRAPHISTRY_API_TOKEN`` when the widget logged in by itself with the token pygraphistry
    finds there (or in ``~/.pygraphistry``), as every plot of a plain pygraphistry client would
    upload with it; ``""`` otherwise. The token itself is never state."""

    def __init__(
        self,
        server: str | None = None,
        protocol: str | None = None,
        org: str | None = None,
        label: str | None = None,
        method: str = "password",
        privacy: str | None = None,
        store_credentials: bool = False,
        client_protocol_hostname: str | None = None,
        certificate_validation: bool | str | None = None,
        *,
        remember: bool = False,
        color: str | None = None,
        deadline_s: float = 30.0,
        sso_deadline_s: float = 600.0,
        snapshot: bool = True,
        **kwargs: Any,
    ) -> None:
        """``snapshot``: whether this login's plots show a picture of the drawn graph in the
        saved notebook, unless a plot says otherwise (``PlotWidget(snapshot=)``)."""
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
        if not isinstance(snapshot, bool):
            raise TypeError(f"snapshot must be True or False, not {type(snapshot).__name__}")
        # What the caller leaves out comes from pygraphistry's environment and config files.
        defaults = login_defaults()
        # Arguments first: a rejected call must not leave a live account behind.
        super().__init__(kwargs, method=method, environment_key_id=defaults.personal_key_id)
        try:
            account = Account(
                server or defaults.server,
                protocol or defaults.protocol,
                org=org if org is not None else defaults.org,
                label=label,
                privacy=privacy,
                store_credentials=store_credentials,
                deadline_s=deadline_s,
                sso_deadline_s=sso_deadline_s,
                client_protocol_hostname=client_protocol_hostname or defaults.browser_address,
                certificate_validation=defaults.certificate_validation
                if certificate_validation is None
                else certificate_validation,
                remember=remember,
                color=color,
            )
        except Exception:
            super().close()  # the form was opened for an account that cannot exist
            raise
        self._account = account
        snapshots.set_default(account, snapshot)
        self._mirror(account, mirrored_names(type(self)))
        self._on_close(account.close)
        # A cell that made a login form ran again: the form it made before makes way.
        for older in logins():
            if (older.label, older.server, older.protocol) == (
                self.label,
                self.server,
                self.protocol,
            ):
                older._retire()
        registry.present(account, self)
        if defaults.has_api_token:
            self._log_in_with_environment_token()

    @observe("status")
    def _session_ended(self, change: dict[str, Any]) -> None:
        # The token's session is over (logout, expiry, a failure): a later login is the form's.
        if change["new"] not in ("logging_in", "logged_in"):
            self.logged_in_with = ""

    def _log_in_with_environment_token(self) -> None:
        """Starts a login with pygraphistry's token on a worker thread (the kernel goes on)."""
        token = environment_api_token()
        if token:
            self.logged_in_with = API_TOKEN
            self._account.start_login(credentials_for("token", {"token": token}))

    def __repr__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        via = f", with {self.logged_in_with}" if self.logged_in_with else ""
        return f"LoginWidget(label={self.label!r}, {who}{self.server}, status={self.status!r}{via})"

    # --------------------------------------------------------------------------- public API

    @property
    def client(self) -> JupyterClient:
        """This widget's own ``GraphistryClient``: build plottables from it."""
        return self._account.client

    @property
    def account(self) -> Account:
        """The account behind the form (state, lock, plot cache)."""
        return self._account

    def login(self, **arguments: Unpack[LoginArguments]) -> LoginWidget:
        """Logs in with ``username=`` and ``password=``, ``personal_key_id=`` and
        ``personal_key_secret=``, or ``token=``, and waits (use it in scripts; the form does the
        same without blocking).

        Raises :class:`~graphistry_jupyter.LoginError` with a message that says what to fix.
        """
        try:
            self._account.login_async(**arguments).result()
        finally:
            self._static.settle()
        return self

    def login_async(self, **arguments: Unpack[LoginArguments]) -> Pending[None]:
        """:meth:`login` without waiting: ``await login.login_async(...)`` in an event loop,
        ``.result()`` on a thread. Cancelling the awaiting task cancels the login, and the form
        says so."""
        return self._account.login_async(**arguments)

    def logout(self) -> None:
        """Ends the session; plots of this account wait for the next login."""
        self._account.logout()

    def plot(self, g: Plottable, height: int = 600, *, snapshot: bool | None = None) -> PlotWidget:
        """An inline :class:`PlotWidget` of ``g`` on this account (:class:`LoginError` once this
        widget is closed). ``snapshot``: as :class:`PlotWidget`'s; ``None`` follows this login's."""
        self._account.require_open()
        return PlotWidget(g, account=self._account, height=height, snapshot=snapshot)

    def _static_inner(self) -> str:
        return static_inner(self)

    # ----------------------------------------------------------------------- form messages

    def _on_login_message(self, form: dict[str, Any]) -> None:
        method = form.get("method", self.method)
        try:
            if method in METHODS:
                self.method = method
            self._account.configure(
                server=_text(form.get("server")),
                org=_text(form.get("org")),
                privacy=_text(form.get("privacy")),
                client_protocol_hostname=_text(form.get("client_protocol_hostname")),
            )
            if isinstance(form.get("remember"), bool):
                self._account.remember = form["remember"]
            self._account.start_login(credentials_for(str(method), form))
        except CredentialsError as exc:
            self._answer_form(str(exc), exc.field)
        except (LoginError, ValueError) as exc:
            # A setting the account refused (server, privacy, browser address), or a login under
            # way. The view accepts only its inputs' names as the field to focus, and has no
            # "privacy" among them: "server" stands for the form's settings.
            self._answer_form(str(exc), "server")

    def _on_logout_message(self, _content: dict[str, Any]) -> None:
        self._account.logout()

    def _on_cancel_message(self, _content: dict[str, Any]) -> None:
        self._account.cancel()

    def _on_continue_message(self, _content: dict[str, Any]) -> None:
        try:
            self._account.remembered.resume()
        except LoginError as exc:
            self._answer_form(str(exc), "server")

    def _retire(self) -> None:
        """Makes way for a newer form of the same label and server: logged out (a remembered
        login stays, for the newer form), its plots say they were replaced, and closed."""
        self._account.retire()
        self.close()

    def _on_forget_message(self, _content: dict[str, Any]) -> None:
        self._account.remembered.forget()

    def _answer_form(self, message: str, field: str) -> None:
        # A problem with what was typed, found before anything was sent: the view shows it next
        # to the form and takes input again. It is not the account's state, so not a trait.
        self._send_to_view("form_error", message=shown(message), field=field)


def logins() -> list[LoginWidget]:
    """The kernel's live login widgets, in creation order."""
    return registry.presenters(LoginWidget)


def accounts() -> list[LoginWidget]:
    """Deprecated name of :func:`logins`: it returns login widgets, not accounts."""
    warnings.warn(
        "graphistry_jupyter.accounts() is deprecated: use logins(), which returns the same "
        "login widgets",
        DeprecationWarning,
        stacklevel=2,
    )
    return logins()


def static_inner(login: LoginWidget) -> str:
    """What the login's static output says: who was logged in where when the notebook was
    saved, or why not. Never a secret: only traits, which are saved anyway."""
    label = html.escape(login.label or "account")
    server = html.escape(login.server or "no server")
    on = f"{label} ({server})"
    if login.status == "logged_in":
        user = html.escape(login.username or "someone")
        said = f"Logged in as {user} on {on} when saved — run the cell to reconnect."
    elif login.status == "error":
        said = f"{on}: {html.escape(login.error or 'The login failed.')} Run the cell to log in."
    elif login.status == "expired":
        said = f"{on}: the session had expired when saved. Run the cell to log in again."
    elif login.status in ("logging_in", "sso_pending"):
        said = f"{on}: logging in when saved. Run the cell to log in."
    else:
        said = f"{on}: logged out when saved. Run the cell to log in."
    return f"<p>{said}</p>"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None
