"""The hub's metadata in SQLite: users, organizations, personal keys, datasets, files, SSO states
and browser sessions. Tables themselves live in Arrow files (:mod:`.tables`).

One connection guarded by a lock: requests arrive on the server's event loop and its worker
threads, tests call in from the main thread, and every statement here is short.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .passwords import burn_check_time, check_secret, hash_secret

PRIVACY_MODES = ("private", "organization", "public")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
SSO_STATE_TTL_S = 600.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE NOT NULL,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL
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
CREATE TABLE IF NOT EXISTS datasets (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    org TEXT,
    privacy TEXT NOT NULL DEFAULT 'private',
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    descriptor TEXT NOT NULL,
    edges INTEGER,
    nodes INTEGER,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    rows INTEGER,
    created REAL NOT NULL
);
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


def check_name(kind: str, name: str) -> str:
    """``name`` if it is a valid user or organization name, else ValueError."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(
            f"invalid {kind} name {name!r}: use letters, digits, '_', '.', '@' or '-' "
            "(up to 64, starting with a letter or digit)"
        )
    return name


@dataclass(frozen=True)
class Dataset:
    """A dataset's metadata. ``edges``/``nodes`` are row counts, None until uploaded."""

    id: str
    owner: str
    org: str | None
    privacy: str
    name: str
    description: str
    descriptor: dict[str, Any]
    edges: int | None
    nodes: int | None


@dataclass(frozen=True)
class FileRecord:
    """A file of the files API; ``rows`` is None until its contents were uploaded."""

    id: str
    owner: str
    name: str
    rows: int | None


@dataclass(frozen=True)
class SsoState:
    """An SSO login in progress; ``user`` is set once someone signed in on the hub's page."""

    state: str
    org: str | None
    idp: str | None
    expires: float
    user: str | None
    redeemed: bool


class Store:
    """Metadata of one hub (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
            return row

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, params).fetchall())

    # -- users and organizations ---------------------------------------------------------------

    def set_user(self, name: str, password: str) -> None:
        """Create a user, or reset the password of an existing one."""
        check_name("user", name)
        if not password:
            raise ValueError(f"user {name!r} needs a non-empty password")
        if self._one("SELECT 1 FROM orgs WHERE slug = ?", (name,)):
            raise ValueError(f"{name!r} is already an organization name")
        salt, digest = hash_secret(password)
        with self._tx() as db:
            db.execute(
                "INSERT INTO users (name, salt, hash) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET salt = excluded.salt, hash = excluded.hash",
                (name, salt, digest),
            )

    def user_id(self, name: str) -> int | None:
        row = self._one("SELECT id FROM users WHERE name = ?", (name,))
        return None if row is None else int(row["id"])

    def usernames(self) -> list[str]:
        return [r["name"] for r in self._all("SELECT name FROM users ORDER BY id")]

    def check_password(self, name: str, password: str) -> bool:
        """Whether the credentials are right (same cost whether or not the user exists)."""
        row = self._one("SELECT salt, hash FROM users WHERE name = ?", (name,))
        if row is None:
            burn_check_time(password)
            return False
        return check_secret(password, row["salt"], row["hash"])

    def set_org(self, slug: str, members: Iterable[str]) -> None:
        """Create an organization (or extend one) with existing users as members."""
        check_name("organization", slug)
        members = list(members)
        if self.user_id(slug) is not None:
            raise ValueError(f"{slug!r} is a user's personal organization already")
        unknown = [m for m in members if self.user_id(m) is None]
        if unknown:
            raise ValueError(f"organization {slug!r}: unknown members {', '.join(unknown)}")
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO orgs (slug) VALUES (?)", (slug,))
            db.executemany(
                "INSERT OR IGNORE INTO memberships (org, user) VALUES (?, ?)",
                [(slug, m) for m in members],
            )

    def orgs(self) -> dict[str, list[str]]:
        """Every explicit organization and its members."""
        result: dict[str, list[str]] = {r["slug"]: [] for r in self._all("SELECT slug FROM orgs")}
        for row in self._all("SELECT org, user FROM memberships ORDER BY rowid"):
            result[row["org"]].append(row["user"])
        return result

    # Every user also has a personal organization named like them, as on a real Graphistry
    # server; pygraphistry's SSO fallback switches to it (protocol section 2.5).
    def org_exists(self, slug: str) -> bool:
        if self._one("SELECT 1 FROM orgs WHERE slug = ?", (slug,)):
            return True
        return self.user_id(slug) is not None

    def is_member(self, user: str, slug: str) -> bool:
        if user == slug:
            return self.user_id(user) is not None
        return (
            self._one("SELECT 1 FROM memberships WHERE org = ? AND user = ?", (slug, user))
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
        with self._tx() as db:
            db.execute(
                "INSERT INTO personal_keys (id, user, salt, hash, created) VALUES (?, ?, ?, ?, ?)",
                (key_id, user, salt, digest, time.time()),
            )
        return key_id, secret

    def check_personal_key(self, key_id: str, secret: str) -> str | None:
        """The key's user when id and secret match, else None (constant time in the secret)."""
        row = self._one("SELECT user, salt, hash FROM personal_keys WHERE id = ?", (key_id,))
        if row is None:
            burn_check_time(secret)
            return None
        return str(row["user"]) if check_secret(secret, row["salt"], row["hash"]) else None

    # -- datasets and files ----------------------------------------------------------------------

    def create_dataset(self, owner: str, org: str | None, descriptor: dict[str, Any]) -> Dataset:
        dataset_id = uuid.uuid4().hex
        name = str(descriptor.get("name") or f"Untitled {dataset_id[:8]}")
        description = str(descriptor.get("description") or "")
        with self._tx() as db:
            db.execute(
                "INSERT INTO datasets (id, owner, org, name, description, descriptor, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (dataset_id, owner, org, name, description, json.dumps(descriptor), time.time()),
            )
        dataset = self.dataset(dataset_id)
        assert dataset is not None
        return dataset

    def dataset(self, dataset_id: str) -> Dataset | None:
        row = self._one("SELECT * FROM datasets WHERE id = ?", (dataset_id,))
        return None if row is None else _dataset(row)

    def datasets(self) -> list[Dataset]:
        return [_dataset(r) for r in self._all("SELECT * FROM datasets ORDER BY created")]

    def set_dataset_rows(self, dataset_id: str, kind: str, rows: int) -> None:
        column = {"edges": "edges", "nodes": "nodes"}[kind]
        with self._tx() as db:
            db.execute(f"UPDATE datasets SET {column} = ? WHERE id = ?", (rows, dataset_id))  # noqa: S608

    def set_privacy(self, dataset_id: str, mode: str) -> None:
        if mode not in PRIVACY_MODES:
            raise ValueError(f"unknown privacy mode {mode!r}")
        with self._tx() as db:
            db.execute("UPDATE datasets SET privacy = ? WHERE id = ?", (mode, dataset_id))

    def create_file(self, owner: str, name: str, file_type: str) -> FileRecord:
        file_id = uuid.uuid4().hex
        with self._tx() as db:
            db.execute(
                "INSERT INTO files (id, owner, name, file_type, created) VALUES (?, ?, ?, ?, ?)",
                (file_id, owner, name, file_type, time.time()),
            )
        return FileRecord(id=file_id, owner=owner, name=name, rows=None)

    def file(self, file_id: str) -> FileRecord | None:
        row = self._one("SELECT id, owner, name, rows FROM files WHERE id = ?", (file_id,))
        if row is None:
            return None
        return FileRecord(id=row["id"], owner=row["owner"], name=row["name"], rows=row["rows"])

    def set_file_rows(self, file_id: str, rows: int | None) -> None:
        with self._tx() as db:
            db.execute("UPDATE files SET rows = ? WHERE id = ?", (rows, file_id))

    # -- SSO ---------------------------------------------------------------------------------------

    def create_sso_state(self, org: str | None, idp: str | None) -> str:
        state = uuid.uuid4().hex
        with self._tx() as db:
            db.execute("DELETE FROM sso_states WHERE expires < ?", (time.time(),))
            db.execute(
                "INSERT INTO sso_states (state, org, idp, expires) VALUES (?, ?, ?, ?)",
                (state, org, idp, time.time() + SSO_STATE_TTL_S),
            )
        return state

    def sso_state(self, state: str) -> SsoState | None:
        """A live (unexpired) SSO state, or None."""
        row = self._one(
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
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE sso_states SET user = ? WHERE state = ? AND expires >= ? AND redeemed = 0",
                (user, state, time.time()),
            )
            return cursor.rowcount == 1

    def redeem_sso_state(self, state: str) -> bool:
        """Mark an approved state used; False if it was not approved or already redeemed."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE sso_states SET redeemed = 1 WHERE state = ? AND user IS NOT NULL "
                "AND redeemed = 0 AND expires >= ?",
                (state, time.time()),
            )
            return cursor.rowcount == 1

    # -- browser sessions --------------------------------------------------------------------------

    def create_session(self, user: str, ttl: float) -> str:
        """A new browser session for a user; returns the cookie value (only its hash is kept)."""
        value = secrets.token_urlsafe(32)
        with self._tx() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            db.execute(
                "INSERT INTO sessions (digest, user, expires) VALUES (?, ?, ?)",
                (_digest(value), user, time.time() + ttl),
            )
        return value

    def session_user(self, value: str) -> str | None:
        row = self._one(
            "SELECT user FROM sessions WHERE digest = ? AND expires >= ?",
            (_digest(value), time.time()),
        )
        return None if row is None else str(row["user"])

    def delete_session(self, value: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM sessions WHERE digest = ?", (_digest(value),))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _dataset(row: sqlite3.Row) -> Dataset:
    return Dataset(
        id=row["id"],
        owner=row["owner"],
        org=row["org"],
        privacy=row["privacy"],
        name=row["name"],
        description=row["description"],
        descriptor=json.loads(row["descriptor"]),
        edges=row["edges"],
        nodes=row["nodes"],
    )
