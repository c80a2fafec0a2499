"""The login form: one widget, one account, one pygraphistry client for the widget's lifetime."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anywidget
import traitlets
from graphistry.Plottable import Plottable
from traitlets import Float, Unicode

from ..account import Account
from ..client import JupyterClient
from ..errors import LoginError
from . import registry
from ._static import CSS, esm, require_built

if TYPE_CHECKING:
    from .plot import PlotWidget

METHODS = ("password", "personal_key", "token", "sso")

# Account state the form mirrors, one way: the account is the source of truth.
_MIRRORED = (
    "server", "protocol", "org", "privacy", "label", "color", "status", "error", "username",
    "expires_at", "sso_url", "deadline_s",
)  # fmt: skip


class LoginWidget(anywidget.AnyWidget):
    """A login form bound to its own ``graphistry`` client.

    >>> prod = LoginWidget(server="hub.graphistry.com", label="prod")   # shows the form
    >>> g = prod.client.edges(df, "src", "dst")                          # this account's client
    >>> prod.plot(g)                                                     # an inline PlotWidget

    Logging in here never touches the kernel-global ``graphistry`` session. Passwords, key secrets
    and tokens typed into the form reach Python only as custom messages: they never become widget
    state, so they are neither saved into the notebook nor shown in a repr.
    """

    _esm = esm("login")
    _css = CSS

    server = Unicode(help="host[:port] of the Graphistry server").tag(sync=True)
    protocol = Unicode("https", help="http or https").tag(sync=True)
    method = traitlets.Enum(METHODS, "password", help="the login method the form shows").tag(
        sync=True
    )
    org = Unicode("", help="organization slug; '' for the personal organization").tag(sync=True)
    privacy = Unicode("", help="default privacy of plots: '', private, organization, public").tag(
        sync=True
    )
    label = Unicode("", help="short name of this account on badges and pickers").tag(sync=True)
    color = Unicode("", help="CSS color of this account's badge").tag(sync=True)
    status = Unicode(
        "logged_out",
        help="logged_out, logging_in, sso_pending, logged_in, expired or error",
    ).tag(sync=True)
    error = Unicode("", help="why the last login failed, in words").tag(sync=True)
    username = Unicode("", help="the logged-in user").tag(sync=True)
    expires_at = Float(0.0, help="when the session token expires, epoch seconds").tag(sync=True)
    sso_url = Unicode("", help="while SSO is pending: where to sign in").tag(sync=True)
    deadline_s = Float(30.0, help="how long a login may wait for the server").tag(sync=True)

    def __init__(
        self,
        server: str = "hub.graphistry.com",
        protocol: str = "https",
        org: str | None = None,
        label: str | None = None,
        method: str = "password",
        privacy: str | None = None,
        store_credentials: bool = False,
        *,
        deadline_s: float = 30.0,
        sso_deadline_s: float = 600.0,
        **kwargs: Any,
    ) -> None:
        unknown = set(kwargs) - {"layout"}
        if unknown:
            raise TypeError(f"LoginWidget got unexpected arguments: {', '.join(sorted(unknown))}")
        require_built(self._esm)
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
        self._account = Account(
            server,
            protocol,
            org=org,
            label=label,
            privacy=privacy,
            store_credentials=store_credentials,
            deadline_s=deadline_s,
            sso_deadline_s=sso_deadline_s,
        )
        super().__init__(method=method, **kwargs)
        for name in _MIRRORED:
            traitlets.dlink((self._account, name), (self, name))
        self.on_msg(self._on_view_message)
        registry.add(self)

    def __repr__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"LoginWidget(label={self.label!r}, {who}{self.server}, status={self.status!r})"

    # --------------------------------------------------------------------------- public API

    @property
    def client(self) -> JupyterClient:
        """This widget's own ``GraphistryClient``: build plottables from it."""
        return self._account.client

    @property
    def account(self) -> Account:
        """The account behind the form (state, lock, plot cache)."""
        return self._account

    def login(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        personal_key_id: str | None = None,
        personal_key_secret: str | None = None,
        token: str | None = None,
        verify_token: bool = True,
    ) -> LoginWidget:
        """Logs in and waits (use it in scripts; the form does the same without blocking).

        Raises :class:`~graphistry_jupyter.LoginError` with a message that says what to fix.
        """
        self._account.login_async(
            username=username,
            password=password,
            personal_key_id=personal_key_id,
            personal_key_secret=personal_key_secret,
            token=token,
            verify_token=verify_token,
        ).result()
        return self

    def logout(self) -> None:
        """Ends the session; plots of this account wait for the next login."""
        self._account.logout()

    def plot(self, g: Plottable, height: int = 600) -> PlotWidget:
        """An inline :class:`PlotWidget` of ``g`` on this account."""
        from .plot import PlotWidget

        return PlotWidget(g, account=self, height=height)

    def close(self) -> None:
        registry.remove(self)
        super().close()

    # ----------------------------------------------------------------------- form messages

    def _on_view_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        try:
            if kind == "login":
                self._login_from_form(content)
            elif kind == "logout":
                self._account.logout()
            elif kind == "cancel":
                self._account.cancel()
        except LoginError as exc:
            self._account.report_error(str(exc))
        finally:
            content.clear()  # drop our reference to any secret as soon as it is handed on

    def _login_from_form(self, form: dict[str, Any]) -> None:
        method = form.get("method", self.method)
        if method in METHODS:
            self.method = method
        self._account.configure(
            server=_text(form.get("server")),
            org=_text(form.get("org")),
            privacy=_text(form.get("privacy")),
        )
        if method == "sso":
            self._account.start_sso()
            return
        credentials: dict[str, Any]
        if method == "password":
            credentials = {
                "username": _text(form.get("username")),
                "password": form.get("password") or None,
            }
            if not credentials["username"]:
                raise LoginError("Enter a username.")
            if not credentials["password"]:
                raise LoginError("Enter a password.")
        elif method == "personal_key":
            credentials = {
                "personal_key_id": _text(form.get("personal_key_id")),
                "personal_key_secret": form.get("personal_key_secret") or None,
            }
        else:
            credentials = {"token": form.get("token") or None}
            if not credentials["token"]:
                raise LoginError("Paste a token.")
        self._account.login_async(**credentials)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None
