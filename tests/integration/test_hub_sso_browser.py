"""A pending SSO login is approved only from the browser that first opened its sign-in link:
someone else who learned the state (another local user, a shoulder) cannot approve it with their
own account and so log the notebook in as themselves."""

from __future__ import annotations

import re

import requests

from tests.support.hubs import form_token, post_sso_sign_in

SIGNIN_URL = re.compile(r"sign in: (http://\S+)")


def start_sso(register_on, hub, capsys):
    client = register_on(hub, is_sso_login=True, sso_timeout=None)
    printed = SIGNIN_URL.search(capsys.readouterr().out)
    assert printed, "the client printed no sign-in URL"
    return client, printed.group(1)


def test_another_browser_cannot_approve_a_pending_login_with_its_own_account(
    hub, register_on, capsys
):
    client, url = start_sso(register_on, hub, capsys)
    alices_browser = requests.Session()
    alices_page = alices_browser.get(url, timeout=10)
    assert alices_page.status_code == 200

    intruder = requests.Session()
    opened = intruder.get(url, timeout=10)
    state = url.split("state=")[1]
    # Even with a valid form token for this state (copied from alice's page):
    posted = intruder.post(
        url.split("?")[0],
        data={
            "state": state,
            "username": "bob",
            "password": "bob-pw",
            "csrf": form_token(alices_page.text),
        },
        timeout=10,
    )

    assert opened.status_code == 403
    assert "opened first in another browser" in opened.text
    assert posted.status_code == 403
    poll = requests.get(f"{hub.url}/api/v2/o/sso/oidc/jwt/{state}/", timeout=10)
    assert (poll.status_code, "Token not ready" in poll.text) == (400, True)
    # Alice's own browser still completes it, as alice.
    assert post_sso_sign_in(url, "alice", "alice-pw", browser=alices_browser).status_code == 200
    assert client.sso_get_token()
    assert client.session.org_name == "alice"


def test_the_browser_that_opened_the_link_can_open_it_again(hub, register_on, capsys):
    _, url = start_sso(register_on, hub, capsys)
    browser = requests.Session()

    assert browser.get(url, timeout=10).status_code == 200
    assert browser.get(url, timeout=10).status_code == 200
