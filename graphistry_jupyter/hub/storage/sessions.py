"""SSO logins in progress and browser sessions, in the hub's database."""

from __future__ import annotations

import hmac
import secrets
import sqlite3
import time
from dataclasses import dataclass

from .db import Database, digest

SSO_STATE_TTL_S = 600.0

# SSO logins are kept by the SHA-256 of their state, and the browser that opened the sign-in page
# first by the hash of the nonce its cookie holds: reading the file hands out neither. The table
# of earlier releases kept states in clear; they live minutes, so it is dropped.
SCHEMA = """
DROP TABLE IF EXISTS sso_states;
CREATE TABLE IF NOT EXISTS sso_logins (
    digest TEXT PRIMARY KEY,
    org TEXT,
    idp TEXT,
    expires REAL NOT NULL,
    browser TEXT,
    user TEXT,
    redeemed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    expires REAL NOT NULL
);
"""


@dataclass(frozen=True)
class SsoState:
    """An SSO login in progress; ``user`` is set once someone signed in on the hub's page.
    ``browser`` is the hash of the nonce of the browser that first opened its sign-in page."""

    org: str | None
    idp: str | None
    expires: float
    browser: str | None
    user: str | None
    redeemed: bool


class Sessions:
    """The SSO logins in progress and the browser sessions of one hub (a part of
    :class:`.store.Store`): what a person opens on the hub's pages."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- SSO ---------------------------------------------------------------------------------------

    def create_sso_state(self, org: str | None, idp: str | None) -> str:
        """A new SSO login; returns its state (only its hash is kept)."""
        state = secrets.token_urlsafe(32)
        with self._db.transaction() as db:
            db.execute("DELETE FROM sso_logins WHERE expires < ?", (time.time(),))
            db.execute(
                "INSERT INTO sso_logins (digest, org, idp, expires) VALUES (?, ?, ?, ?)",
                (digest(state), org, idp, time.time() + SSO_STATE_TTL_S),
            )
        return state

    def sso_state(self, state: str) -> SsoState | None:
        """A live (unexpired) SSO state, or None."""
        row = self._db.one(
            "SELECT * FROM sso_logins WHERE digest = ? AND expires >= ?",
            (digest(state), time.time()),
        )
        if row is None:
            return None
        return SsoState(
            org=row["org"],
            idp=row["idp"],
            expires=row["expires"],
            browser=row["browser"],
            user=row["user"],
            redeemed=bool(row["redeemed"]),
        )

    def bind_sso_state(self, state: str, nonce: str) -> bool:
        """Bind a pending SSO login to the browser opening its sign-in page first (``nonce`` is
        its cookie); False when another browser holds it already or it is not pending."""
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE sso_logins SET browser = ? WHERE digest = ? AND browser IS NULL "
                "AND user IS NULL AND redeemed = 0 AND expires >= ?",
                (digest(nonce), digest(state), time.time()),
            )
            return cursor.rowcount == 1

    def is_sso_browser(self, state: str, nonce: str | None) -> bool:
        """Whether ``nonce`` (a cookie) is that of the browser the login is bound to."""
        sso = self.sso_state(state)
        if sso is None or sso.browser is None or not nonce:
            return False
        return hmac.compare_digest(sso.browser, digest(nonce))

    def approve_sso_state(self, state: str, user: str) -> bool:
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE sso_logins SET user = ? WHERE digest = ? AND expires >= ? AND redeemed = 0",
                (user, digest(state), time.time()),
            )
            return cursor.rowcount == 1

    def redeem_sso_state(self, state: str) -> bool:
        """Mark an approved state used; False if it was not approved or already redeemed."""
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE sso_logins SET redeemed = 1 WHERE digest = ? AND user IS NOT NULL "
                "AND redeemed = 0 AND expires >= ?",
                (digest(state), time.time()),
            )
            return cursor.rowcount == 1

    # -- browser sessions --------------------------------------------------------------------------

    def create_browser_session(self, user: str, ttl: float) -> str:
        """A new browser session for a user; returns the cookie value (only its hash is kept)."""
        value = secrets.token_urlsafe(32)
        with self._db.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            db.execute(
                "INSERT INTO sessions (digest, user, expires) VALUES (?, ?, ?)",
                (digest(value), user, time.time() + ttl),
            )
        return value

    def browser_session_user(self, value: str) -> str | None:
        """The user of a live browser session (the cookie's ``value``), or None."""
        row = self._db.one(
            "SELECT user FROM sessions WHERE digest = ? AND expires >= ?",
            (digest(value), time.time()),
        )
        return None if row is None else str(row["user"])

    def delete_browser_session(self, value: str) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM sessions WHERE digest = ?", (digest(value),))

    def end_all_of(self, db: sqlite3.Connection, user: str) -> None:
        """Inside the transaction ``db``: every browser session and SSO approval of ``user``
        ends (a password change)."""
        db.execute("DELETE FROM sessions WHERE user = ?", (user,))
        # An approved but not yet redeemed SSO login would hand out a token for the old password.
        db.execute("DELETE FROM sso_logins WHERE user = ? AND redeemed = 0", (user,))
