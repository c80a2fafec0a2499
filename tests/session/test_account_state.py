"""An account's state machine on its own (session/account.py), with no server: the initial
settings, one attempt at a time on a named worker thread, late results of older attempts dropped,
a bug reported rather than a hang, and a reset a logout left for the worker holding the client."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

import pytest

from graphistry_jupyter.http import addresses as browser_addresses
from graphistry_jupyter.session.account import BADGE_COLORS, Account, badge_color
from graphistry_jupyter.session.account import settings as account_settings
from graphistry_jupyter.session.errors import LoginError
from tests.support.waiting import wait_for

DONE_S = 10


def settings(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "org": None,
        "label": None,
        "privacy": None,
        "store_credentials": False,
        "deadline_s": 30.0,
        "client_protocol_hostname": None,
        "certificate_validation": True,
        "remember": False,
    }
    return account_settings("hub:1", "http", **{**arguments, **overrides})


class CountingAccount(Account):
    """An account on ``hub:1`` (no request is made) whose client resets after its construction
    are counted."""

    resets = 0

    def __init__(self, **arguments: Any) -> None:
        super().__init__("hub:1", "http", **{"label": "prod", **arguments})
        self.resets = 0

    def _reset_client(self) -> None:
        self.resets += 1
        super()._reset_client()


@pytest.fixture
def new_account() -> Iterator[Callable[..., CountingAccount]]:
    made: list[CountingAccount] = []

    def make(**arguments: Any) -> CountingAccount:
        made.append(CountingAccount(**arguments))
        return made[-1]

    yield make
    for account in made:
        account.close()


def test_settings_are_checked_and_normalised() -> None:
    assert settings() == {
        "server": "hub:1",
        "protocol": "http",
        "org": "",
        "label": "hub:1",
        "privacy": "",
        "color": badge_color("hub:1"),
        "store_credentials": False,
        "deadline_s": 30.0,
        "client_protocol_hostname": "",
        "certificate_validation": True,
        "ca_bundle": "",
        "remember": False,
    }
    chosen = settings(
        org=" acme ",
        label="prod",
        privacy="org",
        store_credentials=True,
        deadline_s=5.0,
        client_protocol_hostname="https://graphs.example.com/",
        certificate_validation="/etc/ca.pem",
        remember=True,
        color=" #123456 ",
    )
    assert chosen == {
        "server": "hub:1",
        "protocol": "http",
        "org": "acme",
        "label": "prod",
        "privacy": "organization",
        "color": "#123456",
        "store_credentials": True,
        "deadline_s": 5.0,
        "client_protocol_hostname": "https://graphs.example.com",
        "certificate_validation": True,
        "ca_bundle": "/etc/ca.pem",
        "remember": True,
    }
    assert settings(certificate_validation=False)["certificate_validation"] is False
    assert settings(color="  ", label="x")["color"] == badge_color("x")


def test_a_label_keeps_its_badge_colour_in_every_run() -> None:
    for label in ("prod", "staging", "hub:1", "ünïcode"):
        crc = zlib.crc32(label.encode("utf-8"))
        assert badge_color(label) == BADGE_COLORS[crc % len(BADGE_COLORS)]
    assert len({badge_color(f"label-{i}") for i in range(50)}) == len(BADGE_COLORS)


def test_the_target_carries_every_login_setting(
    new_account: Callable[..., CountingAccount],
) -> None:
    target = new_account(
        org="acme",
        store_credentials=True,
        deadline_s=7.0,
        client_protocol_hostname="https://graphs.example.com",
        certificate_validation="/ca.pem",
    )._target()
    assert (target.server, target.protocol, target.org, target.store_credentials) == (
        "hub:1",
        "http",
        "acme",
        True,
    )
    assert (target.deadline_s, target.browser_address, target.verify) == (
        7.0,
        "https://graphs.example.com",
        "/ca.pem",
    )
    assert new_account(certificate_validation=False)._target().verify is False


def run(account: CountingAccount, work: Any) -> Future[None]:
    return account._run_attempt(work)


def test_an_attempt_runs_on_a_named_daemon_thread_with_its_number(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()
    account.error, account.sso_url = "old error", "https://old"
    seen: list[tuple[int, str, bool, str, str, str]] = []

    def work(attempt: int) -> None:
        thread = threading.current_thread()
        seen.append(
            (attempt, thread.name, thread.daemon, account.status, account.error, account.sso_url)
        )
        account.status = "logged_in"  # as a login's own work does

    run(account, work).result(DONE_S)
    run(account, work).result(DONE_S)
    assert seen == [
        (1, "graphistry-login-prod", True, "logging_in", "", ""),
        (2, "graphistry-login-prod", True, "logging_in", "", ""),
    ]


def test_a_second_attempt_while_one_is_pending_is_refused(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()
    release = threading.Event()
    first = run(account, lambda attempt: release.wait(DONE_S) and None)
    with pytest.raises(LoginError) as raised:
        run(account, lambda attempt: None)
    assert str(raised.value) == "A login is already in progress: wait for it or cancel it."
    release.set()
    first.result(DONE_S)


def test_a_login_error_is_the_attempts_state(new_account: Callable[..., CountingAccount]) -> None:
    account = new_account()

    def work(attempt: int) -> None:
        account.sso_url = "https://sso"
        raise LoginError("Wrong password.")

    with pytest.raises(LoginError, match=r"^Wrong password\.$"):
        run(account, work).result(DONE_S)
    assert (account.status, account.error, account.sso_url) == ("error", "Wrong password.", "")


def test_a_bug_of_ours_is_reported_not_left_hanging(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()

    def work(attempt: int) -> None:
        account.sso_url = "https://sso"
        raise KeyError("oops")

    with pytest.raises(LoginError) as raised:
        run(account, work).result(DONE_S)
    assert str(raised.value) == "Login failed unexpectedly: KeyError"
    assert (account.status, account.error, account.sso_url) == (
        "error",
        "Login failed unexpectedly: KeyError",
        "",
    )


@pytest.mark.parametrize("failure", [LoginError("late"), KeyError("late")])
def test_a_cancelled_attempts_late_failure_changes_nothing(
    new_account: Callable[..., CountingAccount], failure: BaseException
) -> None:
    account = new_account()
    release = threading.Event()

    def work(attempt: int) -> None:
        release.wait(DONE_S)
        raise failure

    future = run(account, work)
    account.cancel()
    assert (account.status, account.error, account.sso_url) == ("logged_out", "", "")
    release.set()
    with pytest.raises(LoginError):
        future.result(DONE_S)
    assert (account.status, account.error) == ("logged_out", "")


def test_cancel_clears_what_the_pending_login_showed_and_moves_on_one_attempt(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()
    release = threading.Event()
    attempts: list[int] = []

    def work(attempt: int) -> None:
        attempts.append(attempt)
        account.sso_url, account.error = "https://sso", "shown"
        release.wait(DONE_S)

    future = run(account, work)
    wait_for(lambda: account.sso_url == "https://sso", "the attempt to start")
    account.status = "sso_pending"
    account.cancel()
    assert (account.status, account.sso_url, account.error) == ("logged_out", "", "")
    release.set()
    future.result(DONE_S)
    run(account, attempts.append).result(DONE_S)
    assert attempts == [1, 3], "the cancel took one attempt number, the next login the next"


def test_cancel_does_nothing_unless_a_login_is_pending(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()
    account.status, account.error = "error", "kept"
    account.cancel()
    assert (account.status, account.error) == ("error", "kept")
    run(account, lambda attempt: None).result(DONE_S)
    assert account._attempt == 1


def test_a_reset_happens_at_once_when_the_client_is_free(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()
    account._reset_session_soon()
    assert account.resets == 1
    with account._using_client():
        pass
    assert account.resets == 1, "nothing was left pending"


def test_a_reset_waits_for_the_worker_that_holds_the_client(
    new_account: Callable[..., CountingAccount],
) -> None:
    account = new_account()
    holding, release = threading.Event(), threading.Event()

    def worker() -> None:
        with account._using_client():
            holding.set()
            release.wait(DONE_S)

    thread = threading.Thread(target=worker)
    thread.start()
    holding.wait(DONE_S)
    account._reset_session_soon()  # returns at once: the worker holds the client
    assert account.resets == 0
    release.set()
    thread.join(DONE_S)
    assert account.resets == 1, "done when the worker let go"
    with account._using_client():
        pass
    assert account.resets == 1, "and only once"


def test_title_is_user_at_server_or_the_server(new_account: Callable[..., CountingAccount]) -> None:
    account = new_account()
    assert account.title == "hub:1"
    account.username = "alice"
    assert account.title == "alice@hub:1"


# --------------------------------------------------------------- where the next login goes


def test_a_known_browser_address_is_where_the_next_login_opens_plots() -> None:
    account = Account("hub:7", "http", deadline_s=1.0)  # makes no request
    try:
        browser_addresses.remember("http", "hub:7", "https://seen.example.com")
        try:
            assert account._target().browser_address == "https://seen.example.com"
        finally:
            browser_addresses.forget("http", "hub:7")
        assert account._target().browser_address == ""
    finally:
        account.close()
