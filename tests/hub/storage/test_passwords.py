"""Password and key-secret hashing (hub/storage/passwords.py): scrypt with a fresh salt, compared in
constant time, and an unknown user costs as much as a known one."""

from __future__ import annotations

import hashlib

import pytest

from graphistry_jupyter.hub.storage import passwords
from graphistry_jupyter.hub.storage.passwords import check_secret, hash_secret


def test_a_secret_checks_against_its_own_hash_and_salt_only():
    salt, digest = hash_secret("alice-pw")

    assert check_secret("alice-pw", salt, digest)
    assert not check_secret("alice-pw ", salt, digest)
    assert hash_secret("alice-pw")[1] != digest  # a fresh salt every time


def test_a_secret_is_hashed_with_scrypt_and_a_fresh_salt() -> None:
    salt, digest = passwords.hash_secret("pw")
    assert len(salt) == 16
    assert digest == hashlib.scrypt(b"pw", salt=salt, n=2**14, r=8, p=1, dklen=32)
    assert passwords.hash_secret("pw")[0] != salt
    assert passwords.hash_secret("pw", salt) == (salt, digest)
    assert passwords.hash_secret("pwé", salt)[1] == hashlib.scrypt(
        "pwé".encode(), salt=salt, n=2**14, r=8, p=1, dklen=32
    )


def test_a_secret_checks_against_its_own_hash_only() -> None:
    salt, digest = passwords.hash_secret("pw")
    assert passwords.check_secret("pw", salt, digest) is True
    assert passwords.check_secret("pW", salt, digest) is False


def test_an_unknown_user_costs_a_whole_check(monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[tuple[str, bytes, bytes]] = []
    monkeypatch.setattr(passwords, "check_secret", lambda *args: checked.append(args) or False)
    passwords.burn_check_time("typed")
    assert checked == [("typed", b"\0" * 16, b"\0" * 32)]
