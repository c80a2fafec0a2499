"""Refresh and verify through the real client: what plot() relies on before every upload."""

from __future__ import annotations

import jwt
import pytest

from tests.support.graphs import EDGES

REFRESH = "/api/v2/auth/token/refresh"


def claims(token: str) -> dict[str, object]:
    return jwt.decode(token, options={"verify_signature": False})


def test_tokens_carry_the_drf_jwt_claims_with_the_hubs_lifetime(hub, register_on):
    token = register_on(hub, token=hub.issue_token("alice"), verify_token=False).session.api_token

    payload = claims(token)

    assert {"user_id", "username", "email", "exp", "orig_iat", "jti"} <= payload.keys()
    assert payload["username"] == "alice"
    assert 23 * 3600 < int(payload["exp"]) - int(payload["orig_iat"]) <= 24 * 3600


def test_refresh_keeps_a_fresh_token_so_plots_need_no_org_switch(hub, client_for):
    client = client_for(hub, "alice", org_name="acme")
    before = client.session.api_token
    hub.clear_requests()

    client.refresh()

    assert client.session.api_token == before
    assert [r.path for r in hub.requests] == [REFRESH]


def test_refresh_renews_a_token_past_half_its_life(hub, register_on):
    old = hub.issue_token("alice", ttl=60)  # the hub's ttl is a day: 60 s left is little
    client = register_on(hub, token=old, verify_token=False)

    client.refresh()

    new = client.session.api_token
    assert new != old
    assert int(claims(new)["exp"]) > int(claims(old)["exp"])
    assert claims(new)["orig_iat"] == claims(old)["orig_iat"]


def test_refreshing_an_expired_token_fails_with_the_expiry_message(hub, register_on):
    client = register_on(hub, token=hub.issue_token("alice", ttl=-1), verify_token=False)

    with pytest.raises(ValueError, match="Failed to refresh token") as failure:
        client.refresh()

    assert "Token has expired." in str(failure.value)
    assert [(r.path, r.status) for r in hub.requests] == [(REFRESH, 400)]


def test_refreshing_garbage_fails_with_the_signature_message(hub, register_on):
    client = register_on(hub, token="not-a-jwt", verify_token=False)

    with pytest.raises(ValueError, match=r"Error decoding signature\."):
        client.refresh()


def test_plot_with_an_expired_token_logs_in_again_with_stored_credentials(hub, client_for):
    client = client_for(hub, "alice")
    client.session.api_token = hub.issue_token("alice", ttl=-1)
    hub.clear_requests()

    url = client.edges(EDGES, "src", "dst").plot(render=False)

    assert "/graph/graph.html?dataset=" in url
    assert [(r.path, r.status) for r in hub.requests][:2] == [
        (REFRESH, 400),
        ("/api-token-auth/", 200),
    ]


def test_verify_accepts_the_hubs_tokens_and_refuses_expired_ones(hub, client_for):
    client = client_for(hub, "bob")

    assert client.verify_token() is True
    assert client.verify_token(hub.issue_token("bob", ttl=-1)) is False
