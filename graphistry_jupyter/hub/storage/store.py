"""The hub's metadata in SQLite, one part per responsibility: users, organizations and personal
keys (:mod:`.accounts`), datasets and files (:mod:`.datasets`), SSO states and browser sessions
(:mod:`.signins`). Tables themselves live in Arrow files (:mod:`.tables`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from . import datasets
from . import sessions as signins
from . import users as accounts
from .datasets import Dataset, Datasets, FileRecord
from .sessions import SSO_STATE_TTL_S, SignIns, SsoState
from .users import Accounts, Identity, check_name

__all__ = [
    "SSO_STATE_TTL_S",
    "Dataset",
    "FileRecord",
    "Identity",
    "SsoState",
    "Store",
    "check_name",
]


class Store(Accounts, Datasets, SignIns):
    """Metadata of one hub, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            schema=accounts.SCHEMA + datasets.SCHEMA + signins.SCHEMA,
            added=(*accounts.ADDED, *datasets.ADDED),
        )

    def populate(self, users: Mapping[str, str], orgs: Mapping[str, Sequence[str]]) -> None:
        """Add (or reset) ``users`` (name: password), then ``orgs`` (slug: member names)."""
        for name, password in users.items():
            self.set_user(name, password)
        for slug, members in orgs.items():
            if isinstance(members, str):
                raise TypeError(f"members of {slug!r} must be a list of usernames")
            self.set_org(slug, members)

    def set_user(self, name: str, password: str) -> None:
        """Create a user, or change the password of an existing one (see :meth:`set_password`)."""
        if self.user_id(name) is None:
            self._create_user(name, password)
        else:
            self.set_password(name, password)

    def set_password(self, name: str, password: str) -> None:
        """Change an existing user's password and end everything the old one opened: tokens
        and grants (their generation is now old) and browser sessions; ValueError if unknown."""
        with self._tx() as db:
            self._change_password(db, name, password)
            self._end_sessions(db, name)
