"""The hub's data dir and its files are the owner's alone, whatever the umask: made so when new,
tightened when kept from an earlier run, refused when another user owns the directory. (The
same read by a real second OS user: tests/integration/test_hub_private_files.py.)"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphistry_jupyter.hub.storage.private import (
    NotPrivate,
    private_dir,
    private_file,
    private_subdir,
)
from graphistry_jupyter.hub.storage.store import Store
from graphistry_jupyter.hub.storage.tables import TableStore


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_new_data_dir_and_its_parts_are_the_owners_alone(tmp_path: Path) -> None:
    data_dir = private_dir(tmp_path / "a" / "hub")
    store = Store(data_dir / "hub.sqlite3")
    store.users.create("alice", "alice-pw")
    TableStore(data_dir)
    store.close()

    assert mode(data_dir) == 0o700
    for part in ("datasets", "files", "incoming"):
        assert mode(data_dir / part) == 0o700
    assert mode(data_dir / "hub.sqlite3") == 0o600


def test_the_database_files_are_0600_before_sqlite_opens_them(tmp_path: Path) -> None:
    store = Store(private_dir(tmp_path / "hub") / "hub.sqlite3")
    store.users.create("alice", "alice-pw")  # a write: SQLite makes its -wal and -shm now

    files = {p.name: mode(p) for p in (tmp_path / "hub").iterdir()}
    store.close()

    assert files["hub.sqlite3-wal"] == files["hub.sqlite3-shm"] == 0o600
    assert files["hub.sqlite3"] == 0o600


def test_a_kept_data_dir_is_tightened_to_the_last_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "hub"
    (data_dir / "datasets" / "d1").mkdir(parents=True, mode=0o777)
    (data_dir / "datasets" / "d1" / "edges.arrow").write_bytes(b"x")
    (data_dir / "hub.sqlite3").write_bytes(b"")
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)

    private_dir(data_dir)

    assert {str(p.relative_to(data_dir)): mode(p) for p in data_dir.rglob("*")} == {
        "datasets": 0o700,
        "datasets/d1": 0o700,
        "datasets/d1/edges.arrow": 0o600,
        "hub.sqlite3": 0o600,
    }
    assert mode(data_dir) == 0o700


def test_files_of_others_in_a_data_dir_given_by_hand_keep_their_modes(tmp_path: Path) -> None:
    data_dir = tmp_path / "project"
    data_dir.mkdir(mode=0o755)
    script = data_dir / "run.sh"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)

    private_dir(data_dir)

    assert mode(script) == 0o755  # still runnable by its owner; the 0700 dir shuts others out
    assert mode(data_dir) == 0o700


def test_a_symlink_inside_the_hubs_folders_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not the hub's")
    outside.chmod(0o644)
    data_dir = tmp_path / "hub"
    (data_dir / "datasets").mkdir(parents=True)
    (data_dir / "datasets" / "link").symlink_to(outside)
    (data_dir / "link").symlink_to(outside)

    private_dir(data_dir)

    assert mode(outside) == 0o644


@pytest.mark.parametrize("entry", ["hub.sqlite3", "datasets", "incoming"])
def test_a_hub_entry_that_is_a_symlink_is_refused(tmp_path: Path, entry: str) -> None:
    """Placed while the dir was open to others, it would send the hub's writes to them."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir = tmp_path / "hub"
    data_dir.mkdir()
    (data_dir / entry).symlink_to(elsewhere)

    with pytest.raises(NotPrivate, match="symlink"):
        private_dir(data_dir)


def test_a_file_or_a_directory_made_inside_is_private(tmp_path: Path) -> None:
    assert mode(private_file(tmp_path / "f")) == 0o600
    assert mode(private_subdir(tmp_path / "d" / "e")) == 0o700
    existing = tmp_path / "g"
    existing.write_text("kept")
    existing.chmod(0o666)
    assert mode(private_file(existing)) == 0o600
    assert existing.read_text() == "kept"


def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "hub").write_text("")
    with pytest.raises((NotPrivate, FileExistsError)):
        private_dir(tmp_path / "hub")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a directory to another user needs root")
def test_a_data_dir_of_another_user_is_refused(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)

    with pytest.raises(NotPrivate, match="belongs to uid 65534"):
        private_dir(theirs)
    assert mode(theirs) == 0o777


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_hub_entry_of_another_user_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "hub"
    data_dir.mkdir()
    (data_dir / "hub.sqlite3").write_bytes(b"")
    os.chown(data_dir / "hub.sqlite3", 65534, 65534)

    with pytest.raises(NotPrivate, match="belongs to uid 65534"):
        private_dir(data_dir)


def test_half_received_uploads_are_removed_when_the_tables_open(tmp_path: Path) -> None:
    tables = TableStore(tmp_path)
    (tables.incoming / ".upload-abc").write_bytes(b"half")

    TableStore(tmp_path)

    assert list(tables.incoming.iterdir()) == []
