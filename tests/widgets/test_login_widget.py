"""The login form, driven the way its view drives it (custom messages), against real local hubs."""

from __future__ import annotations

import socket
import time

import pytest
import requests
from graphistry.pygraphistry import PyGraphistry

import graphistry_jupyter
from graphistry_jupyter import LoginError, LoginWidget, logins
from graphistry_jupyter.hub import LocalHub
from tests.support.comm import CommLog, send_from_view, send_login_form
from tests.support.hubs import post_sso_sign_in, requests_to
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


def test_password_login_from_the_form_logs_in_this_widgets_own_client(hub: LocalHub) -> None:
    prod = login_widget(hub)
    send_login_form(prod, method="password", username="alice", password="alice-pw")

    wait_for(lambda: prod.status == "logged_in", "the form to log in")
    assert prod.username == "alice"
    assert prod.error == ""
    assert prod.expires_at > time.time() + 3600
    assert prod.client.api_token()
    assert prod.client is not PyGraphistry
    assert PyGraphistry.session.api_token is None


def test_login_with_an_organization_leaves_the_global_graphistry_session_untouched(
    hub: LocalHub,
) -> None:
    before = (PyGraphistry.session.org_name, PyGraphistry.session._last_switched_org_token)
    prod = login_widget(hub, org="acme")

    prod.login(username="alice", password="alice-pw")

    assert prod.status == "logged_in"
    assert prod.org == "acme"
    assert prod.client.session.org_name == "acme"
    after = (PyGraphistry.session.org_name, PyGraphistry.session._last_switched_org_token)
    assert after == before


def test_wrong_password_shows_an_actionable_error_and_the_form_stays_usable(
    hub: LocalHub,
) -> None:
    prod = login_widget(hub)
    send_login_form(prod, method="password", username="alice", password="not-it")

    wait_for(lambda: prod.status == "error", "the failed login to be reported")
    assert prod.error == f"Wrong username or password for {hub.server}."

    send_login_form(prod, method="password", username="alice", password="alice-pw")
    wait_for(lambda: prod.status == "logged_in", "the second attempt to log in")
    assert prod.error == ""


def test_programmatic_login_raises_login_error_with_the_same_message(hub: LocalHub) -> None:
    prod = login_widget(hub)
    with pytest.raises(LoginError, match="Wrong username or password"):
        prod.login(username="alice", password="not-it")
    assert prod.status == "error"


def test_personal_key_login(hub: LocalHub) -> None:
    key_id, secret = hub.create_personal_key("bob")
    prod = login_widget(hub)
    send_login_form(prod, method="personal_key", personal_key_id=key_id, personal_key_secret=secret)

    wait_for(lambda: prod.status == "logged_in", "the personal key login")
    assert prod.username == "bob"


def test_wrong_personal_key_secret_says_so(hub: LocalHub) -> None:
    key_id, _secret = hub.create_personal_key("bob")
    prod = login_widget(hub)
    with pytest.raises(LoginError, match="rejected the personal key"):
        prod.login(personal_key_id=key_id, personal_key_secret="wrong")


def test_token_login_and_a_rejected_token(hub: LocalHub) -> None:
    prod = login_widget(hub)
    prod.login(token=hub.issue_token("carol"))
    assert (prod.status, prod.username) == ("logged_in", "carol")

    other = login_widget(hub, label="other")
    with pytest.raises(LoginError, match="rejected the token"):
        other.login(token="not-a-token-this-hub-issued")


def test_not_a_member_of_the_organization(hub: LocalHub) -> None:
    prod = login_widget(hub, org="acme")
    with pytest.raises(LoginError, match="not a member of organization 'acme'"):
        prod.login(username="carol", password="carol-pw")
    assert PyGraphistry.session.org_name is None


def test_unknown_organization(hub: LocalHub) -> None:
    prod = login_widget(hub, org="no-such-org")
    with pytest.raises(LoginError, match="There is no organization 'no-such-org'"):
        prod.login(username="alice", password="alice-pw")


def test_unreachable_server_says_so() -> None:
    with socket.socket() as probe:  # a port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    widget = LoginWidget(server=f"127.0.0.1:{port}", protocol="http", label="gone")
    with pytest.raises(LoginError, match=f"Cannot reach 127.0.0.1:{port}"):
        widget.login(username="alice", password="alice-pw")


@pytest.mark.parametrize(
    ("server", "message"),
    [
        ("", "Enter a server"),
        ("hub example.com", "is not a valid address"),
        ("ftp://hub.example.com", "should start with http:// or https://"),
        ("https://hub.example.com/graph/graph.html", "has a path"),
        ("hub.example.com:notaport", "is not a valid address"),
    ],
)
def test_malformed_server_is_reported_before_any_request(
    hub: LocalHub, comm_log: CommLog, server: str, message: str
) -> None:
    prod = login_widget(hub)
    send_login_form(prod, method="password", server=server or " ", username="a", password="b")
    (answer,) = [m for m in comm_log.custom_messages() if m.get("type") == "form_error"]
    assert message in answer["message"]
    assert answer["field"] == "server", "the view focuses the field to fix"
    assert hub.requests == []


def test_a_pasted_url_is_understood_as_protocol_and_server(hub: LocalHub) -> None:
    prod = login_widget(hub)
    send_login_form(
        prod, method="password", server=f"{hub.url}/", username="alice", password="alice-pw"
    )
    wait_for(lambda: prod.status == "logged_in", "the login")
    assert (prod.server, prod.protocol) == (hub.server, "http")


def test_a_hung_server_fails_the_login_within_its_deadline_without_blocking(
    hub: LocalHub,
) -> None:
    hub.faults.inject("/api-token-auth/", "hang")
    prod = login_widget(hub, deadline_s=1.0)

    send_login_form(prod, method="password", username="alice", password="alice-pw")

    # Had the handler waited for the server, it would have returned after the deadline, failed.
    assert prod.status == "logging_in", "the message handler must not wait for the server"
    wait_for(lambda: prod.status == "error", "the deadline to pass", timeout=10)
    assert (
        prod.error == f"{hub.server} did not answer within 1 s. Check the server, then try again."
    )


def test_cancel_abandons_a_pending_login_and_drops_its_late_result(hub: LocalHub) -> None:
    fault = hub.faults.inject("/api-token-auth/", "hang")
    prod = login_widget(hub)
    attempt = prod.account.login_async(username="alice", password="alice-pw")
    wait_for(lambda: fault.hits == 1, "the login request to reach the hub")

    send_from_view(prod, {"type": "cancel"})
    assert prod.status == "logged_out"

    fault.remove()  # the held request now succeeds on the server...
    attempt.result(timeout=10)
    # ...but the cancelled attempt must not leave the client logged in behind the form's back.
    assert 200 in [r.status for r in requests_to(hub, "/api-token-auth/")]
    assert prod.status == "logged_out"
    assert prod.client.api_token() is None


def test_logout_forgets_the_session(hub: LocalHub) -> None:
    prod = login_widget(hub)
    prod.login(username="alice", password="alice-pw")
    send_from_view(prod, {"type": "logout"})
    assert (prod.status, prod.username) == ("logged_out", "")
    assert prod.client.api_token() is None


def test_credentials_are_not_kept_for_relogin_unless_asked(hub: LocalHub) -> None:
    plain = login_widget(hub).login(username="alice", password="alice-pw")
    assert "relogin" not in vars(plain.client)

    keeper = login_widget(hub, label="keeper", store_credentials=True)
    keeper.login(username="alice", password="alice-pw")
    assert "relogin" in vars(keeper.client)


def test_sso_from_the_form_completes_when_the_person_signs_in_on_the_hub(
    hub: LocalHub,
) -> None:
    prod = login_widget(hub, method="sso")
    send_login_form(prod, method="sso")
    wait_for(lambda: prod.status == "sso_pending" and prod.sso_url, "the sign-in link")
    assert prod.sso_url.startswith(hub.url)

    # The person signs in on the hub's page, in their browser; no cell runs meanwhile.
    browser = requests.Session()
    page = browser.get(prod.sso_url, timeout=5)
    assert page.status_code == 200
    signed_in = post_sso_sign_in(prod.sso_url, "bob", "bob-pw", browser=browser)
    assert signed_in.status_code == 200

    wait_for(lambda: prod.status == "logged_in", "the SSO poll to pick up the token", timeout=15)
    assert prod.username == "bob"
    assert prod.sso_url == ""


def test_logins_lists_live_login_widgets_in_creation_order(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    first, second = login_widget(hub, label="prod"), login_widget(staging_hub, label="staging")
    assert logins() == [first, second]
    first.close()
    assert logins() == [second]


def test_accounts_is_the_deprecated_name_of_logins(hub: LocalHub) -> None:
    login = login_widget(hub)
    with pytest.warns(DeprecationWarning, match=r"accounts\(\) is deprecated: use logins\(\)"):
        assert graphistry_jupyter.accounts() == [login] == logins()


def test_unknown_arguments_fail_fast() -> None:
    with pytest.raises(TypeError, match="passwrd"):
        LoginWidget(server="127.0.0.1:1", passwrd="x")  # type: ignore[call-arg]


def test_an_unknown_login_keyword_fails_before_any_request(hub: LocalHub) -> None:
    prod = login_widget(hub)
    with pytest.raises(TypeError, match="unexpected keyword argument 'passwrd'"):
        prod.login(username="alice", passwrd="alice-pw")  # type: ignore[call-arg]
    assert (prod.status, hub.requests) == ("logged_out", [])


def test_login_state_is_synced_to_the_view(hub: LocalHub, comm_log: CommLog) -> None:
    prod = login_widget(hub)
    prod.login(username="alice", password="alice-pw")
    merged: dict[str, object] = {}
    for state in comm_log.states():
        merged.update(state)
    assert merged["status"] == "logged_in"
    assert merged["username"] == "alice"
    assert merged["server"] == hub.server


def test_a_form_error_is_answered_to_the_view_each_time_and_leaves_the_account_alone(
    hub: LocalHub, comm_log: CommLog
) -> None:
    prod = login_widget(hub)
    for _ in range(2):
        send_login_form(prod, method="token")
    answers = [m for m in comm_log.custom_messages() if m.get("type") == "form_error"]
    assert answers == [{"type": "form_error", "message": "Paste a token.", "field": "token"}] * 2
    assert (prod.status, prod.error) == ("logged_out", ""), "a typo is not the account's state"


def test_a_setting_the_form_cannot_use_is_answered_at_once_and_nothing_starts(
    hub: LocalHub, comm_log: CommLog
) -> None:
    prod = login_widget(hub)
    send_login_form(
        prod, method="password", username="alice", password="alice-pw", privacy="everyone"
    )
    answers = [m for m in comm_log.custom_messages() if m.get("type") == "form_error"]
    assert answers == [
        {
            "type": "form_error",
            "message": "privacy must be one of private, organization, public (or None), "
            "not 'everyone'",
            "field": "server",
        }
    ], "the view stops waiting now, not at its own timeout"
    assert (prod.status, prod.privacy) == ("logged_out", "")
    assert hub.requests == []
