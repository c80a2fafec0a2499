"""A session token's claims are read in one place (http/jwt_claims.py): the expiry and the user,
from a JWT's payload without its key, and nothing from anything else."""

from __future__ import annotations

import jwt
import pytest

from graphistry_jupyter.http.jwt_claims import claims_of, token_expiry, token_username


def _jwt(claims: dict[str, object]) -> str:
    return jwt.encode(claims, "not-a-real-secret-but-long-enough-for-hs256", algorithm="HS256")


def test_the_claims_of_a_jwt_are_read_without_its_key() -> None:
    token = _jwt({"username": "alice", "exp": 2_000_000_000})
    assert claims_of(token) == {"username": "alice", "exp": 2_000_000_000}
    assert token_username(token) == "alice"
    assert token_expiry(token) == 2_000_000_000.0
    assert isinstance(token_expiry(token), float)


def test_an_expired_jwt_still_reads_its_claims() -> None:
    token = _jwt({"username": "bob", "exp": 1})
    assert (token_username(token), token_expiry(token)) == ("bob", 1.0)


@pytest.mark.parametrize("token", [None, "", "opaque-token", "a.b.c", "eyJ.eyJ.x"])
def test_anything_that_is_not_a_jwt_has_no_claims(token: str | None) -> None:
    assert claims_of(token) == {}
    assert token_expiry(token) is None
    assert token_username(token) == ""


@pytest.mark.parametrize("exp", ["2000000000", True, None, [1]])
def test_only_a_numeric_exp_is_an_expiry(exp: object) -> None:
    assert token_expiry(_jwt({"exp": exp} if exp is not None else {})) is None


def test_a_float_exp_is_kept() -> None:
    assert token_expiry(_jwt({"exp": 1234.5})) == 1234.5


@pytest.mark.parametrize("name", [7, None, ["alice"]])
def test_only_a_string_username_names_a_user(name: object) -> None:
    assert token_username(_jwt({"username": name})) == ""


def test_a_jwt_whose_payload_is_not_an_object_has_no_claims() -> None:
    header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"  # {"alg":"HS256","typ":"JWT"}
    payload = "WzEsMl0"  # [1,2]
    assert claims_of(f"{header}.{payload}.c2ln") == {}
