"""Remembered logins, opt in: a still-valid session token kept for the next kernel.

After a kernel restart, a login widget for the same server offers "Continue as alice" instead of
asking for the password again. What is kept is the session token (never a password or key
secret), with its expiry; an expired one is never offered and is deleted when found. The token
goes to the operating system's keyring (the ``keyring`` package) when it has a usable backend, and
otherwise into a file only the user can read under the user's config directory; the index of
who is remembered where (no secret) is always that file's neighbour. Nothing is written unless a
login asks to be remembered.

The keyring is never asked on the kernel's thread: a keyring can take seconds per call (a D-Bus
service starting, a locked collection), so its reads run on the login's worker thread and its
deletes on one thread of their own. Any failure of it (its own errors, a D-Bus ``RuntimeError``,
whatever a backend raises) means "not remembered", never a failed login or logout; and a damaged
index file is ignored and replaced, never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
import keyring.errors
import platformdirs

from ..http.awaiting import Pending
from ..http.kernel_thread import in_background
from .credentials import Credentials
from .errors import LoginError

if TYPE_CHECKING:
    from .account import Account

SERVICE = "graphistry-jupyter"
INDEX = "remembered-logins.json"
_lock = threading.Lock()
# Deletes from the keyring, in order, off the kernel's thread (fire and forget), on one daemon
# thread: a keyring that never answers must not hold up the kernel's shutdown either, as an
# executor's worker (joined at exit) would.
_keyring_deletes: queue.SimpleQueue[str] = queue.SimpleQueue()
_deleter_lock = threading.Lock()
_deleter_started = False


def _delete_later(key: str) -> None:
    global _deleter_started
    _keyring_deletes.put(key)
    with _deleter_lock:
        if not _deleter_started:
            _deleter_started = True
            in_background(_delete_forever, name="graphistry-keyring")


def _delete_forever() -> None:
    while True:
        _keyring_delete(_keyring_deletes.get())


NOT_REMEMBERED = "Logged in, but this login is not remembered: the keyring failed ({cause})."
"""The one sentence a keyring failure becomes, after a login that asked to be remembered."""


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

    def remember(self, login: RememberedLogin, token: str) -> str:
        """Keeps ``login`` (call it off the kernel's thread: it may ask the keyring); ``""``
        when kept, else why not, in a few words."""
        stored = _keyring_set(login.key, token)
        if isinstance(stored, str):
            return stored
        with _lock:
            entries = self._read()
            entry: dict[str, Any] = asdict(login)
            if not stored:
                entry["token"] = token  # no keyring here: the file (mode 600) holds it
            entries[login.key] = entry
            try:
                self._write(entries)
            except OSError as exc:
                return f"{INDEX} could not be written: {exc.strerror or type(exc).__name__}"
        return ""

    def recall(self, server: str, protocol: str, org: str) -> RememberedLogin | None:
        """The longest-lasting unexpired login remembered for this server (expired ones are
        forgotten on the way)."""
        with _lock:
            entries = self._read()
            now = time.time()
            expired = [k for k, e in entries.items() if float(e.get("expires_at", 0)) <= now]
            for key in expired:
                entries.pop(key)
                _delete_later(key)
            if expired or self._damaged:
                with contextlib.suppress(OSError):  # a file that cannot be replaced stays ignored
                    self._write(entries)
        found = [
            _login(e)
            for e in entries.values()
            if (e.get("server"), e.get("protocol"), e.get("org")) == (server, protocol, org)
        ]
        return max(found, key=lambda login: login.expires_at, default=None)

    def token(self, login: RememberedLogin) -> str | None:
        """The remembered token (call it off the kernel's thread: it may ask the keyring)."""
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
            with contextlib.suppress(OSError):
                self._write(entries)
        _delete_later(login.key)

    _damaged = False  # the last read found the file unreadable, or dropped entries from it

    def _read(self) -> dict[str, dict[str, Any]]:
        """The file's entries; a damaged file (not JSON, not this shape, unreadable) or a
        damaged entry reads as absent, and the next write replaces it."""
        self._damaged = False
        try:
            data = json.loads((self.directory / INDEX).read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self._damaged = True
            return {}
        if not isinstance(data, dict):
            self._damaged = True
            return {}
        entries = {k: e for k, e in data.items() if isinstance(k, str) and _well_formed(e)}
        self._damaged = len(entries) != len(data)
        return entries

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
            why_not = self._memory.remember(who, str(token))
            if why_not:
                account.error = NOT_REMEMBERED.format(cause=why_not)
                self.offer()
            else:
                account.remembered_user = account.username

    def resume(self) -> Pending[None]:
        """Logs in with the remembered token (a worker thread reads it, from the keyring maybe,
        then logs in; it fails with LoginError). Awaitable, like every login; cancelling it
        cancels the login."""
        found = self._recall()
        if found is None:
            self.offer()
            raise LoginError(GONE)
        started: list[Pending[None]] = []  # the login, once the token is read

        def cancel_login() -> None:
            for attempt in started:
                attempt.cancel()

        resumed: Pending[None] = Pending(cancel_login)

        def forget_if_refused(done: Future[None]) -> None:
            if done.cancelled():  # resumed was cancelled, which cancelled the login
                return
            error = done.exception()
            if error is not None:  # a token the server no longer accepts is not offered again
                self._memory.forget(found)
                self.offer()
                resumed.fail(error)
            else:
                resumed.settle(None)

        def fetch_then_log_in() -> None:
            token = self._memory.token(found)
            if resumed.cancelled():
                return
            if not token:  # gone from the keyring, or the keyring failed: not remembered
                self._memory.forget(found)
                self.offer()
                self._account.error = GONE  # the form shows it: the attempt never started
                resumed.fail(LoginError(GONE))
                return
            attempt = self._account.start_login(Credentials("token", token=token))
            started.append(attempt)
            if resumed.cancelled():  # cancelled while the login started
                attempt.cancel()
            attempt.add_done_callback(forget_if_refused)

        in_background(fetch_then_log_in, name="graphistry-resume")
        return resumed

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


GONE = "There is no remembered login for this server any more: log in."


def _well_formed(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    try:
        _login(entry)
    except (KeyError, TypeError, ValueError):
        return False
    token = entry.get("token")
    return token is None or isinstance(token, str)


def _keyring_usable() -> bool:
    # The fail and null backends (headless machines) have a priority below 1.
    return float(getattr(keyring.get_keyring(), "priority", 0)) >= 1


def _failure(exc: Exception) -> str:
    """A keyring failure in a few words: its kind, never its text (which may quote the
    token)."""
    if isinstance(exc, keyring.errors.KeyringError):
        return "it refused"
    return type(exc).__name__


def _keyring_set(key: str, token: str) -> bool | str:
    """True when the keyring holds it, False when there is no keyring here, else why not."""
    try:
        if not _keyring_usable():
            return False
        keyring.set_password(SERVICE, key, token)
    except Exception as exc:  # any backend, any failure: not remembered
        return _failure(exc)
    return True


def _keyring_get(key: str) -> str | None:
    try:
        if not _keyring_usable():
            return None
        found = keyring.get_password(SERVICE, key)
    except Exception:  # any backend, any failure: not remembered
        return None
    return found if isinstance(found, str) else None


def _keyring_delete(key: str) -> None:
    with contextlib.suppress(Exception):  # any backend, any failure: nothing more to do
        if _keyring_usable():
            keyring.delete_password(SERVICE, key)
