"""The hub's session tokens, view grants and secret hashes, claim by claim and at each boundary
(hub/tokens.py, hub/grants.py, hub/passwords.py). Decoded with the known secret, so every claim
and every refusal's wording is asserted, not only "it works"."""

from __future__ import annotations

import hashlib
import hmac
import time

import jwt
import pytest

from graphistry_jupyter.hub.auth import grants as grants_module
from graphistry_jupyter.hub.auth import passwords
from graphistry_jupyter.hub.auth import tokens as tokens_module
from graphistry_jupyter.hub.auth.grants import (
    GRANT_EXPIRED,
    GRANT_INVALID,
    GRANT_OTHER_DATASET,
    GrantClaims,
    GrantService,
)
from graphistry_jupyter.hub.auth.tokens import (
    TOKEN_EXPIRED,
    TOKEN_INVALID,
    TokenClaims,
    TokenError,
    TokenService,
)

SECRET = b"s" * 32
# The services read time.time(), which tests move; PyJWT checks a session token's exp against
# the real clock (a grant's against time.time(), in grants.py).
# Taken afresh for each test (below): a value from collection time is minutes old by the time a
# full suite reaches these tests, and tokens "issued" then have expired on the real clock.
NOW = float(int(time.time()))


@pytest.fixture(autouse=True)
def _now_is_now() -> None:
    global NOW
    NOW = float(int(time.time()))


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """``time.time()`` for tokens and grants, settable through the returned list."""
    now = [NOW]
    for module in (tokens_module, grants_module):
        monkeypatch.setattr(module.time, "time", lambda: now[0])
    return now


def decode(token: str, key: bytes = SECRET, **options: object) -> dict[str, object]:
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False, **options})


# ------------------------------------------------------------------------------------ tokens


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


# ------------------------------------------------------------------------------------ grants


def test_a_grant_ttl_must_be_positive() -> None:
    for ttl in (0, -1):
        with pytest.raises(ValueError, match=r"^grant_ttl must be positive \(seconds\)$"):
            GrantService(ttl=ttl)
    assert GrantService().ttl == 300.0
    assert GrantService(ttl=1).ttl == 1.0


def test_a_grant_carries_its_scope_audience_user_and_dataset(frozen: list[float]) -> None:
    service = GrantService(ttl=120, secret=SECRET)
    assert service.audience.startswith("urn:graphistry-jupyter:hub:")
    assert len(service.audience) == len("urn:graphistry-jupyter:hub:") + 16
    grant, exp = service.issue(7, "alice", "ds-1", generation=2)
    assert exp == int(NOW + 120)
    key = hmac.new(SECRET, b"graphistry-jupyter view grant v1", hashlib.sha256).digest()
    claims = decode(grant, key, verify_aud=False)
    jti = claims.pop("jti")
    assert isinstance(jti, str)
    assert len(jti) == 32
    assert claims == {
        "scope": "view",
        "aud": service.audience,
        "user_id": 7,
        "username": "alice",
        "gen": 2,
        "dataset": "ds-1",
        "iat": int(NOW),
        "exp": int(NOW + 120),
    }
    assert service.check(grant, "ds-1") == GrantClaims(
        user_id=7, username="alice", generation=2, dataset="ds-1", exp=int(NOW + 120)
    )
    assert service.issue(7, "alice", "ds-1")[0] != grant
    assert service.check(service.issue(7, "alice", "ds-1")[0], "ds-1").generation == 0


def test_a_grant_is_never_born_expired(frozen: list[float]) -> None:
    frozen[0] = NOW + 0.4
    _, exp = GrantService(ttl=0.1, secret=SECRET).issue(1, "a", "d")
    assert exp == NOW + 1, "rounded up, not down to the second it was issued in"


def test_grants_of_another_hub_or_kind_are_invalid(frozen: list[float]) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    other_hub = GrantService(ttl=60, secret=SECRET)  # same secret, another instance
    grant, _ = other_hub.issue(1, "a", "d")
    with pytest.raises(TokenError, match=f"^{GRANT_INVALID}$"):
        service.check(grant, "d")
    session = TokenService(ttl=60, secret=SECRET).issue(1, "a")
    with pytest.raises(TokenError, match=f"^{GRANT_INVALID}$"):
        service.check(session, "d")


@pytest.mark.parametrize(
    "change",
    [
        {"scope": "edit"},
        {"username": 5},
        {"user_id": "1"},
        {"gen": "0"},
        {"dataset": 5},
        {"exp": 2e9},  # a float (2033): exp is whole seconds, as issue() writes it
        {"exp": "2000000000"},
    ],
)
def test_a_grant_with_a_wrong_claim_is_invalid(
    frozen: list[float], change: dict[str, object]
) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    key = hmac.new(SECRET, b"graphistry-jupyter view grant v1", hashlib.sha256).digest()
    claims = {
        "scope": "view",
        "aud": service.audience,
        "user_id": 1,
        "username": "a",
        "gen": 0,
        "dataset": "d",
        "exp": int(NOW + 60),
        "jti": "j",
        **change,
    }
    with pytest.raises(TokenError, match=f"^{GRANT_INVALID}$"):
        service.check(jwt.encode(claims, key, algorithm="HS256"), "d")
    del claims["jti"]
    claims.update({"scope": "view", "username": "a", "user_id": 1, "gen": 0, "dataset": "d"})
    with pytest.raises(TokenError, match=f"^{GRANT_INVALID}$"):
        service.check(jwt.encode(claims, key, algorithm="HS256"), "d")


def test_a_grant_opens_only_its_dataset_until_it_expires(frozen: list[float]) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    grant, exp = service.issue(1, "a", "d")
    with pytest.raises(TokenError, match=f"^{GRANT_OTHER_DATASET}$"):
        service.check(grant, "other")
    assert service.check(grant, "d").exp == exp
    frozen[0] = NOW - 200
    old, _ = service.issue(1, "a", "d")
    frozen[0] = NOW
    with pytest.raises(TokenError, match=f"^{GRANT_EXPIRED}$") as raised:
        service.check(old, "d")
    assert raised.value.__cause__ is None
    with pytest.raises(TokenError, match=f"^{GRANT_EXPIRED}$"):
        service.check(old, "other")  # an expired grant says so, whatever its dataset
    assert (GRANT_EXPIRED, GRANT_INVALID, GRANT_OTHER_DATASET) == (
        "Grant has expired.",
        "Grant is not valid on this hub.",
        "Grant is for another dataset.",
    )


def test_a_grant_expires_at_its_exp_to_the_second(frozen: list[float]) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    grant, exp = service.issue(1, "a", "d")
    assert exp == NOW + 60
    frozen[0] = exp - 0.001
    assert service.check(grant, "d").exp == exp
    frozen[0] = exp  # no leeway: at exp it has expired
    with pytest.raises(TokenError, match=f"^{GRANT_EXPIRED}$"):
        service.check(grant, "d")
    frozen[0] = exp + 0.5
    with pytest.raises(TokenError, match=f"^{GRANT_EXPIRED}$"):
        service.check(grant, "d")


# ---------------------------------------------------------------------------------- secrets


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
