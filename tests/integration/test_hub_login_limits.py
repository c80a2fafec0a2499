"""Failed logins are limited: after ``login_attempts`` failures of one user (or four times as many
from one address) within ``login_window`` seconds, E1, E2 and the hub's HTML forms answer 429
with ``Retry-After`` and a sentence saying when to try again, without checking anything.
Successful logins are never limited. Each test has a hub of its own, with a small limit."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import USERS, form_token, post_login_form
from tests.support.waiting import wait_for

LOGIN = "/api-token-auth/"
RETRY_SENTENCE = re.compile(r"Too many failed logins for alice: try again in \d+ seconds?\.")

MakeHub = Callable[..., LocalHub]


@pytest.fixture
def limited_hub() -> Iterator[MakeHub]:
    """``limited_hub(**kwargs)``: a hub of the demo users, 2 failures allowed per user (8 per
    address) in a minute unless ``kwargs`` say otherwise; stopped after the test."""
    hubs: list[LocalHub] = []

    def make(**kwargs: object) -> LocalHub:
        options: dict[str, object] = {"login_attempts": 2, "login_window": 60.0, **kwargs}
        hub = LocalHub(users=USERS, **options).start()  # type: ignore[arg-type]
        hubs.append(hub)
        return hub

    yield make
    for hub in hubs:
        hub.stop()


def password_login(hub: LocalHub, user: str, password: str) -> requests.Response:
    body = {"username": user, "password": password}
    return requests.post(f"{hub.url}{LOGIN}", json=body, timeout=10)


def test_after_the_limit_even_the_right_password_waits(limited_hub):
    hub = limited_hub()
    assert password_login(hub, "alice", "wrong-1").status_code == 400
    assert password_login(hub, "alice", "wrong-2").status_code == 400

    refused = password_login(hub, "alice", "alice-pw")

    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert RETRY_SENTENCE.fullmatch(refused.json()["non_field_errors"][0])
    assert password_login(hub, "bob", "bob-pw").status_code == 200  # another user is not held


def test_the_real_client_reports_the_wait(limited_hub, register_on):
    hub = limited_hub()
    for attempt in range(2):
        with pytest.raises(Exception, match="HTTP 400"):
            register_on(hub, username="alice", password=f"wrong-{attempt}")

    with pytest.raises(Exception, match="Login failed with HTTP 429") as failure:
        register_on(hub, username="alice", password="alice-pw")

    assert RETRY_SENTENCE.search(str(failure.value))


def test_successful_logins_are_never_limited(limited_hub, client_for):
    hub = limited_hub()

    for _ in range(6):
        assert password_login(hub, "alice", "alice-pw").status_code == 200
    assert client_for(hub, "alice").session.api_token


def test_a_success_forgets_the_users_earlier_failures(limited_hub):
    hub = limited_hub()

    for _ in range(3):
        assert password_login(hub, "alice", "wrong").status_code == 400
        assert password_login(hub, "alice", "alice-pw").status_code == 200


def test_one_address_failing_for_many_users_is_held_too(limited_hub):
    hub = limited_hub()
    for n in range(8):  # 4 x login_attempts, each user failing only once
        assert password_login(hub, f"user{n}", "guess").status_code == 400

    refused = password_login(hub, "bob", "bob-pw")

    assert refused.status_code == 429
    assert "Too many failed logins from this machine" in refused.json()["detail"]


def test_a_local_spray_does_not_lock_out_a_user_who_logged_in_from_this_machine(limited_hub):
    hub = limited_hub()
    assert password_login(hub, "alice", "alice-pw").status_code == 200  # the kernel
    for n in range(8):  # another local process sprays other users
        assert password_login(hub, f"user{n}", "guess").status_code == 400

    assert password_login(hub, "bob", "bob-pw").status_code == 429
    assert password_login(hub, "alice", "alice-pw").status_code == 200


def test_personal_keys_are_limited_per_key(limited_hub, register_on):
    hub = limited_hub()
    key_id, secret = hub.create_personal_key("alice")
    for _ in range(2):
        with pytest.raises(Exception, match="HTTP 401"):
            register_on(hub, personal_key_id=key_id, personal_key_secret="wrong")

    with pytest.raises(Exception, match="Login failed with HTTP 429") as failure:
        register_on(hub, personal_key_id=key_id, personal_key_secret=secret)

    assert "Too many failed logins for this personal key" in str(failure.value)
    other_id, other_secret = hub.create_personal_key("alice")
    assert register_on(hub, personal_key_id=other_id, personal_key_secret=other_secret)


def test_the_login_form_is_limited_with_the_api_and_says_so(limited_hub):
    hub = limited_hub()
    assert password_login(hub, "alice", "wrong").status_code == 400
    assert post_login_form(hub, "alice", "wrong").status_code == 400

    refused = post_login_form(hub, "alice", "alice-pw")

    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert RETRY_SENTENCE.search(refused.text)
    assert 'role="alert"' in refused.text
    assert password_login(hub, "alice", "alice-pw").status_code == 429


def test_the_sso_form_is_limited(limited_hub):
    hub = limited_hub()
    start = requests.post(f"{hub.url}/api/v2/g/sso/oidc/login/", timeout=10).json()
    url = start["data"]["auth_url"]
    browser = requests.Session()

    def sign_in(password: str) -> requests.Response:
        token = form_token(browser.get(url, timeout=10).text)
        data = {"state": start["data"]["state"], "username": "alice", "password": password}
        return browser.post(url.split("?")[0], data={**data, "csrf": token}, timeout=10)

    assert [sign_in("wrong").status_code for _ in range(2)] == [400, 400]
    refused = sign_in("alice-pw")

    assert refused.status_code == 429
    assert RETRY_SENTENCE.search(refused.text)


def test_logins_work_again_once_the_window_has_passed(limited_hub):
    # Long enough that two refused logins and the third attempt fit in it on a loaded machine
    # (0.5 s did not); the wait below follows the window, whatever it is.
    hub = limited_hub(login_window=3.0)
    password_login(hub, "alice", "wrong")
    password_login(hub, "alice", "wrong")
    assert password_login(hub, "alice", "alice-pw").status_code == 429

    # Refused attempts are not checked, and do not count: once the failures age out, it works.
    wait_for(
        lambda: password_login(hub, "alice", "alice-pw").status_code == 200,
        "the failures to leave the window",
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"login_attempts": 0}, "login_attempts"), ({"login_window": 0}, "login_window")],
)
def test_limits_must_be_positive(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LocalHub(users=USERS, **kwargs)
