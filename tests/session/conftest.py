"""What the session tests share: the accounts a test makes, closed after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphistry_jupyter.session.account import Account


@pytest.fixture
def accounts() -> Iterator[list[Account]]:
    """A list a test appends the accounts it makes to; each is closed after the test."""
    made: list[Account] = []
    yield made
    for account in made:
        account.close()
