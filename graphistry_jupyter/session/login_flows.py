"""How a client logs in: password, personal key, token (one ``register()``), and single sign-on
(started, then polled with backoff). Each flow runs on the caller's worker thread, within a
deadline, and leaves the kernel-global ``graphistry`` session untouched. Its requests go through
the client's own kept-alive connections (http/transport.py), so a login and the plots after it share
one warm connection instead of a TCP (and TLS) handshake each.

These functions know nothing about accounts or widgets: they take a client and where to log in,
and return the session token's user or raise :class:`LoginError` with a sentence to act on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import requests
from graphistry.arrow_uploader import ArrowUploader

from ..http.client import JupyterClient
from ..http.jwt_claims import token_username
from ..http.redaction import quiet_library_errors, secrets_in_flight, shown
from ..http.transport import Cancellation, request_scope
from .credentials import Credentials
from .errors import LoginError, describe_login_failure
from .isolation import global_session_untouched


@dataclass(frozen=True)
class LoginTarget:
    """Where a login goes and how the session behaves once made."""

    server: str
    protocol: str
    org: str = ""
    store_credentials: bool = False
    deadline_s: float = 30.0
    browser_address: str = ""
    """Where browsers open plots; ``""``: the server's own address."""
    verify: bool | str = True
    """pygraphistry's certificate_validation: a CA bundle's path, as ``requests`` takes it."""

    def register_kwargs(self) -> dict[str, Any]:
        """What every ``register()`` of this target passes, credentials aside."""
        return {
            "api": 3,
            "server": self.server,
            "protocol": self.protocol,
            "store_token_creds_in_memory": self.store_credentials,
            # pygraphistry's name for the browser address.
            "client_protocol_hostname": self.browser_address or None,
            "certificate_validation": self.verify,
        }

    def failure(self, exc: BaseException, secrets: tuple[str, ...] = ()) -> LoginError:
        message = describe_login_failure(
            exc, server=self.server, org=self.org or None, deadline_s=self.deadline_s
        )
        return LoginError(shown(message, secrets))


def reset_session(client: JupyterClient, target: LoginTarget) -> None:
    """A fresh, unauthenticated session pointed at ``target`` (no request is made)."""
    with global_session_untouched():
        client.register(**target.register_kwargs())


def log_in(
    client: JupyterClient,
    target: LoginTarget,
    credentials: Credentials,
    cancellation: Cancellation | None = None,
) -> str:
    """Registers ``client`` with ``credentials``; returns the logged-in user's name. Once
    ``cancellation`` is cancelled, its requests are cut (it fails)."""
    kwargs = {**target.register_kwargs(), **credentials.register_kwargs()}
    if target.org:
        kwargs["org_name"] = target.org
    try:
        with (
            secrets_in_flight(credentials.secrets()),
            quiet_library_errors(),
            request_scope(
                target.deadline_s, connections=client.connections, cancellation=cancellation
            ),
            global_session_untouched(),
        ):
            client.register(**kwargs)
    except Exception as exc:
        reset_session(client, target)
        raise target.failure(exc, credentials.secrets()) from None
    finally:
        kwargs.clear()  # drop this frame's reference to the secret at once
    return credentials.username or token_username(client.api_token())


@dataclass(frozen=True)
class SsoStart:
    """A started single sign-on: where the person signs in, or the token if it was immediate."""

    auth_url: str
    token: str | None


def start_sso(client: JupyterClient, target: LoginTarget) -> SsoStart:
    """Starts SSO on the server; the client keeps the flow's state for :func:`poll_sso`."""
    try:
        with (
            request_scope(target.deadline_s, connections=client.connections),
            global_session_untouched(),
            quiet_library_errors(),
        ):
            # pygraphistry's own SSO entry point also *displays* the link into whatever cell is
            # running and prints; from a worker thread that lands in a random cell, so the flow
            # is started with its uploader and the widget shows the link.
            reset_session(client, target)
            started = ArrowUploader(
                client_session=client.session,
                server_base_path=f"{target.protocol}://{target.server}",
                # A CA bundle's path too (http/client.py): the uploader passes it on as `verify`.
                certificate_validation=client.certificate_validation(),  # type: ignore[arg-type]
            ).sso_login(target.org or None, None)
    except Exception as exc:
        raise target.failure(exc) from None
    immediate = _token_of(started)
    if immediate:
        client.api_token(immediate)
        return SsoStart("", immediate)
    client.sso_state(started.sso_state)
    return SsoStart(started.sso_auth_url or "", None)


def poll_sso_once(client: JupyterClient, target: LoginTarget) -> str | None:
    """One poll: the token once the person has signed in, ``None`` while not yet."""
    try:
        with (
            request_scope(target.deadline_s, connections=client.connections),
            global_session_untouched(),
            quiet_library_errors(),
        ):
            token = client.sso_get_token()
    except Exception as exc:
        if "not ready" in str(exc).lower() or _is_transient(exc):
            return None
        raise target.failure(exc) from None
    return str(token) if token else None


def sso_login(
    client: JupyterClient,
    target: LoginTarget,
    holding_client: Callable[[], AbstractContextManager[Any]],
    current: Callable[[], bool],
    on_pending: Callable[[str], None],
    give_up_after_s: float,
) -> str | None:
    """Starts SSO, reports where to sign in, and polls with backoff until the token arrives
    (returned), the attempt stops being ``current`` (``None``), or time runs out (LoginError).
    Each server call holds the client (``holding_client()``); the waits between polls do not."""
    with holding_client():
        started = start_sso(client, target)
    if started.token or not current():
        return started.token
    on_pending(started.auth_url)
    give_up_at = time.monotonic() + give_up_after_s
    wait = Backoff(first=0.5, most=2.0)
    while current():
        with holding_client():
            token = poll_sso_once(client, target)
        if token:
            return token
        if time.monotonic() >= give_up_at:
            raise LoginError(
                f"Single sign-on was not completed within {give_up_after_s:g} s: start it again."
            )
        wait.sleep(cancelled=lambda: not current())
    return None


class Backoff:
    """Waits between polls, growing to ``most`` seconds, waking early when cancelled."""

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
    return isinstance(exc, requests.ConnectionError | requests.Timeout | TimeoutError)
