"""graph.html without a browser session that may view the dataset: the viewer page in "needs
grant" mode (docs/single-sign-in.md), which names nothing of the dataset but its id."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_id_of, post_login_form


def plot_url(client: Any, privacy: str, name: str) -> str:
    client.privacy(mode=privacy)
    url: str = client.edges(EDGES, "src", "dst").name(name).plot(render=False)
    return url


def config_of(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="gj-viewer-config" type="application/json">(.*?)</script>', page)
    assert found, "no viewer config in the page"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def signed_in(hub: LocalHub, user: str) -> requests.Session:
    browser = requests.Session()
    assert post_login_form(hub, user, USERS[user], browser=browser).status_code == 303
    return browser


@pytest.fixture
def alice(hub: LocalHub, client_for: Any) -> Any:
    return client_for(hub, "alice", org_name="acme")


@pytest.mark.parametrize("privacy", ["private", "organization"])
def test_without_a_session_the_page_configures_the_viewer_and_names_nothing_else(
    hub, alice, privacy
):
    url = plot_url(alice, privacy, "Quarterly secrets")
    dataset = dataset_id_of(url)
    here = url.split(hub.url, 1)[1]

    page = requests.get(url, timeout=10)

    assert page.status_code == 403
    for secret in ("Quarterly secrets", "alice", "acme"):
        assert secret not in page.text
    base = f"api/datasets/{dataset}"  # relative to the page, as every URL of the hub's pages
    assert config_of(page.text) == {
        "dataset": dataset,
        "meta": base,
        "edges": f"{base}/edges.arrow",
        "nodes": f"{base}/nodes.arrow",
        "login": f"../login?next={quote(here, safe='')}",
        "needs_grant": True,
    }
    assert '<script type="module" src="static/viewer.js"></script>' in page.text


def test_in_a_frame_the_page_waiting_for_its_grant_is_a_normal_page(hub, alice):
    url = plot_url(alice, "private", "Framed")
    # What a browser sends for a frame's page (Fetch Metadata): the notebook's plot frame.
    framed = requests.get(url, headers={"Sec-Fetch-Dest": "iframe"}, timeout=10)
    alone = requests.get(url, headers={"Sec-Fetch-Dest": "document"}, timeout=10)

    assert framed.status_code == 200
    assert alone.status_code == 403
    assert config_of(framed.text) == config_of(alone.text)
    assert 'data-state="loading"' in framed.text
    assert "Framed" not in framed.text


def test_the_sign_in_message_waits_hidden_in_the_page(hub, alice):
    page = requests.get(plot_url(alice, "private", "Hidden"), timeout=10)

    section = re.search(
        r'<section class="gj-page" id="gj-signin" hidden>(.*?)</section>', page.text, re.S
    )
    assert section, "no hidden sign-in section"
    assert "Log in to view this graph" in section.group(1)
    assert "This graph is private. Log in to this hub to view it." in section.group(1)
    assert 'data-state="loading"' in page.text


def test_signed_in_as_someone_else_the_page_also_waits_for_a_grant(hub, alice):
    page = signed_in(hub, "carol").get(plot_url(alice, "private", "Not carols"), timeout=10)

    assert page.status_code == 403
    assert config_of(page.text)["needs_grant"] is True
    assert "signed in as carol, who may not view this graph" in page.text
    assert "Not carols" not in page.text


def test_a_session_that_may_view_keeps_todays_page(hub, alice):
    page = signed_in(hub, "alice").get(plot_url(alice, "private", "Alices"), timeout=10)

    assert page.status_code == 200
    assert "needs_grant" not in config_of(page.text)
    assert "Alices" in page.text


def test_viewer_pages_send_no_referer_and_may_be_framed_by_any_notebook(hub, alice):
    for url in (plot_url(alice, "private", "P"), plot_url(alice, "public", "Q")):
        page = requests.get(url, timeout=10)

        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["content-security-policy"] == "frame-ancestors *"
        assert "x-frame-options" not in page.headers


def test_an_unknown_dataset_is_still_a_404_page(hub):
    page = requests.get(f"{hub.url}/graph/graph.html?dataset={'f' * 32}", timeout=10)

    assert page.status_code == 404
    assert "gj-viewer-config" not in page.text


def prefetched(page: str) -> list[str] | None:
    """The data URLs a viewer page starts fetching before its script runs (None: no early fetch)."""
    found = re.search(r"<script>\(function\(\)\{var p=\{\};(\[.*?\])\.forEach", page)
    if found is None:
        return None
    urls: list[str] = json.loads(found.group(1))
    return urls


def test_only_a_page_that_needs_no_grant_fetches_its_data_early(hub, alice):
    """The early fetch carries no grant (one arrives later, by postMessage), so a page that needs
    one starts none; a public page, or one this browser's session may view, fetches its meta and
    tables while its script loads."""
    public = plot_url(alice, "public", "Open data")
    private = plot_url(alice, "private", "Closed data")
    base = f"api/datasets/{dataset_id_of(public)}"

    # Edges only: the meta and the edges, no nodes table to fetch.
    assert prefetched(requests.get(public, timeout=10).text) == [base, f"{base}/edges.arrow"]
    assert prefetched(requests.get(private, timeout=10).text) is None
    owner_page = signed_in(hub, "alice").get(private, timeout=10)
    assert owner_page.status_code == 200
    own = f"api/datasets/{dataset_id_of(private)}"
    assert prefetched(owner_page.text) == [own, f"{own}/edges.arrow"]
