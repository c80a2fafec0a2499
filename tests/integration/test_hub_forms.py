"""The hub's HTML forms (login and SSO sign-in) refuse forged posts: each carries a signed token
for itself in a hidden field (no cookie, so it works in a cross-site frame); a post without a
valid one, or that the browser says came from another site, gets a 400 page and logs nobody in.
Which replies may be framed, and by whom."""

from __future__ import annotations

import re

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import form_token, post_login_form

SIGNIN_URL = re.compile(r"sign in: (http://\S+)")
FORGED = "This form expired or did not come from this hub"


def login_post(hub: LocalHub, browser: requests.Session, **extra: str) -> requests.Response:
    data = {"username": "alice", "password": "alice-pw", "next": "/", **extra}
    return browser.post(f"{hub.url}/login", data=data, allow_redirects=False, timeout=10)


def has_session(hub: LocalHub, browser: requests.Session) -> bool:
    return "Signed in as" in browser.get(f"{hub.url}/", timeout=10).text


def test_the_login_form_carries_a_token_and_works_with_it(hub):
    browser = requests.Session()

    reply = post_login_form(hub, "alice", "alice-pw", browser=browser)

    assert reply.status_code == 303
    assert has_session(hub, browser)


@pytest.mark.parametrize(
    "token",
    [None, "", "garbage", "a.b.c", "x.1700000000.0000", "SSO"],
    ids=["none", "empty", "garbage", "three-parts", "bad-mac", "another-form"],
)
def test_a_login_post_without_a_valid_token_is_a_400_page_and_logs_nobody_in(hub, token):
    browser = requests.Session()
    if token == "SSO":  # a real token, of another form: a hub SSO sign-in page's
        token = form_token(requests.get(sso_sign_in_url(hub), timeout=10).text)
    extra = {} if token is None else {"csrf": token}

    reply = login_post(hub, browser, **extra)

    assert reply.status_code == 400
    assert FORGED in reply.text
    assert reply.cookies.get_dict() == {}
    assert not has_session(hub, browser)
    # The page comes back with a fresh form that works.
    retry = login_post(hub, browser, csrf=form_token(reply.text))
    assert retry.status_code == 303


def test_a_login_post_the_browser_says_came_from_another_site_is_refused(hub):
    browser = requests.Session()
    token = form_token(browser.get(f"{hub.url}/login", timeout=10).text)

    reply = browser.post(
        f"{hub.url}/login",
        data={"username": "alice", "password": "alice-pw", "csrf": token},
        headers={"Sec-Fetch-Site": "cross-site"},
        allow_redirects=False,
        timeout=10,
    )

    assert reply.status_code == 400
    assert FORGED in reply.text
    assert not has_session(hub, browser)


def sso_sign_in_url(hub: LocalHub, org: str | None = None) -> str:
    path = f"/api/v2/o/{org}/sso/oidc/login/" if org else "/api/v2/g/sso/oidc/login/"
    reply = requests.post(f"{hub.url}{path}", data={"client-type": "pygraphistry"}, timeout=10)
    url: str = reply.json()["data"]["auth_url"]
    return url


def test_the_sso_form_refuses_a_post_without_its_own_token(hub):
    url = sso_sign_in_url(hub)
    other_state = form_token(requests.get(sso_sign_in_url(hub), timeout=10).text)
    state = url.split("state=")[1]

    for token in (None, other_state):
        data = {"state": state, "username": "alice", "password": "alice-pw"}
        if token is not None:
            data["csrf"] = token
        reply = requests.post(f"{hub.url}/sso/signin", data=data, timeout=10)
        assert reply.status_code == 400
        assert FORGED in reply.text

    poll = requests.get(f"{hub.url}/api/v2/o/sso/oidc/jwt/{state}/", timeout=10)
    assert poll.json()["message"] == "Token not ready"


# -- framing ------------------------------------------------------------------------------------


def plot_url(hub: LocalHub, client_for) -> str:
    url: str = client_for(hub, "alice").edges(EDGES, "src", "dst").plot(render=False)
    return url


def test_pages_a_plot_frame_shows_may_be_framed_by_any_origin(hub, client_for):
    browser = requests.Session()
    framed = {
        "viewer (needs grant)": requests.get(plot_url(hub, client_for), timeout=10),
        "login page": browser.get(f"{hub.url}/login", timeout=10),
        "login refused": login_post(hub, browser),
        "sso sign-in page": requests.get(sso_sign_in_url(hub), timeout=10),
        "sso link expired": requests.get(f"{hub.url}/sso/signin?state=nope", timeout=10),
        "unknown dataset": requests.get(f"{hub.url}/graph/graph.html?dataset=nope", timeout=10),
    }
    post_login_form(hub, "alice", "alice-pw", browser=browser)
    framed["viewer"] = browser.get(plot_url(hub, client_for), timeout=10)

    for name, reply in framed.items():
        assert reply.headers["content-security-policy"] == "frame-ancestors *", name
        assert "x-frame-options" not in reply.headers, name


def test_everything_else_may_be_framed_by_nobody(hub, client_for):
    dataset = plot_url(hub, client_for).split("dataset=")[1].split("&")[0]
    token = {"Authorization": f"Bearer {hub.issue_token('alice')}"}
    not_framed = {
        "index": requests.get(f"{hub.url}/", timeout=10),
        "unknown page": requests.get(f"{hub.url}/nowhere", timeout=10),
        "login API": requests.post(f"{hub.url}/api-token-auth/", json={}, timeout=10),
        "lookup API": requests.get(
            f"{hub.url}/api/v2/upload/datasets/{dataset}", headers=token, timeout=10
        ),
        "viewer data": requests.get(f"{hub.url}/graph/api/datasets/{dataset}", timeout=10),
        "viewer script": requests.get(f"{hub.url}/graph/static/viewer.js", timeout=10),
    }

    for name, reply in not_framed.items():
        assert reply.headers["content-security-policy"] == "frame-ancestors 'none'", name
        assert reply.headers["x-frame-options"] == "DENY", name
        assert reply.headers["x-content-type-options"] == "nosniff", name


# -- no Sec-Fetch-Site (Chromium, to a hub reached by a non-loopback name over http): Origin -------


def login_with_origin(hub: LocalHub, browser: requests.Session, origin: str) -> requests.Response:
    token = form_token(browser.get(f"{hub.url}/login", timeout=10).text)
    return browser.post(
        f"{hub.url}/login",
        data={"username": "alice", "password": "alice-pw", "csrf": token},
        headers={"Origin": origin},
        allow_redirects=False,
        timeout=10,
    )


@pytest.mark.parametrize("origin", ["http://attacker.example", "null", "http://127.0.0.1:1"])
def test_without_sec_fetch_site_a_login_posted_from_another_origin_is_refused(hub, origin):
    browser = requests.Session()

    reply = login_with_origin(hub, browser, origin)

    assert reply.status_code == 400
    assert FORGED in reply.text
    assert not has_session(hub, browser)


def test_without_sec_fetch_site_a_login_from_the_hubs_own_origin_is_accepted(hub):
    browser = requests.Session()

    reply = login_with_origin(hub, browser, hub.url)

    assert reply.status_code == 303
    assert has_session(hub, browser)


def test_a_logout_posted_from_another_origin_leaves_the_session(hub):
    browser = requests.Session()
    assert login_with_origin(hub, browser, hub.url).status_code == 303

    for headers in ({"Origin": "http://attacker.example"}, {"Sec-Fetch-Site": "cross-site"}):
        refused = browser.post(
            f"{hub.url}/logout", headers=headers, allow_redirects=False, timeout=10
        )
        assert refused.status_code == 400
        assert has_session(hub, browser)

    done = browser.post(
        f"{hub.url}/logout", headers={"Origin": hub.url}, allow_redirects=False, timeout=10
    )
    assert done.status_code == 303
    assert not has_session(hub, browser)
