"""The local hubs tests run against: their demo users, a clean slate per test, what a hub
recorded and holds, and the hub's sign-in forms posted as a browser posts them (the page first,
then the form with the page's hidden anti-forgery token)."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from graphistry_jupyter.hub import LocalHub, RequestRecord

# Local demo users and organization (not real credentials).
USERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"}
ORGS = {"acme": ["alice", "bob"]}

# The password of "sam", the sentinel hub's only user: no other test types it, so finding it
# anywhere a secret must not go is a leak.
SENTINEL_PASSWORD = "sentinel-password-5e1d7b"


@contextlib.contextmanager
def clean(hub: LocalHub) -> Iterator[LocalHub]:
    """``hub`` with no faults, no latency and no recorded requests, for the length of a test.

    Datasets accumulate across tests, so tests look theirs up by the id in the viewer URL.
    """
    hub.faults.clear()
    hub.latency_ms = 0
    hub.clear_requests()
    yield hub
    hub.faults.clear()
    hub.latency_ms = 0


def requests_to(
    hub: LocalHub, path: str = "*", *, method: str | None = None
) -> list[RequestRecord]:
    """The requests ``hub`` recorded to ``path`` (exact, or a prefix ending in ``*`` as faults
    match), in order; only those with ``method`` when it is given."""

    def wanted(record: RequestRecord) -> bool:
        if method is not None and record.method != method:
            return False
        if path.endswith("*"):
            return record.path.startswith(path[:-1])
        return record.path == path

    return [record for record in hub.requests if wanted(record)]


def viewer_prefix(hub: LocalHub) -> str:
    """The start of every viewer URL ``hub`` hands out (docs/contracts.md)."""
    return f"{hub.url}/graph/graph.html?dataset="


def dataset_id_of(viewer_url: str) -> str:
    """The ``dataset`` query parameter of a viewer URL."""
    values = parse_qs(urlsplit(viewer_url).query).get("dataset", [])
    assert len(values) == 1, f"no single dataset in {viewer_url}"
    return values[0]


def dataset_record(hub: LocalHub, dataset_id: str) -> dict[str, Any]:
    """The hub's record (owner, org, privacy, row counts) of the dataset ``dataset_id``."""
    found = [d for d in hub.datasets() if d["id"] == dataset_id]
    assert found, f"{hub.url} holds no dataset {dataset_id}"
    return found[0]


def dataset_on(hub: LocalHub, viewer_url: str) -> dict[str, Any]:
    """The hub's record (owner, org, privacy, row counts) of the dataset a viewer URL shows."""
    return dataset_record(hub, dataset_id_of(viewer_url))


def form_token(page: str) -> str:
    """The hidden anti-forgery token (``csrf``) of the form on a hub page's HTML."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no form with an anti-forgery token"
    return html.unescape(found.group(1))


def post_login_form(
    hub: LocalHub,
    username: str,
    password: str,
    *,
    next_path: str = "/",
    browser: requests.Session | None = None,
) -> requests.Response:
    """Open the hub's login page (``/login``) and submit it as ``browser`` would; the redirect
    back to ``next_path`` is returned, not followed."""
    browser = browser or requests.Session()
    token = form_token(browser.get(f"{hub.url}/login", timeout=10).text)
    return browser.post(
        f"{hub.url}/login",
        data={"username": username, "password": password, "next": next_path, "csrf": token},
        allow_redirects=False,
        timeout=10,
    )


def post_sso_sign_in(
    sign_in_url: str, username: str, password: str, *, browser: requests.Session | None = None
) -> requests.Response:
    """Open the hub's SSO sign-in page at ``sign_in_url`` (as the client printed it, with its
    ``state``) and submit it as ``browser`` would."""
    state = parse_qs(urlsplit(sign_in_url).query).get("state", [])
    assert len(state) == 1, f"no single SSO state in {sign_in_url}"
    browser = browser or requests.Session()
    token = form_token(browser.get(sign_in_url, timeout=10).text)
    return browser.post(
        sign_in_url.split("?")[0],
        data={"state": state[0], "username": username, "password": password, "csrf": token},
        timeout=10,
    )
