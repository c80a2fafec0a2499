"""The global session guard (session/isolation.py): what a client's login writes into the
kernel-global graphistry session is put back, field by field, and only that; a failed login too,
and logins on other threads never wait for each other."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter.session import isolation
from graphistry_jupyter.session.isolation import global_session_untouched

MISSING = object()


def guarded(session: Any) -> dict[str, object]:
    return {
        name: getattr(session, name, MISSING) for name in ("org_name", "_last_switched_org_token")
    }


@pytest.fixture
def session() -> Iterator[Any]:
    """The global session, its guarded fields set to the user's own values, and put back after."""
    session = PyGraphistry.session
    saved = guarded(session)
    session.org_name = "users-org"
    session._last_switched_org_token = ("users-org", "users-token")
    yield session
    for name, value in saved.items():
        if value is MISSING:
            if hasattr(session, name):
                delattr(session, name)
        else:
            setattr(session, name, value)


def test_each_guarded_field_a_login_writes_is_put_back(session: Any) -> None:
    with global_session_untouched():
        session.org_name = "leaked-org"
        session._last_switched_org_token = ("leaked-org", "leaked-token")

    assert guarded(session) == {
        "org_name": "users-org",
        "_last_switched_org_token": ("users-org", "users-token"),
    }


def test_a_field_the_login_cleared_is_put_back(session: Any) -> None:
    with global_session_untouched():
        session.org_name = None
        del session._last_switched_org_token

    assert guarded(session) == {
        "org_name": "users-org",
        "_last_switched_org_token": ("users-org", "users-token"),
    }


def test_a_field_the_session_never_had_reads_as_none_to_the_guard(
    session: Any,
) -> None:
    del session._last_switched_org_token
    with global_session_untouched():
        pass
    assert guarded(session)["_last_switched_org_token"] is MISSING

    with global_session_untouched():
        session._last_switched_org_token = ("leaked-org", "leaked-token")
    assert guarded(session)["_last_switched_org_token"] is None


def failing_login(session: Any) -> None:
    with global_session_untouched():
        session.org_name = "leaked-org"
        raise RuntimeError("login failed")


def test_the_guard_lets_the_logins_error_through(session: Any) -> None:
    with pytest.raises(RuntimeError, match=r"^login failed$"):
        failing_login(session)

    assert session.org_name == "users-org"


def on_another_thread(block: Callable[[], None]) -> None:
    """Runs ``block`` on another thread; fails if it has not finished within 10 s (it would be
    waiting for the block this thread is in)."""
    thread = threading.Thread(target=block, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "the other thread's login waited for this one"


def test_a_login_under_way_holds_up_no_other_thread(session: Any) -> None:
    """A guarded block wraps a network call that may hang: another account's login, logout or a
    new widget (each a guarded block) must not wait for it."""

    def another_login() -> None:
        with global_session_untouched():
            session.org_name = "other-leak"

    with global_session_untouched():
        on_another_thread(another_login)
        assert session.org_name == "users-org", "the other login's leak is gone when it returns"
    assert session.org_name == "users-org"


def test_overlapping_logins_put_back_the_users_value_not_each_others_leaks(
    session: Any,
) -> None:
    """The interleaving a per-block snapshot gets wrong: B starts after A's leak, A leaves, B
    leaves; B must not put A's leak back as if it were the user's value."""
    a_leaked, b_started, a_left = threading.Event(), threading.Event(), threading.Event()

    def login_b() -> None:
        a_leaked.wait(10)
        with global_session_untouched():
            b_started.set()
            a_left.wait(10)
            session.org_name = "b-leak"

    thread = threading.Thread(target=login_b, daemon=True)
    thread.start()
    with global_session_untouched():
        session.org_name = "a-leak"
        a_leaked.set()
        assert b_started.wait(10)
    a_left.set()
    thread.join(10)
    assert guarded(session)["org_name"] == "users-org"


def test_the_guard_is_released_after_a_failed_login(session: Any) -> None:
    with pytest.raises(RuntimeError):
        failing_login(session)
    assert isolation._active == 0
    session.org_name = "changed-by-the-user-later"
    with global_session_untouched():
        pass
    assert session.org_name == "changed-by-the-user-later", "a later block's baseline is fresh"


def test_the_guard_is_a_context_manager_that_yields_nothing() -> None:
    with global_session_untouched() as value:
        assert value is None


def test_what_a_login_writes_into_the_global_session_is_put_back() -> None:
    session = PyGraphistry.session
    before = (session.org_name, getattr(session, "_last_switched_org_token", None))
    with global_session_untouched():
        session.org_name = "leaked-org"
        session._last_switched_org_token = "leaked-token"
    assert (session.org_name, getattr(session, "_last_switched_org_token", None)) == before


def test_the_global_session_is_put_back_when_the_login_fails() -> None:
    session = PyGraphistry.session
    before = session.org_name

    def failing_login() -> None:
        with global_session_untouched():
            session.org_name = "leaked-org"
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing_login()
    assert session.org_name == before


def test_fields_the_login_did_not_change_are_left_alone() -> None:
    session = PyGraphistry.session
    before = session.org_name
    changed_meanwhile = "set-by-the-user-meanwhile"
    try:
        with global_session_untouched():
            pass
        session.org_name = changed_meanwhile
        with global_session_untouched():
            session.api_token = session.api_token  # unrelated field, not guarded
        assert session.org_name == changed_meanwhile
    finally:
        session.org_name = before


def test_the_guard_nests_as_a_reset_inside_a_login_does(session: Any) -> None:
    with global_session_untouched():
        with global_session_untouched():
            session.org_name = "leaked-org"
        assert session.org_name == "users-org"
        session.org_name = "leaked-again"
    assert session.org_name == "users-org"
    assert isolation._active == 0
