"""SSO through the real client: a person signs in on the hub's page, the client polls for the token.

pygraphistry 0.61.2 gives up on the first "not ready" poll (protocol section 2.5), so these tests
start SSO with ``sso_timeout=None`` and poll with ``sso_get_token()`` themselves, as the login
widget does; ``sso_auto_approve`` covers the unmodified blocking ``register()``.
"""

from __future__ import annotations

import re

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_on, post_sso_sign_in

SIGNIN_URL = re.compile(r"sign in: (http://\S+)")


def start_sso(register_on, hub, capsys, **kwargs):
    """Start SSO without blocking; returns the client and the sign-in URL it printed."""
    client = register_on(hub, is_sso_login=True, sso_timeout=None, **kwargs)
    printed = SIGNIN_URL.search(capsys.readouterr().out)
    assert printed, "the client printed no sign-in URL"
    return client, printed.group(1)


def test_site_wide_sso_completes_after_signing_in_on_the_hub(hub, register_on, capsys):
    client, url = start_sso(register_on, hub, capsys)
    assert url.startswith(f"{hub.url}/sso/signin?state=")

    signed_in = post_sso_sign_in(url, "alice", "alice-pw")
    token = client.sso_get_token()

    assert signed_in.status_code == 200
    assert "Signed in as alice" in signed_in.text
    assert token
    # No org asked: the client falls back to the JWT's username, the user's personal org.
    assert client.session.org_name == "alice"
    assert [(r.method, r.path, r.status) for r in hub.requests] == [
        ("POST", "/api/v2/g/sso/oidc/login/", 200),
        ("GET", "/sso/signin", 200),  # the person's browser opens the page
        ("POST", "/sso/signin", 200),  # and signs in
        ("GET", "/api/v2/o/sso/oidc/jwt/{state}/", 200),
        ("POST", "/api/v2/o/alice/switch/", 200),
    ]


def test_a_client_signed_in_by_sso_can_plot(hub, register_on, capsys):
    client, url = start_sso(register_on, hub, capsys)
    post_sso_sign_in(url, "alice", "alice-pw")
    client.sso_get_token()

    url = client.edges(EDGES, "src", "dst").plot(render=False)

    assert dataset_on(hub, url)["owner"] == "alice"


def test_org_sso_hands_out_the_org_it_was_started_for(hub, register_on, capsys):
    client, url = start_sso(register_on, hub, capsys, org_name="acme")

    post_sso_sign_in(url, "bob", "bob-pw")
    client.sso_get_token()

    assert client.session.org_name == "acme"
    assert hub.requests[0].path == "/api/v2/o/acme/sso/oidc/login/"


def test_org_sso_with_an_identity_provider_uses_its_start_url(hub, register_on, capsys):
    client, url = start_sso(register_on, hub, capsys, org_name="acme", idp_name="okta")

    post_sso_sign_in(url, "alice", "alice-pw")
    client.sso_get_token()

    assert client.session.org_name == "acme"
    assert hub.requests[0].path == "/api/v2/o/acme/sso/oidc/login/okta/"


def test_polling_before_anyone_signed_in_says_token_not_ready(hub, register_on, capsys):
    client, _ = start_sso(register_on, hub, capsys)

    with pytest.raises(Exception, match="Token not ready"):
        client.sso_get_token()

    assert hub.requests[-1].status == 400


def test_an_sso_state_is_redeemed_only_once(hub, register_on, capsys):
    client, url = start_sso(register_on, hub, capsys)
    post_sso_sign_in(url, "alice", "alice-pw")
    client.sso_get_token()

    with pytest.raises(Exception, match="SSO state already used"):
        client.sso_get_token()


def test_the_sign_in_page_is_a_labelled_form(hub, register_on, capsys):
    _, url = start_sso(register_on, hub, capsys)

    page = requests.get(url, timeout=10)

    assert page.status_code == 200
    for control in ('for="gj-username">Username', 'for="gj-password">Password', "Sign in</button>"):
        assert control in page.text


def test_the_sign_in_page_refuses_a_wrong_password_and_keeps_waiting(hub, register_on, capsys):
    client, url = start_sso(register_on, hub, capsys)

    refused = post_sso_sign_in(url, "alice", "wrong")

    assert refused.status_code == 400
    assert 'role="alert"' in refused.text
    with pytest.raises(Exception, match="Token not ready"):
        client.sso_get_token()


def test_the_sign_in_page_refuses_a_user_outside_the_org(hub, register_on, capsys):
    _, url = start_sso(register_on, hub, capsys, org_name="acme")

    refused = post_sso_sign_in(url, "carol", "carol-pw")

    assert refused.status_code == 403
    assert "carol is not a member of organization acme" in refused.text


def test_sso_for_an_unknown_org_is_refused_at_the_start(hub, register_on):
    with pytest.raises(Exception, match="Organization 'nowhere' not found"):
        register_on(hub, org_name="nowhere", sso_timeout=None)


def test_auto_approval_lets_the_unmodified_blocking_register_finish():
    # The client's own poll loop gives up at the first "not ready": auto-approval answers it.
    with LocalHub(users={"dana": "dana-pw"}, sso_auto_approve="dana", instruments=True) as hub:
        import graphistry

        client = graphistry.client().register(
            api=3, protocol=hub.protocol, server=hub.server, is_sso_login=True
        )

        assert client.session.api_token
        assert hub.requests[1].user == "dana"


@pytest.mark.parametrize(("org", "user"), [(None, "alice"), ("acme", "bob")])
def test_the_token_poll_reply_binds_an_organization_as_real_servers_do(hub, org, user):
    # pygraphistry 0.45-0.55 refuse a poll reply without active_organization ("SSO response
    # missing active organization"); 0.61.2 adopts its slug, the org it would fall back to.
    start = f"/api/v2/o/{org}/sso/oidc/login/" if org else "/api/v2/g/sso/oidc/login/"
    data = requests.post(f"{hub.url}{start}", timeout=10).json()["data"]
    post_sso_sign_in(data["auth_url"], user, USERS[user])

    reply = requests.get(f"{hub.url}/api/v2/o/sso/oidc/jwt/{data['state']}/", timeout=10).json()

    assert reply["status"] == "OK"
    assert reply["data"]["active_organization"] == {
        "slug": org or user,  # site-wide: the user's personal organization
        "is_found": True,
        "is_member": True,
    }
