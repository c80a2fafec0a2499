"""The session state machine on its own (session_state.py): the initial settings, one attempt at
a time on a named worker thread, late results of older attempts dropped, a bug reported rather
than a hang, and a reset a logout left for the worker holding the client."""

from __future__ import annotations

import threading
import zlib
from concurrent.futures import Future
from typing import Any

import pytest

from graphistry_jupyter.session.errors import LoginError
from graphistry_jupyter.session.session_state import BADGE_COLORS, SessionState, badge_color
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
    return SessionState.settings("hub:1", "http", **{**arguments, **overrides})


class Session(SessionState):
    """A session whose client reset is counted."""

    def __init__(self, **traits: Any) -> None:
        super().__init__(**(traits or settings(label="prod")))
        self.resets = 0

    def _reset_client(self) -> None:
        self.resets += 1


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


def test_the_target_carries_every_login_setting() -> None:
    session = Session(
        **settings(
            org="acme",
            store_credentials=True,
            deadline_s=7.0,
            client_protocol_hostname="https://graphs.example.com",
            certificate_validation="/ca.pem",
        )
    )
    target = session._target()
    assert (target.server, target.protocol, target.org, target.store_credentials) == (
        "hub:1",
        "http",
        "acme",
        True,
    )
    assert (target.deadline_s, target.client_protocol_hostname, target.verify) == (
        7.0,
        "https://graphs.example.com",
        "/ca.pem",
    )
    assert Session(**settings(certificate_validation=False))._target().verify is False


def run(session: Session, work: Any) -> Future[None]:
    return session._run_attempt(work)


def test_an_attempt_runs_on_a_named_daemon_thread_with_its_number() -> None:
    session = Session()
    session.error, session.sso_url = "old error", "https://old"
    seen: list[tuple[int, str, bool, str, str, str]] = []

    def work(attempt: int) -> None:
        thread = threading.current_thread()
        seen.append(
            (attempt, thread.name, thread.daemon, session.status, session.error, session.sso_url)
        )
        session.status = "logged_in"  # as a login's own work does

    run(session, work).result(DONE_S)
    run(session, work).result(DONE_S)
    assert seen == [
        (1, "graphistry-login-prod", True, "logging_in", "", ""),
        (2, "graphistry-login-prod", True, "logging_in", "", ""),
    ]


def test_a_second_attempt_while_one_is_pending_is_refused() -> None:
    session = Session()
    release = threading.Event()
    first = run(session, lambda attempt: release.wait(DONE_S) and None)
    with pytest.raises(LoginError) as raised:
        run(session, lambda attempt: None)
    assert str(raised.value) == "A login is already in progress: wait for it or cancel it."
    release.set()
    first.result(DONE_S)


def test_a_login_error_is_the_attempts_state() -> None:
    session = Session()

    def work(attempt: int) -> None:
        session.sso_url = "https://sso"
        raise LoginError("Wrong password.")

    with pytest.raises(LoginError, match=r"^Wrong password\.$"):
        run(session, work).result(DONE_S)
    assert (session.status, session.error, session.sso_url) == ("error", "Wrong password.", "")


def test_a_bug_of_ours_is_reported_not_left_hanging() -> None:
    session = Session()

    def work(attempt: int) -> None:
        session.sso_url = "https://sso"
        raise KeyError("oops")

    with pytest.raises(LoginError) as raised:
        run(session, work).result(DONE_S)
    assert str(raised.value) == "Login failed unexpectedly: KeyError"
    assert (session.status, session.error, session.sso_url) == (
        "error",
        "Login failed unexpectedly: KeyError",
        "",
    )


@pytest.mark.parametrize("failure", [LoginError("late"), KeyError("late")])
def test_a_cancelled_attempts_late_failure_changes_nothing(failure: BaseException) -> None:
    session = Session()
    release = threading.Event()

    def work(attempt: int) -> None:
        release.wait(DONE_S)
        raise failure

    future = run(session, work)
    session.cancel()
    assert (session.status, session.error, session.sso_url) == ("logged_out", "", "")
    release.set()
    with pytest.raises(LoginError):
        future.result(DONE_S)
    assert (session.status, session.error) == ("logged_out", "")


def test_cancel_clears_what_the_pending_login_showed_and_moves_on_one_attempt() -> None:
    session = Session()
    release = threading.Event()
    attempts: list[int] = []

    def work(attempt: int) -> None:
        attempts.append(attempt)
        session.sso_url, session.error = "https://sso", "shown"
        release.wait(DONE_S)

    future = run(session, work)
    wait_for(lambda: session.sso_url == "https://sso", "the attempt to start")
    session.status = "sso_pending"
    session.cancel()
    assert (session.status, session.sso_url, session.error) == ("logged_out", "", "")
    release.set()
    future.result(DONE_S)
    run(session, attempts.append).result(DONE_S)
    assert attempts == [1, 3], "the cancel took one attempt number, the next login the next"


def test_cancel_does_nothing_unless_a_login_is_pending() -> None:
    session = Session()
    session.status, session.error = "error", "kept"
    session.cancel()
    assert (session.status, session.error) == ("error", "kept")
    run(session, lambda attempt: None).result(DONE_S)
    assert session._attempt == 1


def test_a_reset_happens_at_once_when_the_client_is_free() -> None:
    session = Session()
    session._reset_session_soon()
    assert session.resets == 1
    with session._using_client():
        pass
    assert session.resets == 1, "nothing was left pending"


def test_a_reset_waits_for_the_worker_that_holds_the_client() -> None:
    session = Session()
    holding, release = threading.Event(), threading.Event()

    def worker() -> None:
        with session._using_client():
            holding.set()
            release.wait(DONE_S)

    thread = threading.Thread(target=worker)
    thread.start()
    holding.wait(DONE_S)
    session._reset_session_soon()  # returns at once: the worker holds the client
    assert session.resets == 0
    release.set()
    thread.join(DONE_S)
    assert session.resets == 1, "done when the worker let go"
    with session._using_client():
        pass
    assert session.resets == 1, "and only once"


def test_title_is_user_at_server_or_the_server() -> None:
    session = Session()
    assert session.title == "hub:1"
    session.username = "alice"
    assert session.title == "alice@hub:1"
