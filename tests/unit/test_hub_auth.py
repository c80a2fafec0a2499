"""Password hashing and the hub's JWTs, without a server."""

from __future__ import annotations

import time

import jwt
import pytest

from graphistry_jupyter.hub.auth.passwords import check_secret, hash_secret
from graphistry_jupyter.hub.auth.tokens import TokenError, TokenService


def test_a_secret_checks_against_its_own_hash_only():
    salt, digest = hash_secret("alice-pw")

    assert check_secret("alice-pw", salt, digest)
    assert not check_secret("alice-pw ", salt, digest)
    assert hash_secret("alice-pw")[1] != digest  # a fresh salt every time


def test_a_token_carries_the_users_claims():
    tokens = TokenService(ttl=600)

    claims = tokens.check(tokens.issue(7, "alice"))

    assert (claims.user_id, claims.username) == (7, "alice")
    assert 590 < claims.exp - time.time() <= 600


def test_expired_and_foreign_tokens_are_refused_with_the_clients_wording():
    tokens = TokenService(ttl=600)

    with pytest.raises(TokenError, match=r"^Token has expired\.$"):
        tokens.check(tokens.issue(1, "alice", ttl=-1))
    with pytest.raises(TokenError, match=r"^Error decoding signature\.$"):
        tokens.check(TokenService(ttl=600).issue(1, "alice"))
    with pytest.raises(TokenError, match=r"^Error decoding signature\.$"):
        tokens.check(jwt.encode({"username": "alice", "user_id": 1}, "k" * 32, algorithm="HS256"))


def test_refresh_returns_the_same_token_in_its_first_half_life_and_a_new_one_after():
    tokens = TokenService(ttl=600)
    young, old = tokens.issue(1, "alice"), tokens.issue(1, "alice", ttl=200)

    assert tokens.refresh(young, tokens.check(young))[0] == young
    renewed, claims = tokens.refresh(old, tokens.check(old))
    assert renewed != old
    assert claims.exp - time.time() > 590
