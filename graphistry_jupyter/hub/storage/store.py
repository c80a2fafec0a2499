"""The hub's metadata in one SQLite file, held in parts, one per responsibility: users,
organizations and personal keys (:mod:`.users`), datasets and files (:mod:`.datasets`), SSO logins
in progress and browser sessions (:mod:`.sessions`). Tables themselves live in Arrow files
(:mod:`.tables`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from . import datasets, sessions, users
from .datasets import Dataset, Datasets, FileRecord
from .db import Database
from .sessions import SSO_STATE_TTL_S, Sessions, SsoState
from .users import Identity, Users, check_name

__all__ = [
    "SSO_STATE_TTL_S",
    "Dataset",
    "FileRecord",
    "Identity",
    "SsoState",
    "Store",
    "check_name",
]


class Store:
    """Metadata of one hub: its parts share one database, so a change that spans them (a
    password change ends the user's sessions) is one transaction."""

    def __init__(self, path: Path) -> None:
        self._db = Database(
            path,
            schema=users.SCHEMA + datasets.SCHEMA + sessions.SCHEMA,
            added=(*users.ADDED, *datasets.ADDED),
        )
        self.users = Users(self._db)
        self.datasets = Datasets(self._db)
        self.sessions = Sessions(self._db)

    def close(self) -> None:
        self._db.close()

    def populate(self, users: Mapping[str, str], orgs: Mapping[str, Sequence[str]]) -> None:
        """Add ``users`` (name: password), then ``orgs`` (slug: member names). A user that a kept
        data dir already has gets the password given now (see :meth:`set_password`)."""
        for name, password in users.items():
            if self.users.user_id(name) is None:
                self.users.create(name, password)
            else:
                self.set_password(name, password)
        for slug, members in orgs.items():
            if isinstance(members, str):
                raise TypeError(f"members of {slug!r} must be a list of usernames")
            self.users.set_org(slug, members)

    def set_password(self, name: str, password: str) -> None:
        """Change an existing user's password and end everything the old one opened: tokens
        and grants (their generation is now old) and browser sessions; ValueError if unknown."""
        with self._db.transaction() as db:
            self.users.change_password(db, name, password)
            self.sessions.end_all_of(db, name)
