"""The hub's data dir is readable by its owner only, whatever the umask.

The database holds password hashes, private dataset names and SSO logins in progress; the Arrow
files hold users' tables. Another account on the same machine must read none of it, so the
directory is 0700 and every file in it 0600, created so before anything is written (SQLite
creates its ``-wal`` and ``-shm`` files with the database file's mode), and tightened on a data
dir kept from an earlier run (the directory, and what the hub keeps in it). A directory owned
by another user is refused, and so is an entry of the hub's that is a symlink or another user's:
whoever placed it (while the directory was open to them) could read what the hub writes there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
#: What a hub keeps in its data dir (store.py, tables.py, server/tls.py).
HUB_ENTRIES = (
    "hub.sqlite3",
    "hub.sqlite3-wal",
    "hub.sqlite3-shm",
    "hub.sqlite3-journal",
    "datasets",
    "files",
    "incoming",
    "tls",
)


class NotPrivate(PermissionError):
    """The data dir belongs to another user."""


def private_dir(path: Path) -> Path:
    """Create ``path`` (0700), or tighten an existing one and everything the hub keeps in it."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotPrivate(f"data_dir {path} is not a directory")
    if info.st_uid != os.geteuid():
        raise NotPrivate(
            f"data_dir {path} belongs to uid {info.st_uid}, not to this user: choose a directory "
            "of your own"
        )
    os.chmod(path, DIR_MODE)
    # Only what the hub keeps is tightened: a data dir given by hand may hold other files (a
    # script, a README), whose modes are their owner's business; the 0700 above shuts others
    # out of them anyway.
    for entry in HUB_ENTRIES:
        _tighten(path / entry)
    return path


def _tighten(path: Path) -> None:
    if path.is_symlink():
        raise NotPrivate(f"{path} is a symlink: the hub keeps its own files there; remove it")
    if not path.exists():
        return
    if path.lstat().st_uid != os.geteuid():
        raise NotPrivate(
            f"{path} belongs to uid {path.lstat().st_uid}, not to this user: remove it or choose "
            "another data_dir"
        )
    if not path.is_dir():
        os.chmod(path, FILE_MODE)
        return
    os.chmod(path, DIR_MODE)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            if not os.path.islink(os.path.join(root, name)):
                os.chmod(os.path.join(root, name), DIR_MODE)
        for name in files:
            file = os.path.join(root, name)
            if not os.path.islink(file):
                os.chmod(file, FILE_MODE)


def private_file(path: Path) -> Path:
    """Create ``path`` empty at 0600 if it is missing (an existing one is made 0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def private_subdir(path: Path) -> Path:
    """A directory inside the (private) data dir, 0700."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path
