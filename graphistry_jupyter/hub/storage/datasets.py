"""Datasets and uploaded files in the hub's database (their tables live in :mod:`.tables`).

A dataset is complete once its edges table arrived, and its nodes table too when one was sent.
An upload that failed (not Arrow, too large) is remembered with its reason, so the viewer can say
which table is missing and why instead of drawing part of a graph as if it were all of it.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from ...protocol.privacy import PRIVACY_MODES
from .db import AddedColumn, Database
from .tables import TableKind

#: Why a table is missing when no upload of it ever arrived (its table upload (E9, E10) never
#: came, or is under way).
NEVER_ARRIVED = "its upload never arrived at the hub"

SCHEMA = """
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
    edges_error TEXT,
    nodes_error TEXT,
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
"""

ADDED: tuple[AddedColumn, ...] = (
    ("datasets", "edges_error", "TEXT"),
    ("datasets", "nodes_error", "TEXT"),
)

# The only two table columns; SQL names come from here, never from a request.
_ROWS = {"edges": "edges", "nodes": "nodes"}
_ERROR = {"edges": "edges_error", "nodes": "nodes_error"}


@dataclass(frozen=True)
class Dataset:
    """A dataset's metadata. ``edges``/``nodes`` are row counts, None until uploaded;
    ``upload_errors`` holds why the last upload of a table failed."""

    id: str
    owner: str
    org: str | None
    privacy: str
    name: str
    description: str
    descriptor: dict[str, Any]
    edges: int | None
    nodes: int | None
    upload_errors: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """``id, owner, org, privacy, name, edges, nodes`` (row counts, 0 when absent)."""
        return {
            "id": self.id,
            "owner": self.owner,
            "org": self.org,
            "privacy": self.privacy,
            "name": self.name,
            "edges": self.edges or 0,
            "nodes": self.nodes or 0,
        }

    def missing_tables(self) -> list[tuple[TableKind, str]]:
        """The tables this dataset should have and does not, each with the reason: edges are
        always needed; nodes only when an upload of them was attempted and failed."""
        missing: list[tuple[TableKind, str]] = []
        if self.edges is None:
            missing.append(("edges", self.upload_errors.get("edges", NEVER_ARRIVED)))
        if self.nodes is None and "nodes" in self.upload_errors:
            missing.append(("nodes", self.upload_errors["nodes"]))
        return missing


@dataclass(frozen=True)
class FileRecord:
    """A file of the files API; ``rows`` is None until its contents were uploaded."""

    id: str
    owner: str
    name: str
    rows: int | None


class Datasets:
    """The datasets and uploaded files of one hub (a part of :class:`.store.Store`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, owner: str, org: str | None, descriptor: dict[str, Any]) -> Dataset:
        dataset_id = uuid.uuid4().hex
        name = str(descriptor.get("name") or f"Untitled {dataset_id[:8]}")
        description = str(descriptor.get("description") or "")
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO datasets (id, owner, org, name, description, descriptor, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (dataset_id, owner, org, name, description, json.dumps(descriptor), time.time()),
            )
        dataset = self.get(dataset_id)
        assert dataset is not None
        return dataset

    def get(self, dataset_id: str) -> Dataset | None:
        row = self._db.one("SELECT * FROM datasets WHERE id = ?", (dataset_id,))
        return None if row is None else _dataset(row)

    def all(self) -> list[Dataset]:
        return [_dataset(r) for r in self._db.all("SELECT * FROM datasets ORDER BY created")]

    def set_rows(self, dataset_id: str, kind: TableKind, rows: int) -> None:
        """A table arrived whole: its row count, and no failure any more."""
        with self._db.transaction() as db:
            db.execute(
                f"UPDATE datasets SET {_ROWS[kind]} = ?, {_ERROR[kind]} = NULL WHERE id = ?",  # noqa: S608
                (rows, dataset_id),
            )

    def fail_table(self, dataset_id: str, kind: TableKind, reason: str) -> None:
        """An upload of a table failed: the dataset has no such table now, and says why."""
        with self._db.transaction() as db:
            db.execute(
                f"UPDATE datasets SET {_ROWS[kind]} = NULL, {_ERROR[kind]} = ? WHERE id = ?",  # noqa: S608
                (reason, dataset_id),
            )

    def set_privacy(self, dataset_id: str, mode: str) -> None:
        if mode not in PRIVACY_MODES:
            raise ValueError(f"unknown privacy mode {mode!r}")
        with self._db.transaction() as db:
            db.execute("UPDATE datasets SET privacy = ? WHERE id = ?", (mode, dataset_id))

    def create_file(self, owner: str, name: str, file_type: str) -> FileRecord:
        file_id = uuid.uuid4().hex
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO files (id, owner, name, file_type, created) VALUES (?, ?, ?, ?, ?)",
                (file_id, owner, name, file_type, time.time()),
            )
        return FileRecord(id=file_id, owner=owner, name=name, rows=None)

    def file(self, file_id: str) -> FileRecord | None:
        row = self._db.one("SELECT id, owner, name, rows FROM files WHERE id = ?", (file_id,))
        if row is None:
            return None
        return FileRecord(id=row["id"], owner=row["owner"], name=row["name"], rows=row["rows"])

    def set_file_rows(self, file_id: str, rows: int | None) -> None:
        with self._db.transaction() as db:
            db.execute("UPDATE files SET rows = ? WHERE id = ?", (rows, file_id))


def _dataset(row: sqlite3.Row) -> Dataset:
    errors = {kind: row[column] for kind, column in _ERROR.items() if row[column] is not None}
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
        upload_errors=errors,
    )
