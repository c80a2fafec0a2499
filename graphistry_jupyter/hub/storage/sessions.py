"""SSO logins in progress and browser sessions, in the hub's database."""

from __future__ import annotations

import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass

from .db import Database, digest

SSO_STATE_TTL_S = 600.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS sso_states (
    state TEXT PRIMARY KEY,
    org TEXT,
    idp TEXT,
    expires REAL NOT NULL,
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
    """An SSO login in progress; ``user`` is set once someone signed in on the hub's page."""

    state: str
    org: str | None
    idp: str | None
    expires: float
    user: str | None
    redeemed: bool


class Sessions:
    """The SSO logins in progress and the browser sessions of one hub (a part of
    :class:`.store.Store`): what a person opens on the hub's pages."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- SSO ---------------------------------------------------------------------------------------

    def create_sso_state(self, org: str | None, idp: str | None) -> str:
        state = uuid.uuid4().hex
        with self._db.transaction() as db:
            db.execute("DELETE FROM sso_states WHERE expires < ?", (time.time(),))
            db.execute(
                "INSERT INTO sso_states (state, org, idp, expires) VALUES (?, ?, ?, ?)",
                (state, org, idp, time.time() + SSO_STATE_TTL_S),
            )
        return state

    def sso_state(self, state: str) -> SsoState | None:
        """A live (unexpired) SSO state, or None."""
        row = self._db.one(
            "SELECT * FROM sso_states WHERE state = ? AND expires >= ?", (state, time.time())
        )
        if row is None:
            return None
        return SsoState(
            state=row["state"],
            org=row["org"],
            idp=row["idp"],
            expires=row["expires"],
            user=row["user"],
            redeemed=bool(row["redeemed"]),
        )

    def approve_sso_state(self, state: str, user: str) -> bool:
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE sso_states SET user = ? WHERE state = ? AND expires >= ? AND redeemed = 0",
                (user, state, time.time()),
            )
            return cursor.rowcount == 1

    def redeem_sso_state(self, state: str) -> bool:
        """Mark an approved state used; False if it was not approved or already redeemed."""
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE sso_states SET redeemed = 1 WHERE state = ? AND user IS NOT NULL "
                "AND redeemed = 0 AND expires >= ?",
                (state, time.time()),
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
        db.execute("DELETE FROM sso_states WHERE user = ? AND redeemed = 0", (user,))
