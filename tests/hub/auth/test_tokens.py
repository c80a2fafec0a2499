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

SECRET = b"s" * 32
# The services read time.time(), which tests move (``frozen``). Taken afresh for each test (below):
# a value from collection time is minutes old by the time a full suite reaches these tests, and
# tokens "issued" then have expired on the real clock.
NOW = float(int(time.time()))


@pytest.fixture(autouse=True)
def _now_is_now() -> None:
    global NOW
    NOW = float(int(time.time()))


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """``time.time()`` as the services read it, settable through the returned list."""
    now = [NOW]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def decode(token: str, key: bytes = SECRET, **options: object) -> dict[str, object]:
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False, **options})


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


def test_a_token_carries_the_drf_jwt_claims(frozen: list[float]) -> None:
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
        "exp": int(NOW + 3600),
        "orig_iat": int(NOW),
    }
    other = decode(service.issue(7, "alice", ttl=10, orig_iat=NOW - 50))
    assert (other["exp"], other["orig_iat"], other["gen"]) == (int(NOW + 10), int(NOW - 50), 0)
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


def test_a_valid_token_reads_back_its_claims(frozen: list[float]) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    claims = service.check(service.issue(3, "bob", generation=4, orig_iat=NOW - 5))
    assert claims == TokenClaims(
        user_id=3, username="bob", generation=4, exp=NOW + 100, orig_iat=NOW - 5
    )
    assert isinstance(claims.exp, float)


def test_an_expired_token_says_so(frozen: list[float]) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    token = service.issue(1, "alice")
    frozen[0] = NOW + 200  # long enough after to have expired
    with pytest.raises(TokenError, match=f"^{TOKEN_EXPIRED}$") as raised:
        service.check(token)
    assert raised.value.__cause__ is None
    assert TOKEN_EXPIRED == "Token has expired."
    assert TOKEN_INVALID == "Error decoding signature."


def test_a_token_has_expired_at_its_exp_with_no_leeway(frozen: list[float]) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    token = service.issue(1, "alice")
    frozen[0] = NOW + 99.999  # a moment before exp: still good
    assert service.check(token).exp == int(NOW + 100)
    frozen[0] = NOW + 100  # at exp itself: expired
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


def test_refresh_keeps_a_token_for_the_first_half_of_its_life(frozen: list[float]) -> None:
    service = TokenService(ttl=100, secret=SECRET)
    token = service.issue(1, "alice", generation=3, orig_iat=NOW - 7)
    claims = service.check(token)
    frozen[0] = NOW + 49  # 51 s left: more than half
    assert service.refresh(token, claims) == (token, claims)
    frozen[0] = NOW + 50  # exactly half left: a new one
    fresh, fresh_claims = service.refresh(token, claims)
    assert fresh != token
    assert fresh_claims == TokenClaims(
        user_id=1, username="alice", generation=3, exp=NOW + 150, orig_iat=NOW - 7
    )
