"""The viewer URL the client returns, over plain HTTP: 200, 403 or 404 as the dataset's privacy
and the browser session demand, its data endpoints, and the hub's login page."""

from __future__ import annotations

import json
import re
import uuid
from urllib.parse import quote, urljoin

import pyarrow as pa
import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import USERS, dataset_id_of, post_login_form


def plot(client, privacy: str | None, nodes: bool = False) -> str:
    if privacy is not None:
        client.privacy(mode=privacy)
    g = client.edges(EDGES, "src", "dst").name("Viewer test")
    if nodes:
        g = g.nodes(NODES, "id").bind(point_color="color")
    return g.plot(render=False)


def browser_of(hub: LocalHub, user: str | None) -> requests.Session:
    """A cookie jar that logged in on the hub's login page as ``user`` (None: no session)."""
    session = requests.Session()
    if user is not None:
        reply = post_login_form(hub, user, USERS[user], browser=session)
        assert reply.status_code == 303
    return session


def config_of(page: str) -> dict[str, object]:
    found = re.search(r'<script id="gj-viewer-config" type="application/json">(.*?)</script>', page)
    assert found, "no viewer config in the page"
    return json.loads(found.group(1))


@pytest.fixture
def alice_in_acme(hub, client_for):
    return client_for(hub, "alice", org_name="acme")


# -- who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("privacy", "viewer", "status"),
    [
        ("public", None, 200),
        ("public", "carol", 200),
        ("organization", None, 403),
        ("organization", "alice", 200),
        ("organization", "bob", 200),
        ("organization", "carol", 403),
        ("private", None, 403),
        ("private", "alice", 200),
        ("private", "bob", 403),
    ],
)
def test_the_viewer_follows_the_datasets_privacy(hub, alice_in_acme, privacy, viewer, status):
    url = plot(alice_in_acme, privacy)
    ident = dataset_id_of(url)
    browser = browser_of(hub, viewer)

    page = browser.get(url, timeout=10)
    meta = browser.get(f"{hub.url}/graph/api/datasets/{ident}", timeout=10)
    edges = browser.get(f"{hub.url}/graph/api/datasets/{ident}/edges.arrow", timeout=10)

    assert (page.status_code, meta.status_code, edges.status_code) == (status, status, status)


def test_without_a_session_the_403_page_links_to_login_and_back(hub, alice_in_acme):
    url = plot(alice_in_acme, "private")
    here = url.split(hub.url, 1)[1]

    page = requests.get(url, timeout=10)

    assert page.status_code == 403
    assert "This graph is private" in page.text
    # Relative to the page (/graph/graph.html), so that it also works under a path prefix.
    assert f'href="../login?next={quote(here, safe="")}"' in page.text.replace("&amp;", "&")
    # The page waits for a grant (single sign-in) and tells nothing of the dataset itself.
    assert config_of(page.text)["needs_grant"] is True
    assert "Viewer test" not in page.text
    assert "alice" not in page.text


def test_a_signed_in_user_without_rights_is_told_so(hub, alice_in_acme):
    page = browser_of(hub, "carol").get(plot(alice_in_acme, "organization"), timeout=10)

    assert page.status_code == 403
    assert "signed in as carol, who may not view this graph" in page.text


def test_an_unknown_dataset_is_a_clear_404(hub):
    ident = uuid.uuid4().hex

    page = requests.get(f"{hub.url}/graph/graph.html?dataset={ident}&type=arrow", timeout=10)

    assert page.status_code == 404
    assert f"No dataset {ident} on this hub" in page.text


def test_the_viewer_records_the_session_user(hub, alice_in_acme):
    url = plot(alice_in_acme, "private")
    hub.clear_requests()

    browser_of(hub, "alice").get(url, timeout=10)

    assert [(r.path, r.status, r.user) for r in hub.requests] == [
        ("/login", 200, None),  # the login page
        ("/login", 303, "alice"),  # its form
        ("/graph/graph.html", 200, "alice"),
    ]


# -- what the page and its endpoints carry ---------------------------------------------------


def test_the_page_names_the_dataset_and_owner_and_configures_the_viewer(hub, alice_in_acme):
    url = plot(alice_in_acme, "public")
    ident = dataset_id_of(url)

    page = requests.get(url, timeout=10)

    assert page.headers["content-type"].startswith("text/html")
    assert "Viewer test" in page.text
    assert "alice" in page.text
    assert 'data-state="loading"' in page.text
    assert '<script type="module" src="static/viewer.js"></script>' in page.text
    base = f"api/datasets/{ident}"  # relative to the page, as every URL of the hub's pages
    assert config_of(page.text) == {
        "dataset": ident,
        "meta": base,
        "edges": f"{base}/edges.arrow",
        "nodes": None,
    }


def test_the_page_can_be_framed_by_any_notebook(hub, alice_in_acme):
    page = requests.get(plot(alice_in_acme, "public"), timeout=10)

    assert "x-frame-options" not in page.headers
    assert page.headers["content-security-policy"] == "frame-ancestors *"


def test_meta_carries_owner_privacy_counts_and_bindings(hub, alice_in_acme):
    ident = dataset_id_of(plot(alice_in_acme, "public", nodes=True))

    meta = requests.get(f"{hub.url}/graph/api/datasets/{ident}", timeout=10).json()

    assert {k: meta[k] for k in ("id", "name", "owner", "org", "privacy", "edges", "nodes")} == {
        "id": ident,
        "name": "Viewer test",
        "owner": "alice",
        "org": "acme",
        "privacy": "public",
        "edges": 3,
        "nodes": 3,
    }
    assert meta["edge_encodings"]["bindings"] == {"source": "src", "destination": "dst"}
    assert meta["node_encodings"]["bindings"]["node_color"] == "color"
    assert meta["metadata"]["agent"] == "pygraphistry"


def test_tables_are_served_as_arrow_streams_of_what_was_uploaded(hub, alice_in_acme):
    url = plot(alice_in_acme, "public", nodes=True)
    config = config_of(requests.get(url, timeout=10).text)

    edges = requests.get(urljoin(url, str(config["edges"])), timeout=10)
    nodes = requests.get(urljoin(url, str(config["nodes"])), timeout=10)

    assert edges.headers["content-type"] == "application/vnd.apache.arrow.stream"
    assert pa.ipc.open_stream(edges.content).read_all().to_pydict() == EDGES.to_dict("list")
    assert pa.ipc.open_stream(nodes.content).read_all().to_pydict() == NODES.to_dict("list")


def test_the_nodes_endpoint_of_an_edges_only_dataset_is_not_found(hub, alice_in_acme):
    ident = dataset_id_of(plot(alice_in_acme, "public"))

    reply = requests.get(f"{hub.url}/graph/api/datasets/{ident}/nodes.arrow", timeout=10)

    assert reply.status_code == 404


def test_the_viewer_script_is_served_from_the_package(hub):
    reply = requests.get(f"{hub.url}/graph/static/viewer.js", timeout=10)

    assert reply.status_code == 200, "build the front end first: npm run build in js/"
    assert "javascript" in reply.headers["content-type"]


# -- the login page ---------------------------------------------------------------------------


def test_login_page_is_a_labelled_form(hub):
    page = requests.get(f"{hub.url}/login?next=/graph/graph.html%3Fdataset%3Dx", timeout=10)

    assert page.status_code == 200
    for control in ('for="gj-username">Username', 'for="gj-password">Password', "Log in</button>"):
        assert control in page.text
    assert 'name="next" value="/graph/graph.html?dataset=x"' in page.text


def test_logging_in_sets_an_httponly_lax_cookie_and_goes_back(hub):
    reply = post_login_form(hub, "bob", "bob-pw", next_path="/graph/graph.html?dataset=x")

    assert reply.status_code == 303
    # Relative to /login, so that it stays under any prefix the hub is served under.
    assert reply.headers["location"] == "./graph/graph.html?dataset=x"
    cookie = reply.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "bob-pw" not in cookie


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_login_never_redirects_off_the_hub(hub, target):
    reply = post_login_form(hub, "bob", "bob-pw", next_path=target)

    assert reply.headers["location"] == "./"


def test_a_wrong_password_on_the_login_page_shows_an_alert(hub):
    reply = post_login_form(hub, "bob", "nope")

    assert reply.status_code == 400
    assert '<p role="alert">Wrong username or password.</p>' in reply.text
    assert "set-cookie" not in reply.headers


def test_logging_out_ends_the_session(hub, alice_in_acme):
    url = plot(alice_in_acme, "private")
    browser = browser_of(hub, "alice")

    browser.post(f"{hub.url}/logout", timeout=10)

    assert browser.get(url, timeout=10).status_code == 403


def test_two_hubs_on_one_host_use_different_cookies(hub):
    # Cookies ignore ports: a session on one hub must not be mistaken for one on another.
    with LocalHub(users={"alice": "alice-pw"}) as other:
        first = browser_of(hub, "alice")
        second = browser_of(other, "alice")

        assert set(first.cookies.keys()).isdisjoint(second.cookies.keys())
