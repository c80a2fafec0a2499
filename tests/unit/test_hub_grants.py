"""View grants and session tokens, without a server: each refuses the other, and a grant opens
one dataset of one hub until it expires."""

from __future__ import annotations

import secrets

import jwt
import pytest

from graphistry_jupyter.hub.auth.grants import GrantService
from graphistry_jupyter.hub.auth.tokens import TokenError, TokenService

SECRET = secrets.token_bytes(32)


@pytest.fixture
def grants() -> GrantService:
    return GrantService(300, SECRET)


def test_a_grant_carries_its_user_and_dataset_and_is_scoped_to_this_hub(grants):
    grant, expires_at = grants.issue(7, "alice", "d1")

    claims = grants.check(grant, "d1")
    raw = jwt.decode(grant, options={"verify_signature": False})

    assert (claims.user_id, claims.username, claims.dataset, claims.exp) == (
        7,
        "alice",
        "d1",
        expires_at,
    )
    assert raw["scope"] == "view"
    assert raw["aud"] == grants.audience
    assert raw["jti"]


def test_a_grant_is_never_born_expired_whatever_its_ttl():
    tiny = GrantService(0.001, SECRET)

    assert tiny.check(tiny.issue(1, "alice", "d1")[0], "d1").username == "alice"


def test_a_grant_for_one_dataset_opens_no_other(grants):
    with pytest.raises(TokenError, match="another dataset"):
        grants.check(grants.issue(1, "alice", "d1")[0], "d2")


def test_grants_of_another_hub_are_refused_even_with_the_same_secret(grants):
    # Same secret, another instance: its audience differs.
    other = GrantService(300, SECRET)

    with pytest.raises(TokenError, match="not valid on this hub"):
        grants.check(other.issue(1, "alice", "d1")[0], "d1")


def test_unsigned_and_foreign_grants_are_refused(grants):
    claims = jwt.decode(grants.issue(1, "alice", "d1")[0], options={"verify_signature": False})

    for forged in (
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode(claims, SECRET, algorithm="HS256"),  # the hub secret itself is not the grant key
        jwt.encode({**claims, "scope": "admin"}, "k" * 32, algorithm="HS256"),
    ):
        with pytest.raises(TokenError, match="not valid on this hub"):
            grants.check(forged, "d1")


def test_expired_grants_say_so(grants):
    claims = jwt.decode(grants.issue(1, "alice", "d1")[0], options={"verify_signature": False})
    # Signed as the service signs, but long expired (the key is private: no public way to age one).
    old = jwt.encode({**claims, "exp": 1}, grants._key, algorithm="HS256")

    with pytest.raises(TokenError, match="expired"):
        grants.check(old, "d1")


def test_session_tokens_and_grants_never_pass_for_each_other(grants):
    tokens = TokenService(600, SECRET)
    grant = grants.issue(1, "alice", "d1")[0]

    with pytest.raises(TokenError, match=r"^Error decoding signature\.$"):
        tokens.check(grant)
    with pytest.raises(TokenError, match="not valid on this hub"):
        grants.check(tokens.issue(1, "alice"), "d1")


def test_a_grant_ttl_must_be_positive():
    with pytest.raises(ValueError, match="grant_ttl"):
        GrantService(0, SECRET)
