"""View grants over HTTP (docs/single-sign-in.md): the unmodified client logs in and uploads,
its session token is exchanged for a grant, and the viewer's data endpoints accept that grant for
its one dataset, and refuse everything that only looks like one."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pyarrow as pa
import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.hub.auth.grants import GRANT_USED
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import USERS, dataset_id_of, post_login_form
from tests.support.waiting import wait_for


def plot(client: Any, privacy: str, name: str = "Grant test", nodes: bool = False) -> str:
    """Uploads a small graph with ``privacy``; returns its dataset id."""
    client.privacy(mode=privacy)
    g = client.edges(EDGES, "src", "dst").name(name)
    if nodes:
        g = g.nodes(NODES, "id")
    return dataset_id_of(g.plot(render=False))


def ask_grant(hub: LocalHub, dataset_id: str, token: str | None) -> requests.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    url = f"{hub.url}/api/v2/datasets/{dataset_id}/view-grant"
    return requests.post(url, headers=headers, json={}, timeout=10)


def grant_of(hub: LocalHub, client: Any, dataset_id: str) -> str:
    reply = ask_grant(hub, dataset_id, client.api_token())
    assert reply.status_code == 200, reply.text
    grant: str = reply.json()["data"]["grant"]
    return grant


def view(hub: LocalHub, dataset_id: str, grant: str | None, part: str = "") -> requests.Response:
    """GET the viewer's meta (``part=""``) or a table endpoint with ``grant`` as Bearer."""
    headers = {} if grant is None else {"Authorization": f"Bearer {grant}"}
    url = f"{hub.url}/graph/api/datasets/{dataset_id}{part}"
    return requests.get(url, headers=headers, timeout=10)


@pytest.fixture
def alice(hub: LocalHub, client_for: Any) -> Any:
    return client_for(hub, "alice", org_name="acme")


# -- the grant endpoint ---------------------------------------------------------------------


def test_a_grant_reply_names_its_dataset_and_expiry_and_is_not_cached(hub, alice):
    dataset = plot(alice, "private")
    before = time.time()

    reply = ask_grant(hub, dataset, alice.api_token())

    assert reply.status_code == 200
    assert reply.headers["cache-control"] == "no-store"
    body = reply.json()
    assert body["success"] is True
    assert set(body["data"]) == {"grant", "dataset_id", "expires_at"}
    assert body["data"]["dataset_id"] == dataset
    assert isinstance(body["data"]["expires_at"], int)
    assert before + 290 <= body["data"]["expires_at"] <= time.time() + 301


@pytest.mark.parametrize(
    ("privacy", "asker", "status"),
    [
        ("private", "alice", 200),
        ("private", "bob", 403),
        ("organization", "bob", 200),
        ("organization", "carol", 403),
        ("public", "carol", 200),
    ],
)
def test_the_endpoint_grants_exactly_what_the_viewer_rule_allows(
    hub, alice, client_for, privacy, asker, status
):
    dataset = plot(alice, privacy)
    token = client_for(hub, asker).api_token()

    reply = ask_grant(hub, dataset, token)

    assert reply.status_code == status
    assert reply.json()["success"] is (status == 200)


def test_an_unknown_dataset_is_a_404_naming_it(hub, alice):
    reply = ask_grant(hub, "0" * 32, alice.api_token())

    assert reply.status_code == 404
    assert reply.json() == {"success": False, "message": f"No dataset {'0' * 32} on this hub"}


@pytest.mark.parametrize("token", [None, "", "not-a-jwt", "a.b.c"])
def test_no_or_a_bad_session_token_is_a_401(hub, alice, token):
    reply = ask_grant(hub, plot(alice, "private"), token)

    assert reply.status_code == 401
    assert reply.json()["success"] is False


def test_an_expired_session_token_is_a_401_with_the_clients_wording(hub, alice):
    reply = ask_grant(hub, plot(alice, "private"), hub.issue_token("alice", ttl=-1))

    assert reply.status_code == 401
    assert reply.json() == {"success": False, "message": "Token has expired."}


def test_another_hubs_session_token_is_a_401(hub, staging_hub, alice, client_for):
    foreign = client_for(staging_hub, "alice").api_token()

    assert ask_grant(hub, plot(alice, "private"), foreign).status_code == 401


# -- what a grant opens ---------------------------------------------------------------------


def test_a_grant_opens_its_datasets_meta_and_tables(hub, alice):
    dataset = plot(alice, "private", name="Granted", nodes=True)
    grant = grant_of(hub, alice, dataset)

    meta = view(hub, dataset, grant)
    edges = view(hub, dataset, grant, "/edges.arrow")
    nodes = view(hub, dataset, grant, "/nodes.arrow")

    assert (meta.status_code, edges.status_code, nodes.status_code) == (200, 200, 200)
    assert (meta.json()["name"], meta.json()["owner"]) == ("Granted", "alice")
    assert pa.ipc.open_stream(edges.content).read_all().to_pydict() == EDGES.to_dict("list")
    assert view(hub, dataset, None).status_code == 403  # the same request without it


def test_an_organization_members_grant_opens_an_organization_dataset(hub, alice, client_for):
    dataset = plot(alice, "organization")
    bob = client_for(hub, "bob")

    assert view(hub, dataset, grant_of(hub, bob, dataset)).status_code == 200


def test_a_grant_never_opens_another_dataset_of_its_user_or_of_anyone_else(hub, alice, client_for):
    first, second = plot(alice, "private"), plot(alice, "private")
    bobs = plot(client_for(hub, "bob"), "private")
    grant = grant_of(hub, alice, first)

    for other in (second, bobs):
        for part in ("", "/edges.arrow"):
            reply = view(hub, other, grant, part)
            assert reply.status_code == 403
            assert reply.json()["detail"] == "View grant refused: Grant is for another dataset."


def test_a_grant_stops_working_once_it_expired(client_for):
    with LocalHub(users=USERS, grant_ttl=0.5) as short:
        client = client_for(short, "alice")
        dataset = plot(client, "private")
        grant = grant_of(short, client, dataset)

        wait_for(lambda: view(short, dataset, grant).status_code == 403, "the grant to expire")

        assert (
            view(short, dataset, grant).json()["detail"] == "View grant refused: Grant has expired."
        )


def test_a_grant_stops_working_when_its_user_may_no_longer_view(hub, alice, client_for):
    dataset = plot(alice, "organization")
    grant = grant_of(hub, client_for(hub, "bob"), dataset)
    share = requests.post(
        f"{hub.url}/api/v2/share/link/",
        headers={"Authorization": f"Bearer {alice.api_token()}"},
        json={"obj_pk": dataset, "obj_type": "dataset", "mode": "private"},
        timeout=10,
    )
    assert share.status_code == 200

    reply = view(hub, dataset, grant)

    assert reply.status_code == 403
    assert reply.json()["detail"] == "View grant refused: bob may no longer view this dataset."


def test_a_grant_works_beside_another_users_session_cookie(hub, alice):
    dataset = plot(alice, "private")
    grant = grant_of(hub, alice, dataset)
    carol = requests.Session()
    assert post_login_form(hub, "carol", USERS["carol"], browser=carol).status_code == 303

    reply = carol.get(
        f"{hub.url}/graph/api/datasets/{dataset}",
        headers={"Authorization": f"Bearer {grant}"},
        timeout=10,
    )

    assert reply.status_code == 200


# -- what only looks like a grant -----------------------------------------------------------


def forgeries(hub: LocalHub, staging_hub: LocalHub, alice: Any, client_for: Any, dataset: str):
    """Credentials that must never open ``dataset``: by name."""
    real = grant_of(hub, alice, dataset)
    claims = jwt.decode(real, options={"verify_signature": False})
    staging_alice = client_for(staging_hub, "alice")
    return {
        "another hub's grant": grant_of(staging_hub, staging_alice, plot(staging_alice, "private")),
        "alg none": jwt.encode(claims, None, algorithm="none"),
        "re-signed with a guessed key": jwt.encode(claims, "k" * 32, algorithm="HS256"),
        "a session token": alice.api_token(),
        "garbage": "a.b.c",
        "not a jwt": "not-a-jwt",
    }


def test_forged_grants_are_refused_with_a_403_never_a_5xx(hub, staging_hub, alice, client_for):
    dataset = plot(alice, "private")

    for name, forged in forgeries(hub, staging_hub, alice, client_for, dataset).items():
        for part in ("", "/edges.arrow"):
            reply = view(hub, dataset, forged, part)
            assert reply.status_code == 403, f"{name}: {reply.status_code} {reply.text}"
            assert reply.json()["detail"].startswith("View grant refused"), name


def test_a_grant_is_not_a_session_token_anywhere_in_the_api(hub, alice):
    dataset = plot(alice, "private")
    auth = {"Authorization": f"Bearer {grant_of(hub, alice, dataset)}"}

    create = requests.post(f"{hub.url}/api/v2/upload/datasets/", headers=auth, json={}, timeout=10)
    lookup = requests.get(f"{hub.url}/api/v2/upload/datasets/{dataset}", headers=auth, timeout=10)
    regrant = requests.post(
        f"{hub.url}/api/v2/datasets/{dataset}/view-grant", headers=auth, timeout=10
    )
    switch = requests.post(f"{hub.url}/api/v2/o/acme/switch/", headers=auth, timeout=10)

    assert [r.status_code for r in (create, lookup, regrant, switch)] == [401, 401, 401, 401]


# -- records and the page -------------------------------------------------------------------


def test_grants_never_appear_in_the_recorded_requests(hub, alice):
    dataset = plot(alice, "private")
    hub.clear_requests()
    grant = grant_of(hub, alice, dataset)
    view(hub, dataset, grant)
    view(hub, dataset, grant, "/edges.arrow")

    records = [(r.method, r.path, r.status, r.user) for r in hub.requests]
    assert records == [
        ("POST", f"/api/v2/datasets/{dataset}/view-grant", 200, "alice"),
        ("GET", f"/graph/api/datasets/{dataset}", 200, "alice"),
        ("GET", f"/graph/api/datasets/{dataset}/edges.arrow", 200, "alice"),
    ]
    assert not any(grant in repr(r) for r in hub.requests)


def test_every_refusal_of_the_endpoint_is_json_with_success_so_clients_know_it_exists(hub, alice):
    dataset = plot(alice, "private")
    replies = [
        ask_grant(hub, dataset, None),
        ask_grant(hub, "0" * 32, alice.api_token()),
        requests.get(f"{hub.url}/api/v2/datasets/{dataset}/view-grant", timeout=10),
    ]

    assert [r.status_code for r in replies] == [401, 404, 405]
    assert all(r.json()["success"] is False for r in replies)


# -- redeeming a grant that travelled in an address ----------------------------------------


def redeem(
    hub: LocalHub, dataset_id: str, grant: str | None, browser: requests.Session | None = None
) -> requests.Response:
    headers = {} if grant is None else {"Authorization": f"Bearer {grant}"}
    url = f"{hub.url}/graph/api/datasets/{dataset_id}/redeem"
    return (browser or requests.Session()).post(url, headers=headers, timeout=10)


def test_a_redeemed_grant_gives_a_fresh_one_and_opens_nothing_any_more(hub, alice):
    dataset = plot(alice, "private")
    grant = grant_of(hub, alice, dataset)

    reply = redeem(hub, dataset, grant)

    assert reply.status_code == 200, reply.text
    assert reply.headers["cache-control"] == "no-store"
    body = reply.json()
    assert set(body) == {"grant", "dataset_id", "expires_at"}
    assert body["dataset_id"] == dataset
    assert body["grant"] != grant
    assert view(hub, dataset, body["grant"]).status_code == 200
    used = {"detail": f"View grant refused: {GRANT_USED}"}
    for replay in (redeem(hub, dataset, grant), view(hub, dataset, grant, "/edges.arrow")):
        assert (replay.status_code, replay.json()) == (403, used)


def test_only_a_valid_grant_of_the_dataset_is_redeemed_and_a_browser_session_is_no_grant(
    hub, alice, client_for
):
    dataset = plot(alice, "private")
    other = plot(alice, "private", "Other")
    signed_in = requests.Session()
    assert post_login_form(hub, "alice", USERS["alice"], browser=signed_in).status_code == 303

    assert redeem(hub, dataset, None, signed_in).json() == {
        "detail": "View grant refused: No grant was sent."
    }
    assert redeem(hub, dataset, grant_of(hub, alice, other)).json() == {
        "detail": "View grant refused: Grant is for another dataset."
    }
    assert redeem(hub, dataset, "forged.grant.value").status_code == 403
    assert redeem(hub, "0" * 32, grant_of(hub, alice, dataset)).status_code == 404
    # The refusals spent nothing: the grant still redeems, once.
    grant = grant_of(hub, alice, dataset)
    assert redeem(hub, dataset, grant).status_code == 200


def test_a_grant_is_not_redeemed_once_its_user_may_no_longer_view(hub, alice):
    dataset = plot(alice, "public")
    grant = grant_of(hub, alice, dataset)
    hub.set_password("alice", "changed-pw")
    try:
        reply = redeem(hub, dataset, grant)
    finally:
        hub.set_password("alice", USERS["alice"])
    assert (reply.status_code, reply.json()["detail"]) == (
        403,
        "View grant refused: The grant was revoked: its user's password changed since.",
    )
