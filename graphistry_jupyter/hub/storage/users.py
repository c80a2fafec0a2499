"""Users, organizations and personal keys in the hub's database.

Every user has a *token generation*: a counter that every token and grant carries, and that a
password change raises, so that the sessions and tokens issued before it stop working at once.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from .db import AddedColumn, Database
from .passwords import burn_check_time, check_secret, hash_secret

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE NOT NULL,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    generation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS orgs (slug TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS memberships (
    org TEXT NOT NULL REFERENCES orgs(slug),
    user TEXT NOT NULL REFERENCES users(name),
    PRIMARY KEY (org, user)
);
CREATE TABLE IF NOT EXISTS personal_keys (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    created REAL NOT NULL
);
"""

ADDED: tuple[AddedColumn, ...] = (("users", "generation", "INTEGER NOT NULL DEFAULT 0"),)


def check_name(kind: str, name: str) -> str:
    """``name`` if it is a valid user or organization name, else ValueError."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(
            f"invalid {kind} name {name!r}: use letters, digits, '_', '.', '@' or '-' "
            "(up to 64, starting with a letter or digit)"
        )
    return name


@dataclass(frozen=True)
class Identity:
    """Who a token must name to be valid: the user's id and current token generation."""

    id: int
    generation: int


class Users:
    """The users, organizations and personal keys of one hub (a part of :class:`.store.Store`).

    "Users", not "accounts": in this package an account is the client side's logged-in session
    (``Account``), which a user of this hub may have several of.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- users -----------------------------------------------------------------------------------

    def create(self, name: str, password: str) -> None:
        """A new user; ValueError for a bad name, an empty password or an organization's name."""
        check_name("user", name)
        if not password:
            raise ValueError(f"user {name!r} needs a non-empty password")
        if self._db.one("SELECT 1 FROM orgs WHERE slug = ?", (name,)):
            raise ValueError(f"{name!r} is already an organization name")
        salt, digest = hash_secret(password)
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO users (name, salt, hash) VALUES (?, ?, ?)", (name, salt, digest)
            )

    def change_password(self, db: sqlite3.Connection, name: str, password: str) -> None:
        """Inside the transaction ``db``: a new hash, and a new generation that retires old
        tokens (the store also ends the user's sessions in the same transaction)."""
        if not password:
            raise ValueError(f"user {name!r} needs a non-empty password")
        salt, digest = hash_secret(password)
        cursor = db.execute(
            "UPDATE users SET salt = ?, hash = ?, generation = generation + 1 WHERE name = ?",
            (salt, digest, name),
        )
        if cursor.rowcount != 1:
            raise ValueError(f"unknown user {name!r}")

    def user_id(self, name: str) -> int | None:
        row = self._db.one("SELECT id FROM users WHERE name = ?", (name,))
        return None if row is None else int(row["id"])

    def identity(self, name: str) -> Identity | None:
        """The id and token generation of a user, or None if there is no such user."""
        row = self._db.one("SELECT id, generation FROM users WHERE name = ?", (name,))
        return None if row is None else Identity(int(row["id"]), int(row["generation"]))

    def names(self) -> list[str]:
        return [r["name"] for r in self._db.all("SELECT name FROM users ORDER BY id")]

    def check_password(self, name: str, password: str) -> bool:
        """Whether the credentials are right (same cost whether or not the user exists)."""
        row = self._db.one("SELECT salt, hash FROM users WHERE name = ?", (name,))
        if row is None:
            burn_check_time(password)
            return False
        return check_secret(password, row["salt"], row["hash"])

    # -- organizations ---------------------------------------------------------------------------

    def set_org(self, slug: str, members: Iterable[str]) -> None:
        """Create an organization (or extend one) with existing users as members."""
        check_name("organization", slug)
        members = list(members)
        if self.user_id(slug) is not None:
            raise ValueError(f"{slug!r} is a user's personal organization already")
        unknown = [m for m in members if self.user_id(m) is None]
        if unknown:
            raise ValueError(f"organization {slug!r}: unknown members {', '.join(unknown)}")
        with self._db.transaction() as db:
            db.execute("INSERT OR IGNORE INTO orgs (slug) VALUES (?)", (slug,))
            db.executemany(
                "INSERT OR IGNORE INTO memberships (org, user) VALUES (?, ?)",
                [(slug, m) for m in members],
            )

    def orgs(self) -> dict[str, list[str]]:
        """Every explicit organization and its members."""
        slugs = self._db.all("SELECT slug FROM orgs")
        result: dict[str, list[str]] = {r["slug"]: [] for r in slugs}
        for row in self._db.all("SELECT org, user FROM memberships ORDER BY rowid"):
            result[row["org"]].append(row["user"])
        return result

    # Every user also has a personal organization named like them, as on a real Graphistry
    # server; pygraphistry's SSO fallback switches to it (protocol section 2.5).
    def org_exists(self, slug: str) -> bool:
        if self._db.one("SELECT 1 FROM orgs WHERE slug = ?", (slug,)):
            return True
        return self.user_id(slug) is not None

    def is_member(self, user: str, slug: str) -> bool:
        if user == slug:
            return self.user_id(user) is not None
        return (
            self._db.one("SELECT 1 FROM memberships WHERE org = ? AND user = ?", (slug, user))
            is not None
        )

    # -- personal keys ---------------------------------------------------------------------------

    def create_personal_key(self, user: str) -> tuple[str, str]:
        """A new ``(id, secret)`` for a user; only the secret's hash is kept."""
        if self.user_id(user) is None:
            raise ValueError(f"unknown user {user!r}")
        key_id = secrets.token_hex(8).upper()
        secret = secrets.token_urlsafe(24)
        salt, digest = hash_secret(secret)
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO personal_keys (id, user, salt, hash, created) VALUES (?, ?, ?, ?, ?)",
                (key_id, user, salt, digest, time.time()),
            )
        return key_id, secret

    def check_personal_key(self, key_id: str, secret: str) -> str | None:
        """The key's user when id and secret match, else None (constant time in the secret)."""
        row = self._db.one("SELECT user, salt, hash FROM personal_keys WHERE id = ?", (key_id,))
        if row is None:
            burn_check_time(secret)
            return None
        return str(row["user"]) if check_secret(secret, row["salt"], row["hash"]) else None
