"""The global session guard (session/isolation.py): what a client's login writes into the
kernel-global graphistry session is put back, field by field, and only that; a failed login too,
and logins are serialised on its lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
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


def test_the_guard_is_released_after_a_login_even_a_failed_one(session: Any) -> None:
    def free_for_another_thread() -> bool:
        got: list[bool] = []

        def other_thread() -> None:
            got.append(isolation._global_guard.acquire(blocking=False))
            if got[0]:
                isolation._global_guard.release()

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        return got[0]

    with global_session_untouched():
        assert not free_for_another_thread()
    assert free_for_another_thread()

    with pytest.raises(RuntimeError):
        failing_login(session)
    assert free_for_another_thread()


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


def test_the_guard_is_reentrant_and_serialises_logins() -> None:
    from graphistry_jupyter.session import isolation

    tried: list[bool] = []

    def another_login() -> None:
        got = isolation._global_guard.acquire(blocking=False)
        tried.append(got)
        if got:
            isolation._global_guard.release()

    with global_session_untouched(), global_session_untouched():  # a reset inside a login
        thread = threading.Thread(target=another_login)
        thread.start()
        thread.join()
    assert tried == [False], "another thread's login waits for the one under way"
    another_login()
    assert tried == [False, True]
