"""Every register() flow of the unmodified graphistry client against a real LocalHub over HTTP,
with the round trips the protocol document observed and the client's own errors on failure."""

from __future__ import annotations

import pytest

from graphistry_jupyter.hub import LocalHub

LOGIN = "/api-token-auth/"
PKEY = "/api/v2/auth/pkey/jwt/"
REFRESH = "/api/v2/auth/token/refresh"
VERIFY = "/api-token-verify/"


def paths(hub: LocalHub) -> list[str]:
    return [r.path for r in hub.requests]


# -- username and password --------------------------------------------------------------------


def test_password_login_costs_a_login_and_a_refresh(hub, client_for):
    client = client_for(hub, "alice")

    assert client.session.api_token
    assert client.session.org_name is None
    assert paths(hub) == [LOGIN, REFRESH]
    assert [(r.status, r.user) for r in hub.requests] == [(200, "alice"), (200, "alice")]


def test_password_login_with_org_adopts_it_in_three_round_trips(hub, client_for):
    client = client_for(hub, "alice", org_name="acme")

    assert client.session.org_name == "acme"
    # Non-rotating refresh: no second and third switch (protocol section 2.2).
    assert paths(hub) == [LOGIN, "/api/v2/o/acme/switch/", REFRESH]


def test_wrong_password_raises_the_clients_login_failed_error(hub, register_on):
    with pytest.raises(Exception, match="Login failed with HTTP 400") as failure:
        register_on(hub, username="alice", password="not-her-password")

    assert "Unable to log in with provided credentials." in str(failure.value)
    assert [(r.path, r.status, r.user) for r in hub.requests] == [(LOGIN, 400, None)]


def test_unknown_user_fails_like_a_wrong_password(hub, register_on):
    with pytest.raises(Exception, match="Login failed with HTTP 400"):
        register_on(hub, username="mallory", password="whatever")


def test_login_to_an_org_one_is_not_member_of_fails(hub, client_for):
    with pytest.raises(Exception, match="You are not authorized or not a member of acme"):
        client_for(hub, "carol", org_name="acme")


def test_login_to_an_unknown_org_fails(hub, client_for):
    with pytest.raises(Exception, match="Organization nowhere is not found"):
        client_for(hub, "alice", org_name="nowhere")


def test_every_user_may_use_their_personal_org(hub, client_for):
    client = client_for(hub, "carol", org_name="carol")

    assert client.session.org_name == "carol"


def test_explicit_switch_to_an_org_one_is_not_member_of_fails(hub, client_for):
    client = client_for(hub, "carol")

    with pytest.raises(Exception, match="Not authorized to organization 'acme'"):
        client.switch_org("acme")


# -- personal keys ----------------------------------------------------------------------------


def test_personal_key_login_costs_a_key_login_and_a_refresh(hub, register_on):
    key_id, secret = hub.create_personal_key("bob")

    client = register_on(hub, personal_key_id=key_id, personal_key_secret=secret)

    assert client.session.api_token
    assert paths(hub) == [PKEY, REFRESH]
    assert hub.requests[0].user == "bob"


def test_personal_key_login_with_org(hub, register_on):
    key_id, secret = hub.create_personal_key("bob")

    client = register_on(hub, personal_key_id=key_id, personal_key_secret=secret, org_name="acme")

    assert client.session.org_name == "acme"
    assert paths(hub) == [PKEY, "/api/v2/o/acme/switch/", REFRESH]


def test_wrong_personal_key_secret_raises_the_clients_error(hub, register_on):
    key_id, _ = hub.create_personal_key("bob")

    with pytest.raises(Exception, match="Login failed with HTTP 401") as failure:
        register_on(hub, personal_key_id=key_id, personal_key_secret="wrong-secret")

    assert "Invalid personal key." in str(failure.value)


def test_unknown_personal_key_id_is_refused(hub, register_on):
    with pytest.raises(Exception, match="Login failed with HTTP 401"):
        register_on(hub, personal_key_id="NOSUCHKEY", personal_key_secret="secret")


# -- tokens -----------------------------------------------------------------------------------


def test_token_login_verifies_the_token_once(hub, register_on):
    client = register_on(hub, token=hub.issue_token("alice"))

    assert client.session.api_token
    assert [(r.path, r.status, r.user) for r in hub.requests] == [(VERIFY, 200, "alice")]


def test_token_login_without_verification_sends_nothing(hub, register_on):
    register_on(hub, token=hub.issue_token("alice"), verify_token=False)

    assert hub.requests == []


def test_token_login_with_org_switches_to_it(hub, register_on):
    client = register_on(hub, token=hub.issue_token("bob"), org_name="acme")

    assert client.session.org_name == "acme"
    assert paths(hub) == [VERIFY, "/api/v2/o/acme/switch/"]


def test_a_token_that_is_not_a_jwt_fails_verification(hub, register_on):
    with pytest.raises(ValueError, match="Provided token failed verification"):
        register_on(hub, token="not-a-jwt")

    assert [(r.path, r.status) for r in hub.requests] == [(VERIFY, 400)]


def test_an_expired_token_fails_verification(hub, register_on):
    with pytest.raises(ValueError, match="Provided token failed verification"):
        register_on(hub, token=hub.issue_token("alice", ttl=-1))


def test_a_token_signed_by_another_hub_fails_verification(hub, register_on):
    other = LocalHub(users={"alice": "alice-pw"})  # never started: it only signs a token
    try:
        foreign = other.issue_token("alice")
    finally:
        other.stop()

    with pytest.raises(ValueError, match="Provided token failed verification"):
        register_on(hub, token=foreign)
