"""Hub users given outside Python (hub/server/users_file.py): one NAME:PASSWORD parser for a users
file, the GRAPHISTRY_HUB_USERS variable and ``--user``; errors that say where, never what."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphistry_jupyter.hub.server.users_file import (
    ENV_VAR,
    UsersError,
    merge_users,
    parse_entry,
    read_users_file,
    users_from_env,
)


def private_file(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(
    ("entry", "user"),
    [
        ("alice:alice-pw", ("alice", "alice-pw")),
        ("  alice\t: pass word: ", ("alice", " pass word: ")),  # the password is all after ':'
        ("alice:", None),
        (":hunter2", None),
        ("   :hunter2", None),
        ("alice", None),
        ("", None),
    ],
)
def test_an_entry_is_a_name_and_everything_after_the_first_colon(
    entry: str, user: tuple[str, str] | None
) -> None:
    assert parse_entry(entry) == user


def test_a_users_file_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    users = private_file(
        tmp_path / "users.txt", "# demo users\n\nalice:alice-pw\r\n  # bob:old\nbob:b:o:b\n"
    )

    assert read_users_file(users) == [("alice", "alice-pw"), ("bob", "b:o:b")]


def test_a_bad_entry_is_named_by_its_number_never_quoted(tmp_path: Path) -> None:
    users = private_file(tmp_path / "users.txt", "alice:pw\nbob hunter2\n")

    with pytest.raises(UsersError) as refused:
        read_users_file(users)

    assert str(refused.value) == f"{users}, entry 2: expected NAME:PASSWORD (both non-empty)"


def test_a_users_file_others_may_read_is_refused_naming_the_fix(tmp_path: Path) -> None:
    users = private_file(tmp_path / "users.txt", "alice:hunter2\n")
    users.chmod(0o604)

    with pytest.raises(UsersError, match=re.escape(f"chmod 600 {users}")) as refused:
        read_users_file(users)
    assert "hunter2" not in str(refused.value)


def test_a_users_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    with pytest.raises(UsersError, match=r"^cannot read the users file "):
        read_users_file(tmp_path / "nowhere.txt")


def test_the_environment_separates_entries_by_commas_or_newlines() -> None:
    environ = {ENV_VAR: "alice:a-pw, bob:b-pw\ncarol:c-pw\n"}

    assert users_from_env(environ) == [("alice", "a-pw"), ("bob", "b-pw"), ("carol", "c-pw")]
    assert users_from_env({}) == []
    with pytest.raises(UsersError, match=f"^{ENV_VAR}, entry 2: "):
        users_from_env({ENV_VAR: "alice:a-pw,bob"})


def test_sources_combine_but_a_name_given_twice_is_refused() -> None:
    assert merge_users([("alice", "a")], [], [("bob", "b")]) == {"alice": "a", "bob": "b"}
    with pytest.raises(UsersError, match=r"^user alice is given more than once$"):
        merge_users([("alice", "a")], [("alice", "a")])
