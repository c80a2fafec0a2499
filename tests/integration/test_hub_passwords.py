"""``LocalHub.set_password``: the new password works, and everything the old one opened stops at
once: the real client's session token, refresh and verify (E3, E4), view grants and browser
sessions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import dataset_id_of, post_login_form

CREATE = "/api/v2/upload/datasets/"


@pytest.fixture
def own_hub() -> Iterator[LocalHub]:
    """A hub of its own: these tests change passwords."""
    with LocalHub(users={"alice": "old-pw", "bob": "bob-pw"}) as hub:
        yield hub


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_client_logged_in_before_the_change_gets_401_on_upload(own_hub, register_on):
    client = register_on(own_hub, username="alice", password="old-pw")
    token = client.session.api_token

    own_hub.set_password("alice", "new-pw")

    refused = requests.post(f"{own_hub.url}{CREATE}", json={}, headers=bearer(token), timeout=10)
    assert refused.status_code == 401
    assert "password changed" in refused.json()["message"]
    with pytest.raises(Exception, match="Login failed with HTTP 400"):
        # The client refreshes first, is refused, and logs in again with the old password.
        client.edges(EDGES, "src", "dst").plot(render=False)


def test_refresh_and_verify_refuse_a_token_issued_before_the_change(own_hub, register_on):
    client = register_on(own_hub, username="alice", password="old-pw")
    token = client.session.api_token

    own_hub.set_password("alice", "new-pw")

    assert client.verify_token(token) is False
    refreshed = requests.post(
        f"{own_hub.url}/api/v2/auth/token/refresh", json={"token": token}, timeout=10
    )
    assert "token" not in refreshed.json()
    assert "password changed" in refreshed.json()["non_field_errors"][0]


def test_the_new_password_logs_in_and_plots_and_the_old_one_is_refused(own_hub, register_on):
    own_hub.set_password("alice", "new-pw")

    client = register_on(own_hub, username="alice", password="new-pw")
    url = client.edges(EDGES, "src", "dst").plot(render=False)

    assert dataset_id_of(url) in {d["id"] for d in own_hub.datasets()}
    assert client.verify_token() is True
    with pytest.raises(Exception, match="Login failed with HTTP 400"):
        register_on(own_hub, username="alice", password="old-pw")


def test_other_users_keep_their_sessions(own_hub, register_on):
    bob = register_on(own_hub, username="bob", password="bob-pw")

    own_hub.set_password("alice", "new-pw")

    assert bob.verify_token() is True


def test_a_view_grant_issued_before_the_change_is_refused(own_hub, register_on):
    client = register_on(own_hub, username="alice", password="old-pw")
    dataset = dataset_id_of(client.edges(EDGES, "src", "dst").plot(render=False))
    grant = requests.post(
        f"{own_hub.url}/api/v2/datasets/{dataset}/view-grant",
        headers=bearer(client.session.api_token),
        timeout=10,
    ).json()["data"]["grant"]
    meta = f"{own_hub.url}/graph/api/datasets/{dataset}"
    assert requests.get(meta, headers=bearer(grant), timeout=10).status_code == 200

    own_hub.set_password("alice", "new-pw")

    refused = requests.get(meta, headers=bearer(grant), timeout=10)
    assert refused.status_code == 403
    assert "password changed" in refused.json()["detail"]


def test_browser_sessions_end_with_the_change(own_hub, register_on):
    client = register_on(own_hub, username="alice", password="old-pw")
    url = client.edges(EDGES, "src", "dst").plot(render=False)
    browser = requests.Session()
    assert post_login_form(own_hub, "alice", "old-pw", browser=browser).status_code == 303
    assert browser.get(url, timeout=10).status_code == 200

    own_hub.set_password("alice", "new-pw")

    assert browser.get(url, timeout=10).status_code == 403  # the page asks to sign in again


def test_setting_the_password_of_an_unknown_user_or_an_empty_one_fails(own_hub):
    with pytest.raises(ValueError, match="unknown user 'mallory'"):
        own_hub.set_password("mallory", "pw")
    with pytest.raises(ValueError, match="non-empty password"):
        own_hub.set_password("alice", "")
