"""An account's session, through the real client against an in-process hub, without widgets:
each login method, each refusal and its sentence, the state machine (pending, cancel, logout,
configure), SSO, and what a plot or a grant needs (session/account.py, with login_flows.py).
Fast enough to run for every mutant of those modules."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.plots.errors import PlotError, SessionExpired, session_ended
from graphistry_jupyter.plots.grants import GrantUnavailable
from graphistry_jupyter.session import registry
from graphistry_jupyter.session.account import Account
from graphistry_jupyter.session.credentials import Credentials
from graphistry_jupyter.session.errors import CredentialsError, LoginError
from tests.support.graphs import EDGES
from tests.support.waiting import wait_for

USERS = {"alice": "alice-pw", "bob": "bob-pw"}

# A login here takes milliseconds: these bounds are generous, and short, so that a mutant that
# breaks a flow fails its test in seconds rather than holding a mutation run for minutes.
DONE_S = 10


@pytest.fixture(scope="module")
def local() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, orgs={"acme": ["alice"]}, instruments=True) as hub:
        yield hub


@pytest.fixture(scope="module")
def sso_local() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, sso_auto_approve="bob", instruments=True) as hub:
        yield hub


def account_on(hub: LocalHub, made: list[Account], **kwargs: object) -> Account:
    kwargs.setdefault("deadline_s", 5.0)
    account = Account(hub.server, hub.protocol, **kwargs)  # type: ignore[arg-type]
    made.append(account)
    return account


def test_a_new_account_is_logged_out_on_a_clean_session(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts, org=" acme ", privacy="org")
    assert (account.status, account.username, account.error) == ("logged_out", "", "")
    assert (account.server, account.protocol, account.org) == (local.server, "http", "acme")
    assert (account.label, account.privacy, account.title) == (
        local.server,
        "organization",
        local.server,
    )
    assert repr(account) == f"<Account {local.server!r} {local.server} logged_out>"
    assert not account.client.api_token()
    assert account.client.session.hostname == local.server


@pytest.mark.parametrize(
    ("arguments", "user"),
    [({"username": "alice", "password": "alice-pw"}, "alice")],
)
def test_a_password_login_sets_the_session(
    local: LocalHub, accounts: list[Account], arguments: dict[str, str], user: str
) -> None:
    account = account_on(local, accounts, label="prod")
    account.login_async(**arguments).result(DONE_S)
    assert (account.status, account.username, account.error, account.sso_url) == (
        "logged_in",
        user,
        "",
        "",
    )
    assert account.expires_at > 0
    assert account.expires_at == account.client.token_expires_at()
    assert account.title == f"{user}@{local.server}"
    assert repr(account) == f"<Account 'prod' {user}@{local.server} logged_in>"
    assert "relogin" not in vars(account.client), "no credentials kept by default"


def test_store_credentials_lets_pygraphistry_keep_them(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts, store_credentials=True)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert "relogin" in vars(account.client)


def test_a_key_and_a_token_log_in_and_name_their_user(
    local: LocalHub, accounts: list[Account]
) -> None:
    key_id, secret = local.create_personal_key("bob")
    by_key = account_on(local, accounts)
    by_key.login_async(personal_key_id=key_id, personal_key_secret=secret).result(DONE_S)
    assert (by_key.status, by_key.username) == ("logged_in", "bob")
    by_token = account_on(local, accounts)
    by_token.login_async(token=local.issue_token("alice")).result(DONE_S)
    assert (by_token.status, by_token.username) == ("logged_in", "alice")


def test_an_org_login_keeps_the_org(local: LocalHub, accounts: list[Account]) -> None:
    global_org = PyGraphistry.session.org_name
    account = account_on(local, accounts, org="acme")
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert (account.status, account.org) == ("logged_in", "acme")
    assert account.client.session.org_name == "acme"
    assert PyGraphistry.session.org_name == global_org, "the global session is untouched"


def test_a_wrong_password_is_an_error_with_one_sentence(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    future = account.login_async(username="alice", password="wrong-pw")
    with pytest.raises(LoginError) as raised:
        future.result(DONE_S)
    message = f"Wrong username or password for {local.server}."
    assert str(raised.value) == message
    assert (account.status, account.error, account.username) == ("error", message, "")
    assert not account.client.api_token(), "the session was reset"
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert (account.status, account.error) == ("logged_in", "")


def test_a_non_member_org_is_named(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts, org="acme")
    with pytest.raises(LoginError, match="not a member of organization 'acme'"):
        account.login_async(username="bob", password="bob-pw").result(DONE_S)


def test_an_unreachable_server_is_named(accounts: list[Account]) -> None:
    account = Account("127.0.0.1:9", "http", deadline_s=5)
    accounts.append(account)
    with pytest.raises(LoginError) as raised:
        account.login_async(username="a", password="b").result(DONE_S)
    assert str(raised.value).startswith("Cannot reach 127.0.0.1:9")


def test_missing_credentials_fail_before_any_attempt(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    with pytest.raises(CredentialsError, match=r"Enter a password\."):
        account.login_async(username="alice")
    assert account.status == "logged_out"


def test_a_second_login_while_one_is_pending_is_refused(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    fault = local.faults.inject("/api-token-auth/", "hang")
    try:
        first = account.login_async(username="alice", password="alice-pw")
        assert account.status == "logging_in"
        with pytest.raises(LoginError, match="A login is already in progress"):
            account.login_async(username="alice", password="alice-pw")
        with pytest.raises(LoginError, match=r"^A login is in progress: cancel it first\.$"):
            account.configure(org="acme")
        account.cancel()
        assert (account.status, account.error, account.sso_url) == ("logged_out", "", "")
    finally:
        fault.remove()
    first.result(DONE_S)  # the late answer of a cancelled attempt is dropped
    assert (account.status, account.username) == ("logged_out", "")
    assert not account.client.api_token()


def test_cancel_without_a_pending_login_changes_nothing(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    account.cancel()
    assert (account.status, account.username) == ("logged_in", "alice")


def test_logout_forgets_the_session_and_keeps_the_client(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    client = account.client
    account.logout()
    assert (account.status, account.username, account.expires_at, account.error) == (
        "logged_out",
        "",
        0.0,
        "",
    )
    assert account.client is client
    assert not client.api_token()


def test_configure_changes_where_the_next_login_goes(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    account.configure(server=f"http://{local.server}", org=" acme ", privacy="public")
    assert (account.server, account.protocol, account.org, account.privacy) == (
        local.server,
        "http",
        "acme",
        "public",
    )
    account.configure()
    assert (account.org, account.privacy) == ("acme", "public"), "None leaves a setting alone"


def test_while_logged_in_only_the_privacy_may_change(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    refusal = r"^Log out before changing the server or organization\.$"
    for change in ({"server": "elsewhere:1"}, {"org": "acme"}, {"protocol": "https"}):
        with pytest.raises(LoginError, match=refusal):
            account.configure(**change)
    account.configure(privacy="private", server=local.server, protocol="http", org="")
    assert account.privacy == "private"
    assert account.client.session.privacy["mode"] == "private"  # type: ignore[index]
    account.configure(privacy="")
    assert account.client.session.privacy is None


def test_a_login_applies_the_default_privacy(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts, privacy="public")
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert account.client.session.privacy["mode"] == "public"  # type: ignore[index]


def test_sso_logs_in_as_the_user_who_signed_in(
    sso_local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(sso_local, accounts)
    account.start_login(Credentials("sso")).result(DONE_S)
    assert (account.status, account.username, account.sso_url, account.error) == (
        "logged_in",
        "bob",
        "",
        "",
    )
    # Started for no organization, the login is bound by the server to bob's own (as real
    # servers bind it): the account shows the organization its session is in.
    assert (account.org, account.client.session.org_name) == ("bob", "bob")


def test_sso_shows_where_to_sign_in_and_gives_up_at_its_deadline(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts, sso_deadline_s=0.0)
    seen: list[str] = []
    account.observe(lambda change: seen.append(change["new"]), names=["sso_url"])
    with pytest.raises(LoginError) as raised:
        account.start_login(Credentials("sso")).result(DONE_S)
    assert str(raised.value) == ("Single sign-on was not completed within 0 s: start it again.")
    assert seen[0].startswith(local.url), "the sign-in page was shown first"
    assert (account.status, account.sso_url) == ("error", "")


def test_a_plot_needs_a_login_and_is_reused(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts, label="prod")
    g = account.client.edges(EDGES, "src", "dst")
    with pytest.raises(PlotError) as raised:
        account.plot(g)
    assert str(raised.value) == "prod is not logged in: log in, and the plot will continue."
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    first = account.plot(g)
    assert first.url.startswith(local.url)
    assert not first.reused
    again = account.plot(g)
    assert (again.url, again.reused) == (first.url, True)
    fresh = account.plot(g, reuse=False)
    assert (fresh.url != first.url, fresh.reused) == (True, False)
    account.logout()
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert account.plot(g).url != first.url, "a new login uploads again"


def test_a_grant_needs_a_login(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts, label="prod")
    with pytest.raises(GrantUnavailable) as raised:
        account.view_grant("abc")
    assert str(raised.value) == "prod is not logged in: log in to see this plot."


def test_account_of_accepts_an_account_its_widget_or_the_plottable(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)

    class Holder:
        def __init__(self, account: Account) -> None:
            self.account = account

    assert Account.of(account) is account
    assert Account.of(Holder(account)) is account  # type: ignore[arg-type]
    assert Account.of(None, account.client.edges(EDGES, "src", "dst")) is account
    with pytest.raises(TypeError, match="Expected a LoginWidget or an Account, not str"):
        Account.of("prod")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Which account should plot this\?"):
        Account.of(None, object())


def test_the_defaults_of_an_account() -> None:
    account = Account("hub.example.com")
    try:
        assert (account.protocol, account.deadline_s, account.sso_deadline_s) == (
            "https",
            30.0,
            600.0,
        )
        assert (account.certificate_validation, account.ca_bundle, account.remember) == (
            True,
            "",
            False,
        )
        assert account.client.certificate_validation() is True
    finally:
        account.close()


def test_the_settings_reach_the_account_and_its_client(accounts: list[Account]) -> None:
    account = Account(
        "hub.example.com",
        "http",
        client_protocol_hostname="https://graphs.example.com",
        certificate_validation="/etc/ca.pem",
        color="#010203",
    )
    accounts.append(account)
    assert account.client_protocol_hostname == "https://graphs.example.com"
    assert (account.certificate_validation, account.ca_bundle) == (True, "/etc/ca.pem")
    assert account.color == "#010203"
    unverified = Account("hub.example.com", certificate_validation=False)
    accounts.append(unverified)
    assert unverified.certificate_validation is False


def test_a_closed_account_leaves_the_kernels_list(local: LocalHub) -> None:
    account = Account(local.server, "http")
    assert account in registry.live()
    account.close()
    assert account not in registry.live()


def test_a_token_is_verified_unless_told_not_to(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts)
    with pytest.raises(LoginError, match="rejected the token"):
        account.login_async(token="not-a-jwt").result(DONE_S)
    account.login_async(token="not-a-jwt", verify_token=False).result(DONE_S)
    assert (account.status, account.username) == ("logged_in", "")


def test_logout_clears_what_the_form_showed(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    account.sso_url, account.error = "https://left-over", "left over"
    account.logout()
    assert (account.sso_url, account.error) == ("", "")


def test_the_browser_address_is_configured_like_the_server(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    account.configure(client_protocol_hostname="https://graphs.example.com/")
    assert account.client_protocol_hostname == "https://graphs.example.com"
    account.configure()
    assert account.client_protocol_hostname == "https://graphs.example.com"
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    with pytest.raises(LoginError, match="Log out before changing"):
        account.configure(client_protocol_hostname="https://elsewhere.example.com")
    account.configure(client_protocol_hostname="https://graphs.example.com")


def test_sso_shows_its_pending_state(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts, sso_deadline_s=0.0)
    statuses: list[str] = []
    account.observe(lambda change: statuses.append(change["new"]), names=["status"])
    with pytest.raises(LoginError):
        account.start_login(Credentials("sso")).result(DONE_S)
    assert statuses == ["logging_in", "sso_pending", "error"]


def test_a_grant_opens_a_plotted_dataset(local: LocalHub, accounts: list[Account]) -> None:
    from tests.support.hubs import dataset_id_of

    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    dataset = dataset_id_of(account.plot(account.client.edges(EDGES, "src", "dst")).url)
    grant = account.view_grant(dataset)
    assert grant.dataset_id == dataset
    assert grant.token.count(".") == 2
    assert grant.expires_at > 0
    account.logout()
    with pytest.raises(GrantUnavailable, match="is not logged in"):
        account.view_grant(dataset)


def test_progress_and_the_deadline_reach_the_upload(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    stages: list[str] = []
    account.plot(
        account.client.edges(EDGES, "src", "dst"),
        on_progress=lambda stage, sent, total: stages.append(stage),
    )
    assert "uploading edges" in stages
    fault = local.faults.inject("/api/v2/upload/datasets/", "hang")
    try:
        with pytest.raises(PlotError) as raised:
            account.plot(account.client.edges(EDGES, "dst", "src"), deadline_s=0.5)
    finally:
        fault.remove()
    assert str(raised.value).startswith(f"{local.server} did not answer within 0.5 s")


def test_a_revoked_session_expires_the_account(accounts: list[Account]) -> None:
    with LocalHub(users={"dana": "dana-pw"}) as hub:
        account = account_on(hub, accounts, label="prod")
        account.login_async(username="dana", password="dana-pw").result(DONE_S)
        hub.set_password("dana", "new-dana-pw")  # ends dana's sessions and tokens
        with pytest.raises(PlotError) as raised:
            account.plot(account.client.edges(EDGES, "src", "dst"))
        assert hub.server in str(raised.value)
        assert (account.status, account.error, account.expires_at) == (
            "expired",
            "The session has ended (expired or revoked by the server): log in again.",
            0.0,
        )
        assert not account.client.api_token()
        account.login_async(username="dana", password="new-dana-pw").result(DONE_S)
        assert account.plot(account.client.edges(EDGES, "src", "dst")).url.startswith(hub.url)


def test_a_login_answered_after_a_logout_is_dropped(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    fault = local.faults.inject("/api-token-auth/", "hang")
    try:
        late = account.login_async(username="alice", password="alice-pw")
        account.logout()
    finally:
        fault.remove()
    late.result(DONE_S)
    assert (account.status, account.username) == ("logged_out", "")
    assert not account.client.api_token()


def test_a_token_without_an_expiry_shows_none(local: LocalHub, accounts: list[Account]) -> None:
    account = account_on(local, accounts)
    account.login_async(token="opaque-token", verify_token=False).result(DONE_S)
    assert account.expires_at == 0.0


def test_a_plot_keeps_the_sessions_expiry_and_privacy(
    local: LocalHub, accounts: list[Account]
) -> None:
    from tests.support.hubs import dataset_on

    account = account_on(local, accounts, privacy="public")
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    result = account.plot(account.client.edges(EDGES, "src", "dst"))
    url = result.url
    assert result.privacy == "public"
    assert account.expires_at == account.client.token_expires_at()
    assert account.expires_at > 0
    assert dataset_on(local, url)["privacy"] == "public"


@contextlib.contextmanager
def plot_held_at_its_upload(hub: LocalHub, account: Account) -> Iterator[list[object]]:
    """A plot of EDGES by ``account`` on a thread of its own, whose upload ``hub`` holds for the
    block; yields the list that will hold what the plot returned or raised. On leaving, the
    upload is let through and the plot's thread is waited for."""
    upload = hub.faults.inject("/api/v2/upload/datasets/*", "hang", method="POST")
    outcome: list[object] = []

    def plot() -> None:
        try:
            outcome.append(account.plot(account.client.edges(EDGES, "src", "dst")))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=plot)
    try:
        thread.start()
        wait_for(lambda: upload.hits >= 1, "the plot's upload to reach the hub")
        yield outcome
    finally:
        upload.remove()
        thread.join(DONE_S)


def test_a_logout_during_an_upload_fails_the_plot_saying_so(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts, label="prod")
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    with plot_held_at_its_upload(local, account) as outcome:
        account.logout()
    assert [str(e) for e in outcome] == ["prod logged out during the upload: log in again."]


def test_unverified_tls_quiets_urllib3s_warning_only_when_chosen(
    accounts: list[Account],
) -> None:
    import warnings

    import urllib3

    def quieted() -> bool:
        return any(
            f[0] == "once" and f[2] is urllib3.exceptions.InsecureRequestWarning
            for f in warnings.filters
        )

    with warnings.catch_warnings():
        warnings.resetwarnings()
        accounts.append(Account("hub.example.com"))
        assert not quieted()
        accounts.append(Account("hub.example.com", certificate_validation=False))
        assert quieted()


def test_an_sso_token_that_arrives_after_a_cancel_is_dropped(
    sso_local: LocalHub, accounts: list[Account]
) -> None:
    from tests.support.waiting import wait_for

    account = account_on(sso_local, accounts)
    poll = sso_local.faults.inject("/api/v2/o/sso/oidc/jwt/*", "hang", method="GET")
    try:
        late = account.start_login(Credentials("sso"))
        wait_for(lambda: poll.hits >= 1, "the first SSO poll to reach the hub")
        account.cancel()  # while the poll that will carry the token is in flight
    finally:
        poll.remove()
    late.result(DONE_S)  # the token arrives after the cancel, and is dropped
    assert (account.status, account.username, account.org, account.error) == (
        "logged_out",
        "",
        "",
        "",
    )
    assert not account.client.api_token(), "the session the token made was reset"
    assert account.client.session.hostname == sso_local.server


LATE_UPLOAD = "prod logged out during the upload: log in again."


def test_a_session_that_cannot_be_refreshed_expires_naming_the_server(
    accounts: list[Account],
) -> None:
    """With tokens of 30 s, every plot refreshes first (client.py refreshes within a minute of
    the expiry). A refresh the server refuses ends the session, and the sentence names the
    server; a plot uploading meanwhile belongs to the ended session and fails saying so."""
    with LocalHub(users={"dana": "dana-pw"}, token_ttl=30, instruments=True) as hub:
        account = account_on(hub, accounts, label="prod")
        account.login_async(username="dana", password="dana-pw").result(DONE_S)
        with plot_held_at_its_upload(hub, account) as outcome:
            hub.faults.inject("/api/v2/auth/token/refresh", "status", status=401, times=1)
            with pytest.raises(SessionExpired) as expired:
                account.plot(account.client.edges(EDGES, "dst", "src"))
        assert str(expired.value) == session_ended(hub.server)
        assert (account.status, account.expires_at) == ("expired", 0.0)
        assert not account.client.api_token()
        # The hub accepted the first upload (its session was never revoked), but the session it
        # belonged to has ended: the plot fails rather than showing as the expired account's.
        assert [str(e) for e in outcome] == [LATE_UPLOAD]


def test_an_upload_of_an_expired_session_fails_after_the_next_login(
    accounts: list[Account],
) -> None:
    """The session ends while a plot uploads, and the person logs in again before the upload
    answers: the upload still belongs to the ended session, not to the new login."""
    with LocalHub(users={"dana": "dana-pw"}, token_ttl=30, instruments=True) as hub:
        account = account_on(hub, accounts, label="prod")
        account.login_async(username="dana", password="dana-pw").result(DONE_S)
        with plot_held_at_its_upload(hub, account) as outcome:
            hub.faults.inject("/api/v2/auth/token/refresh", "status", status=401, times=1)
            with pytest.raises(SessionExpired):
                account.plot(account.client.edges(EDGES, "dst", "src"))
            account.login_async(username="dana", password="dana-pw").result(DONE_S)
        assert [str(e) for e in outcome] == [LATE_UPLOAD]
        assert (account.status, account.username) == ("logged_in", "dana")


def test_an_upload_of_a_logged_out_session_fails_after_the_next_login(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts, label="prod")
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    with plot_held_at_its_upload(local, account) as outcome:
        account.logout()
        account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert [str(e) for e in outcome] == [LATE_UPLOAD]
    assert (account.status, account.username) == ("logged_in", "alice")


def test_a_remembered_login_goes_to_the_memory_given(
    local: LocalHub, accounts: list[Account], config_home: Path, tmp_path: Path
) -> None:
    from graphistry_jupyter.session.remembered import LoginMemory

    memory = LoginMemory(tmp_path / "given")
    account = account_on(local, accounts, remember=True, memory=memory)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert account.remembered_user == "alice"
    assert [login.username for login in [memory.recall(local.server, "http", "")] if login] == [
        "alice"
    ]
    assert not config_home.exists(), "nothing in the user's config directory"
    again = account_on(local, accounts, remember=True, memory=LoginMemory(tmp_path / "given"))
    assert again.remembered_user == "alice"


def test_without_a_memory_logins_are_remembered_in_the_users_config_directory(
    local: LocalHub, accounts: list[Account], config_home: Path
) -> None:
    from graphistry_jupyter.session.remembered import INDEX, SERVICE

    account = account_on(local, accounts, remember=True)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert (config_home / SERVICE / INDEX).is_file()
    assert account_on(local, accounts, remember=True).remembered_user == "alice"


def test_a_logout_forgets_the_remembered_login_of_the_user_who_logs_out(
    local: LocalHub, accounts: list[Account], config_home: Path
) -> None:
    account = account_on(local, accounts, remember=True)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert account_on(local, accounts, remember=True).remembered_user == "alice"
    account.logout()
    assert account.remembered_user == ""
    assert account_on(local, accounts, remember=True).remembered_user == "", "not offered again"


def test_a_grant_is_asked_for_with_the_accounts_certificate_check(
    accounts: list[Account],
) -> None:
    """Over https with a private CA, the grant request verifies the hub's certificate against
    the account's CA bundle, as the login and the plot do (with the default roots it would fail)."""
    from tests.support.hubs import dataset_id_of

    with LocalHub(users={"dana": "dana-pw"}, tls=True) as hub:
        account = account_on(hub, accounts, certificate_validation=hub.ca_bundle)
        account.login_async(username="dana", password="dana-pw").result(DONE_S)
        dataset = dataset_id_of(account.plot(account.client.edges(EDGES, "src", "dst")).url)
        assert account.view_grant(dataset).dataset_id == dataset


def test_a_login_and_the_plot_after_it_share_the_accounts_connection(
    local: LocalHub, accounts: list[Account]
) -> None:
    account = account_on(local, accounts)
    opened = local.connections_accepted
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    assert local.connections_accepted == opened + 1
    account.plot(account.client.edges(EDGES, "src", "dst"))
    assert local.connections_accepted == opened + 1, "the plot went over the login's connection"


def test_a_single_sign_on_polls_over_the_connection_it_started(
    accounts: list[Account],
) -> None:
    """The start, the poll (approved at once here) and the plot after it: one connection."""
    with LocalHub(users={"bob": "bob-pw"}, sso_auto_approve="bob", instruments=True) as hub:
        account = account_on(hub, accounts)
        account.start_login(Credentials("sso")).result(DONE_S)
        assert (account.status, account.username) == ("logged_in", "bob")
        assert [r.method for r in hub.requests if "/sso/oidc/" in r.path] == ["POST", "GET"]
        account.plot(account.client.edges(EDGES, "src", "dst"))
        assert hub.connections_accepted == 1


def test_grants_go_over_the_accounts_own_connection(
    local: LocalHub, accounts: list[Account]
) -> None:
    """The account's grant requests reuse the connection its login and plot opened (the
    account's pool), rather than opening one each."""
    from tests.support.hubs import dataset_id_of

    account = account_on(local, accounts)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    dataset = dataset_id_of(account.plot(account.client.edges(EDGES, "src", "dst")).url)
    opened = local.connections_accepted
    for _ in range(3):
        assert account.view_grant(dataset).dataset_id == dataset
    assert local.connections_accepted == opened
