"""The reliability suite shares the widget tests' clean-up: every login widget is closed after
each test."""

from tests.widgets.conftest import _no_logins_left

__all__ = ["_no_logins_left"]
