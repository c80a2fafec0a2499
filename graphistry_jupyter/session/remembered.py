"""Remembered logins, opt in: a still-valid session token kept for the next kernel.

After a kernel restart, a login widget for the same server offers "Continue as alice" instead of
asking for the password again. What is kept is the session token (never a password or key
secret), with its expiry; an expired one is never offered and is deleted when found. The token
goes to the operating system's keyring (the ``keyring`` package) when it has a usable backend, and
otherwise into a file only the user can read under the user's config directory; the index of
who is remembered where (no secret) is always that file's neighbour. Nothing is written unless a
login asks to be remembered.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
import keyring.errors
import platformdirs

from .credentials import Credentials
from .errors import LoginError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .account import Account

SERVICE = "graphistry-jupyter"
INDEX = "remembered-logins.json"
_lock = threading.Lock()


@dataclass(frozen=True)
class RememberedLogin:
    """Who is remembered where (no secret)."""

    server: str
    protocol: str
    org: str
    username: str
    expires_at: float

    @property
    def key(self) -> str:
        return f"{self.protocol}://{self.server}/{self.org}#{self.username}"


class LoginMemory:
    """The remembered logins of this user, in ``directory`` (the user's config directory)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or Path(platformdirs.user_config_dir(SERVICE))

    def remember(self, login: RememberedLogin, token: str) -> None:
        with _lock:
            entries = self._read()
            entry: dict[str, Any] = asdict(login)
            if not _keyring_set(login.key, token):
                entry["token"] = token  # no keyring here: the file (mode 600) holds it
            entries[login.key] = entry
            self._write(entries)

    def recall(self, server: str, protocol: str, org: str) -> RememberedLogin | None:
        """The longest-lasting unexpired login remembered for this server (expired ones are
        forgotten on the way)."""
        with _lock:
            entries = self._read()
            now = time.time()
            expired = [k for k, e in entries.items() if float(e.get("expires_at", 0)) <= now]
            for key in expired:
                entries.pop(key)
                _keyring_delete(key)
            if expired:
                self._write(entries)
        found = [
            _login(e)
            for e in entries.values()
            if (e.get("server"), e.get("protocol"), e.get("org")) == (server, protocol, org)
        ]
        return max(found, key=lambda login: login.expires_at, default=None)

    def token(self, login: RememberedLogin) -> str | None:
        with _lock:
            entry = self._read().get(login.key)
        if entry is None:
            return None
        stored = entry.get("token")
        return stored if isinstance(stored, str) else _keyring_get(login.key)

    def forget(self, login: RememberedLogin) -> None:
        with _lock:
            entries = self._read()
            if entries.pop(login.key, None) is None:
                return  # never remembered: the keyring (slow to load) is not even asked
            self._write(entries)
            _keyring_delete(login.key)

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads((self.directory / INDEX).read_text())
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, entries: dict[str, dict[str, Any]]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.directory / INDEX
        # Created with mode 600 before anything is written into it, then replaced atomically.
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(entries, file)
        os.replace(temporary, path)


class RememberedSession:
    """One account's remembered login: offered after a kernel restart, kept after each login
    when the account asks (``remember``), continued without a password, forgotten on request."""

    def __init__(self, account: Account, memory: LoginMemory) -> None:
        self._account = account
        self._memory = memory

    def offer(self) -> None:
        """Shows (``remembered_user``) who can continue here, if anyone: whoever asked to be
        remembered, with the form's check box or ``remember=True``, whatever this account's own
        ``remember`` says (that only decides whether its next login is kept)."""
        found = self._recall()
        self._account.remembered_user = found.username if found else ""

    def keep(self) -> None:
        """After a login: keep its token for the next kernel, when the account asks to."""
        account = self._account
        token, expires = account.client.api_token(), account.client.token_expires_at()
        if account.remember and token and expires:
            who = RememberedLogin(
                account.server, account.protocol, account.org, account.username, expires
            )
            self._memory.remember(who, str(token))
            account.remembered_user = account.username

    def resume(self) -> Future[None]:
        """Logs in with the remembered token (a worker thread; the future fails with LoginError)."""
        found = self._recall()
        token = self._memory.token(found) if found else None
        if found is None or not token:
            self.offer()
            raise LoginError("There is no remembered login for this server any more: log in.")
        attempt = self._account.start_login(Credentials("token", token=token))

        def forget_if_refused(done: Future[None]) -> None:
            # A token the server no longer accepts is not offered again.
            if done.exception() is not None:
                self._memory.forget(found)
                self.offer()

        attempt.add_done_callback(forget_if_refused)
        return attempt

    def forget(self) -> None:
        """Deletes the login offered for this server."""
        found = self._recall()
        if found is not None:
            self._memory.forget(found)
        self.offer()

    def forget_user(self, username: str) -> None:
        """Deletes ``username``'s remembered login for this server, if any (logging out means
        "not on this computer", however the login was remembered)."""
        account = self._account
        if username:
            gone = RememberedLogin(account.server, account.protocol, account.org, username, 0.0)
            self._memory.forget(gone)
        self.offer()

    def _recall(self) -> RememberedLogin | None:
        account = self._account
        return self._memory.recall(account.server, account.protocol, account.org)


def _login(entry: dict[str, Any]) -> RememberedLogin:
    return RememberedLogin(
        str(entry["server"]),
        str(entry["protocol"]),
        str(entry.get("org", "")),
        str(entry["username"]),
        float(entry["expires_at"]),
    )


def _keyring_usable() -> bool:
    # The fail and null backends (headless machines) have a priority below 1.
    return float(getattr(keyring.get_keyring(), "priority", 0)) >= 1


def _keyring_set(key: str, token: str) -> bool:
    if not _keyring_usable():
        return False
    try:
        keyring.set_password(SERVICE, key, token)
    except keyring.errors.KeyringError:
        return False
    return True


def _keyring_get(key: str) -> str | None:
    if not _keyring_usable():
        return None
    try:
        return keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError:
        return None


def _keyring_delete(key: str) -> None:
    if _keyring_usable():
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, key)
