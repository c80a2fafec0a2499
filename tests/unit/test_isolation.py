"""The global session guard (isolation.py), field by field: what a client's login writes into the
kernel-global graphistry session is put back, and only that. (test_log_redaction.py has the
guard's first tests: a failed login, unrelated fields, the lock.)"""

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
