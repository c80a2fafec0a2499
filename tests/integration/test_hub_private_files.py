"""A hub's data dir is its owner's alone: another OS user on the machine reads none of its files
(the database with its -wal/-shm, the Arrow tables), whatever the umask, also for a data dir kept
from an earlier run with looser modes; and the database hands out nothing to whoever reads it.

The second user is real: ``setpriv`` to ``nobody``, which needs root (skipped otherwise)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import USERS

SETPRIV = shutil.which("setpriv")
needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or SETPRIV is None,
    reason="reading as another OS user needs root and setpriv (util-linux)",
)


def read_as_nobody(path: Path) -> bool:
    """Whether the OS user ``nobody`` can read the file at ``path``."""
    assert SETPRIV is not None
    done = subprocess.run(
        [SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "cat", str(path)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def open_parent() -> Iterator[Path]:
    """A directory every user may enter (as a home directory often is), outside pytest's 0700
    temporary tree, so that only the data dir's own modes keep ``nobody`` out."""
    parent = Path(tempfile.mkdtemp(prefix="gj-shared-", dir="/tmp"))
    parent.chmod(0o755)
    yield parent
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o000)
    yield
    os.umask(old)


def hub_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file())


def modes(data_dir: Path) -> dict[str, int]:
    everything = [data_dir, *data_dir.rglob("*")]
    return {str(p.relative_to(data_dir)): stat.S_IMODE(p.stat().st_mode) for p in everything}


def upload_a_plot(hub: LocalHub, register_on) -> None:
    client = register_on(hub, username="alice", password="alice-pw")
    client.edges(EDGES, "src", "dst").plot(render=False)


def test_every_file_of_a_new_data_dir_is_the_owners_alone_whatever_the_umask(
    open_parent, loose_umask, register_on
):
    data_dir = open_parent / "hub"
    hub = LocalHub(users=USERS, data_dir=data_dir).start()
    try:
        upload_a_plot(hub, register_on)
        seen = modes(data_dir)
    finally:
        hub.stop()

    assert {"hub.sqlite3", "hub.sqlite3-wal", "hub.sqlite3-shm"} <= set(seen)
    assert any(name.endswith("edges.arrow") for name in seen)
    loose = {
        name: oct(mode)
        for name, mode in seen.items()
        if mode != (0o700 if (data_dir / name).is_dir() else 0o600)
    }
    assert loose == {}


@needs_root
def test_another_os_user_reads_no_file_of_a_hub(open_parent, loose_umask, register_on):
    control = open_parent / "readable.txt"
    control.write_text("anyone may read this")
    control.chmod(0o644)
    assert read_as_nobody(control), "the second user cannot read even an open file: no test"

    data_dir = open_parent / "hub"
    hub = LocalHub(users=USERS, data_dir=data_dir).start()
    try:
        upload_a_plot(hub, register_on)
        files = hub_files(data_dir)
        assert any(f.name == "hub.sqlite3-wal" for f in files)
        readable = [str(f.relative_to(data_dir)) for f in files if read_as_nobody(f)]
    finally:
        hub.stop()

    assert readable == []


@needs_root
def test_a_kept_data_dir_with_loose_modes_is_tightened_when_a_hub_opens_it(
    open_parent, loose_umask, register_on
):
    data_dir = open_parent / "hub"
    LocalHub(users=USERS, data_dir=data_dir).start().stop()
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    assert read_as_nobody(data_dir / "hub.sqlite3")

    hub = LocalHub(users=USERS, data_dir=data_dir)
    try:
        readable = [str(f.relative_to(data_dir)) for f in hub_files(data_dir) if read_as_nobody(f)]
    finally:
        hub.stop()

    assert readable == []
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


@needs_root
def test_a_data_dir_owned_by_another_user_is_refused(open_parent):
    data_dir = open_parent / "theirs"
    data_dir.mkdir()
    os.chown(data_dir, 65534, 65534)

    with pytest.raises(PermissionError, match="belongs to uid 65534"):
        LocalHub(users=USERS, data_dir=data_dir)


def test_reading_the_database_hands_out_no_sso_state(open_parent, register_on, capsys):
    data_dir = open_parent / "hub"
    hub = LocalHub(users=USERS, data_dir=data_dir).start()
    try:
        client = register_on(hub, is_sso_login=True, sso_timeout=None)
        capsys.readouterr()
        state = client.session.sso_state
        assert state
        copy = open_parent / "copy.sqlite3"
        with sqlite3.connect(data_dir / "hub.sqlite3") as source, sqlite3.connect(copy) as dest:
            source.backup(dest)
    finally:
        hub.stop()

    dump = "\n".join(sqlite3.connect(copy).iterdump())
    assert "INSERT INTO" in dump  # the copy holds the hub's rows
    assert state not in dump
