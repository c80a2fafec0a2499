"""The hub's session tokens (hub/auth/tokens.py), without a server: the DRF-JWT claims they carry,
claim by claim, and each refusal's wording at each boundary, decoded with the known secret."""

from __future__ import annotations

import time

import jwt
import pytest

from graphistry_jupyter.hub.auth.tokens import (
    TOKEN_EXPIRED,
    TOKEN_INVALID,
    TokenClaims,
    TokenError,
    TokenService,
)
from tests.hub.auth.conftest import SECRET, Clock, decode


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


def test_a_token_carries_the_drf_jwt_claims(frozen: Clock) -> None:
    service = TokenService(ttl=3600, secret=SECRET)
    assert service.ttl == 3600.0
    claims = decode(service.issue(7, "alice", generation=2))
    jti = claims.pop("jti")
    assert isinstance(jti, str)
    assert len(jti) == 32
    assert claims == {
        "user_id": 7,
        "username": "alice",
        "gen": 2,
        "email": "alice@localhub.invalid",
        "exp": int(frozen.start + 3600),
        "orig_iat": int(frozen.start),
    }
    other = decode(service.issue(7, "alice", ttl=10, orig_iat=frozen.start - 50))
    assert (other["exp"], other["orig_iat"], other["gen"]) == (
        int(frozen.start + 10),
        int(frozen.start - 50),
        0,
    )
    assert other["jti"] != jti


def test_each_hub_signs_with_its_own_secret() -> None:
    a, b = TokenService(ttl=60), TokenService(ttl=60)
    with pytest.raises(TokenError, match=f"^{TOKEN_INVALID}$"):
        b.check(a.issue(1, "alice"))
    assert (
        TokenService(ttl=60, secret=SECRET)
        .check(TokenService(ttl=60, secret=SECRET).issue(1, "alice"))
        .username
        == "alice"
    )


def test_a_valid_token_reads_back_its_claims(frozen: Clock) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    claims = service.check(service.issue(3, "bob", generation=4, orig_iat=frozen.start - 5))
    assert claims == TokenClaims(
        user_id=3, username="bob", generation=4, exp=frozen.start + 100, orig_iat=frozen.start - 5
    )
    assert isinstance(claims.exp, float)


def test_an_expired_token_says_so(frozen: Clock) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    token = service.issue(1, "alice")
    frozen.now = frozen.start + 200  # long enough after to have expired
    with pytest.raises(TokenError, match=f"^{TOKEN_EXPIRED}$") as raised:
        service.check(token)
    assert raised.value.__cause__ is None
    assert TOKEN_EXPIRED == "Token has expired."
    assert TOKEN_INVALID == "Error decoding signature."


def test_a_token_has_expired_at_its_exp_with_no_leeway(frozen: Clock) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    token = service.issue(1, "alice")
    frozen.now = frozen.start + 99.999  # a moment before exp: still good
    assert service.check(token).exp == int(frozen.start + 100)
    frozen.now = frozen.start + 100  # at exp itself: expired
    with pytest.raises(TokenError, match=f"^{TOKEN_EXPIRED}$"):
        service.check(token)


@pytest.mark.parametrize(
    "claims",
    [
        {"username": "a", "user_id": 1, "gen": 0},  # no exp
        {"exp": 2e9, "user_id": 1, "gen": 0},  # no username
        {"exp": 2e9, "username": "a", "gen": 0},  # no user_id
        {"exp": 2e9, "username": "a", "user_id": 1},  # no gen
        {"exp": 2e9, "username": 5, "user_id": 1, "gen": 0},
        {"exp": 2e9, "username": "a", "user_id": "1", "gen": 0},
        {"exp": 2e9, "username": "a", "user_id": 1, "gen": "0"},
        {"exp": 2e9, "username": "a", "user_id": 1, "gen": 0, "scope": "view"},
    ],
)
def test_a_token_without_the_right_claims_is_invalid(claims: dict[str, object]) -> None:
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    with pytest.raises(TokenError) as raised:
        TokenService(ttl=60, secret=SECRET).check(token)
    assert str(raised.value) == TOKEN_INVALID
    assert raised.value.__cause__ is None


def test_a_token_with_no_orig_iat_reads_zero() -> None:
    token = jwt.encode({"exp": 2e9, "username": "a", "user_id": 1, "gen": 0}, SECRET)
    assert TokenService(ttl=60, secret=SECRET).check(token).orig_iat == 0.0


def test_refresh_keeps_a_token_for_the_first_half_of_its_life(frozen: Clock) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    token = service.issue(1, "alice", generation=3, orig_iat=frozen.start - 7)
    claims = service.check(token)
    frozen.now = frozen.start + 49  # 51 s left: more than half
    assert service.refresh(token, claims) == (token, claims)
    frozen.now = frozen.start + 50  # exactly half left: a new one
    fresh, fresh_claims = service.refresh(token, claims)
    assert fresh != token
    assert fresh_claims == TokenClaims(
        user_id=1, username="alice", generation=3, exp=frozen.start + 150, orig_iat=frozen.start - 7
    )
