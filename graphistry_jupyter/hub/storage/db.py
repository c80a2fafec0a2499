"""The hub's SQLite database: one connection, a lock, transactions and small query helpers.

One connection guarded by a lock: requests arrive on the server's event loop and its worker
threads, tests call in from the main thread, and every statement is short. The tables are
declared by the parts of the store that use them (:mod:`.users`, :mod:`.datasets`,
:mod:`.sessions`), which share this one database (:mod:`.store`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: A column added after a table's first release: ``(table, column, declaration)``. A data dir
#: kept from an earlier run gets it on open (``CREATE TABLE IF NOT EXISTS`` adds none).
AddedColumn = tuple[str, str, str]


def digest(value: str) -> str:
    """SHA-256 of a secret value, for keeping a lookup key instead of the value itself."""
    return hashlib.sha256(value.encode()).hexdigest()


class Database:
    """A SQLite file with the given schema."""

    def __init__(self, path: Path, schema: str, added: Sequence[AddedColumn] = ()) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode, NORMAL syncs at checkpoints, not at every commit: a commit costs
            # microseconds instead of an fsync (~7 ms each here, three per plot, on the server's
            # event loop). The database stays consistent after a crash; an OS crash or power loss
            # may lose the last commits, as a local hub's uploads can be made again.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(schema)
            for table, column, declaration in added:
                present = {r["name"] for r in self._db.execute(f"PRAGMA table_info({table})")}
                if column not in present:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection inside ``BEGIN IMMEDIATE``: committed on leaving, rolled back on an
        error. Parts that change several tables at once pass it to each other."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
            return row

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, params).fetchall())
