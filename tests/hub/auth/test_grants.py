"""View grants (hub/auth/grants.py), without a server: a grant opens one dataset of one hub for one
user until it expires, never passes for a session token nor a session token for it; each claim
and each refusal's wording at each boundary, decoded with the known key."""

from __future__ import annotations

import hashlib
import hmac

import jwt
import pytest

from graphistry_jupyter.hub.auth.grants import (
    GRANT_EXPIRED,
    GRANT_INVALID,
    GRANT_OTHER_DATASET,
    GRANT_USED,
    GrantClaims,
    GrantService,
)
from graphistry_jupyter.hub.auth.tokens import TokenError, TokenService
from tests.hub.auth.conftest import SECRET, Clock, decode


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


def test_a_grant_ttl_must_be_positive() -> None:
    for ttl in (0, -1):
        with pytest.raises(ValueError, match=r"^grant_ttl must be positive \(seconds\)$"):
            GrantService(ttl=ttl)
    assert GrantService().ttl == 300.0
    assert GrantService(ttl=1).ttl == 1.0


def test_a_grant_carries_its_scope_audience_user_and_dataset(frozen: Clock) -> None:
    service = GrantService(ttl=120, secret=SECRET)
    assert service.audience.startswith("urn:graphistry-jupyter:hub:")
    assert len(service.audience) == len("urn:graphistry-jupyter:hub:") + 16
    grant, exp = service.issue(7, "alice", "ds-1", generation=2)
    assert exp == int(frozen.start + 120)
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
        "iat": int(frozen.start),
        "exp": int(frozen.start + 120),
    }
    assert service.check(grant, "ds-1") == GrantClaims(
        user_id=7,
        username="alice",
        generation=2,
        dataset="ds-1",
        exp=int(frozen.start + 120),
        jti=jti,
    )
    assert service.issue(7, "alice", "ds-1")[0] != grant
    assert service.check(service.issue(7, "alice", "ds-1")[0], "ds-1").generation == 0


def test_a_grant_is_never_born_expired(frozen: Clock) -> None:
    frozen.now = frozen.start + 0.4
    _, exp = GrantService(ttl=0.1, secret=SECRET).issue(1, "a", "d")
    assert exp == frozen.start + 1, "rounded up, not down to the second it was issued in"


def test_grants_of_another_hub_or_kind_are_invalid(frozen: Clock) -> None:
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
def test_a_grant_with_a_wrong_claim_is_invalid(frozen: Clock, change: dict[str, object]) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    key = hmac.new(SECRET, b"graphistry-jupyter view grant v1", hashlib.sha256).digest()
    claims = {
        "scope": "view",
        "aud": service.audience,
        "user_id": 1,
        "username": "a",
        "gen": 0,
        "dataset": "d",
        "exp": int(frozen.start + 60),
        "jti": "j",
        **change,
    }
    with pytest.raises(TokenError, match=f"^{GRANT_INVALID}$"):
        service.check(jwt.encode(claims, key, algorithm="HS256"), "d")
    del claims["jti"]
    claims.update({"scope": "view", "username": "a", "user_id": 1, "gen": 0, "dataset": "d"})
    with pytest.raises(TokenError, match=f"^{GRANT_INVALID}$"):
        service.check(jwt.encode(claims, key, algorithm="HS256"), "d")


def test_a_grant_opens_only_its_dataset_until_it_expires(frozen: Clock) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    grant, exp = service.issue(1, "a", "d")
    with pytest.raises(TokenError, match=f"^{GRANT_OTHER_DATASET}$"):
        service.check(grant, "other")
    assert service.check(grant, "d").exp == exp
    frozen.now = frozen.start - 200
    old, _ = service.issue(1, "a", "d")
    frozen.now = frozen.start
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


def test_a_grant_expires_at_its_exp_to_the_second(frozen: Clock) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    grant, exp = service.issue(1, "a", "d")
    assert exp == frozen.start + 60
    frozen.now = exp - 0.001
    assert service.check(grant, "d").exp == exp
    frozen.now = exp  # no leeway: at exp it has expired
    with pytest.raises(TokenError, match=f"^{GRANT_EXPIRED}$"):
        service.check(grant, "d")
    frozen.now = exp + 0.5
    with pytest.raises(TokenError, match=f"^{GRANT_EXPIRED}$"):
        service.check(grant, "d")


def test_a_spent_grant_is_refused_from_then_on_and_spent_once(frozen: Clock) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    grant, _ = service.issue(7, "alice", "ds-1")
    other, _ = service.issue(7, "alice", "ds-1")
    claims = service.check(grant, "ds-1")

    service.spend(claims)

    with pytest.raises(TokenError, match=f"^{GRANT_USED}$"):
        service.check(grant, "ds-1")
    with pytest.raises(TokenError, match=f"^{GRANT_USED}$"):
        service.spend(claims)  # two redemptions racing past check(): one wins
    assert service.check(other, "ds-1").jti != claims.jti, "other grants are untouched"


def test_spent_grants_are_forgotten_once_expired_where_expiry_refuses_them(
    frozen: Clock,
) -> None:
    service = GrantService(ttl=60, secret=SECRET)
    first = service.check(service.issue(7, "alice", "ds-1")[0], "ds-1")
    service.spend(first)
    second = service.check(service.issue(7, "alice", "ds-1")[0], "ds-1")
    frozen.now = frozen.start + 60  # first has expired (at its exp itself)
    service.spend(second)
    assert set(service._spent) == {second.jti}
