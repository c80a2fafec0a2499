"""Hub users given outside Python: a users file (``--users-file``) or the ``GRAPHISTRY_HUB_USERS``
environment variable, where ``ps`` does not show their passwords, and ``--user`` (cli.py), which
reads its ``NAME:PASSWORD`` with the same parser.

A users file has one ``NAME:PASSWORD`` a line; blank lines and lines starting with ``#`` are
skipped, and the password is everything after the first ``:`` (spaces included). A file that other
users of the machine may read is refused. The environment variable holds ``NAME:PASSWORD``
entries separated by newlines or commas (a password with a comma belongs in a file).
Errors name the file and line, never the line's text: it holds a password.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

ENV_VAR = "GRAPHISTRY_HUB_USERS"
#: What an entry that :func:`parse_entry` refuses should have been (it never quotes the entry).
ENTRY_EXPECTED = "expected NAME:PASSWORD (both non-empty)"


class UsersError(ValueError):
    """A users file or variable that cannot be used; ``str()`` says which and why."""


def parse_entry(entry: str) -> tuple[str, str] | None:
    """``(name, password)`` of ``NAME:PASSWORD``, or None when either part is empty. The name is
    stripped of spaces; the password is everything after the first ``:``, spaces included."""
    name, sep, password = entry.partition(":")
    name = name.strip()
    return (name, password) if sep and name and password else None


def _entries(lines: Iterable[str], where: str) -> list[tuple[str, str]]:
    users = []
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        entry = parse_entry(text)
        if entry is None:
            raise UsersError(f"{where}, entry {number}: {ENTRY_EXPECTED}")
        users.append(entry)
    return users


def read_users_file(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """The users of a users file (see the module docstring)."""
    file = Path(path)
    try:
        mode = file.stat().st_mode
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersError(f"cannot read the users file {file}: {exc}") from None
    if os.name == "posix" and mode & (stat.S_IROTH | stat.S_IWOTH):
        raise UsersError(
            f"the users file {file} can be read or changed by every user of this machine; "
            f"make it private first: chmod 600 {file}"
        )
    return _entries(text.splitlines(), f"{file}")


def users_from_env(environ: dict[str, str] | os._Environ[str]) -> list[tuple[str, str]]:
    """The users in ``GRAPHISTRY_HUB_USERS`` (none when it is unset or empty)."""
    value = environ.get(ENV_VAR, "")
    return _entries(value.replace(",", "\n").splitlines(), ENV_VAR)


def merge_users(*sources: list[tuple[str, str]]) -> dict[str, str]:
    """One mapping of every source's users; a name given twice is an error (which password?)."""
    users: dict[str, str] = {}
    for source in sources:
        for name, password in source:
            if name in users:
                raise UsersError(f"user {name} is given more than once")
            users[name] = password
    return users
