"""An account: one pygraphistry client for its whole life, its session, and what it has plotted.

The object behind every login widget, which mirrors its traits (:mod:`.session_state`). Logins,
SSO polling and uploads run on worker threads with deadlines. Credentials live only for one login
attempt (:mod:`.credentials`); pygraphistry's relogin closure, which would keep the password, is
off unless ``store_credentials=True``.

Long module: the session's whole life (logging in and out, making way for a newer account,
plotting, view grants) is one idea, over one client lock and one attempt counter.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any, cast

from graphistry.Plottable import Plottable

from . import account_registry, login_flows
from .account_registry import AccountLike
from .client import JupyterClient, new_client
from .credentials import Credentials, credentials_from_arguments
from .errors import LoginError, PlotError, SessionExpired
from .jwt_claims import token_username
from .log_redaction import install_log_redaction
from .options import (
    allow_unverified_tls,
    normalize_browser_address,
    normalize_server,
)
from .plotting import PlotCache, PlotResult, bind, refresh_session, upload
from .protocol.privacy import PrivacyMode, normalize_privacy
from .remembered import LoginMemory, RememberedSession
from .session_state import PENDING, SessionState
from .transport import ProgressCallback
from .view_grants import GrantSource, GrantUnavailable, ViewGrant


class Account(SessionState):
    """One client and its session. Views mirror its traits; none of them is ever a secret."""

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
            **SessionState.settings(
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
        install_log_redaction()
        self.sso_deadline_s = sso_deadline_s
        self.client: JupyterClient = new_client()
        self._plots = PlotCache()
        self._grants = GrantSource(self.client.connections)  # over the account's connections
        self.remembered = RememberedSession(self, memory or LoginMemory())
        """Remembered logins for this account's server (opt in with ``remember=True``)."""
        self.replaced = False  # a newer account of its label and server took its place: retire()
        if not self.certificate_validation:
            allow_unverified_tls()
        login_flows.reset_session(self.client, self._target())
        self.remembered.offer()
        account_registry.add(self)

    def __repr__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"<Account {self.label!r} {who}{self.server} {self.status}>"

    @classmethod
    def of(cls, account: AccountLike | None, g: object = None) -> Account:
        """The account that ``account`` (an account or its login widget) stands for, or, when
        ``None``, the live account whose client made ``g``."""
        return account_registry.resolve(account, g)

    def close(self) -> None:
        """Leaves the kernel's list of live accounts (its login widget was closed)."""
        account_registry.remove(self)

    def retire(self) -> None:
        """Makes way for a newer account of the same label and server (its cell ran again): the
        session ends as with :meth:`logout`, but a remembered login stays, for the newer one;
        plots of this account say it was replaced. Then it closes."""
        self.replaced = True  # before the status changes: plots read it then
        self._end_session()
        self.close()

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
        credentials = credentials_from_arguments(
            username=username,
            password=password,
            personal_key_id=personal_key_id,
            personal_key_secret=personal_key_secret,
            token=token,
            verify_token=verify_token,
        )
        return self.start_login(credentials)

    def start_login(self, credentials: Credentials) -> Future[None]:
        """Starts a login with checked credentials. For ``Credentials("sso")``, ``sso_url`` is where
        the person signs in, and a worker thread polls until the token arrives, ``sso_deadline_s``
        passes, or :meth:`cancel`."""
        if credentials.method == "sso":
            return self._run_attempt(self._sso)
        return self._run_attempt(lambda attempt: self._login(credentials, attempt))

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

    def _login(self, credentials: Credentials, attempt: int) -> None:
        target = self._target()
        with self._using_client():
            username = login_flows.log_in(self.client, target, credentials)
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
    ) -> PlotResult:
        """Uploads ``g`` through this account's client and returns its viewer URL (blocking).

        With ``reuse``, a plottable this account has already uploaded since its login is not
        uploaded again.
        """
        deadline = self.deadline_s if deadline_s is None else deadline_s
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
        # The upload uses the bound copy's own session: no lock, so a logout or a form message
        # never waits for the network.
        try:
            result = upload(
                bound, privacy, server=self.server, deadline_s=deadline, on_progress=on_progress
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

    def view_grant(self, dataset_id: str) -> ViewGrant:
        """A grant that opens ``dataset_id`` in a viewer frame with no second sign-in (blocking:
        call it on a worker thread). Raises :class:`GrantUnavailable` saying why not."""
        token = self.client.api_token() if self.status == "logged_in" else None
        if not token:
            raise GrantUnavailable(f"{self.label} is not logged in: log in to see this plot.")
        return self._grants.request(
            api_base=f"{self.protocol}://{self.server}",
            session_token=str(token),
            dataset_id=dataset_id,
            verify=self.client.certificate_validation(),
            deadline_s=self.deadline_s,
        )

    def _reset_client(self) -> None:
        login_flows.reset_session(self.client, self._target())

    def _expire(self) -> None:
        self._attempt += 1
        login_flows.reset_session(self.client, self._target())
        self._plots.clear()
        self._set(
            status="expired",
            error="The session has ended (expired or revoked by the server): log in again.",
            expires_at=0.0,
        )
