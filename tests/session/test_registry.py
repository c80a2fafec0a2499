"""The kernel's one registry of live logins (session/registry.py): accounts in creation order,
the view presenting each, weakly, and the account a plottable was made by."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pandas as pd
import pytest

from graphistry_jupyter.session import registry
from graphistry_jupyter.session.account import Account


class Form:
    """Stands for a login form: anything may present an account."""


class OtherView:
    pass


@pytest.fixture
def made() -> Iterator[list[Account]]:
    accounts: list[Account] = []
    yield accounts
    for account in accounts:
        account.close()


def account(made: list[Account], label: str) -> Account:
    made.append(Account("hub:1", "http", label=label))  # makes no request
    return made[-1]


def test_presenters_of_a_kind_follow_their_accounts_order(made: list[Account]) -> None:
    first, second, bare = account(made, "a"), account(made, "b"), account(made, "c")
    second_form, first_form, other = Form(), Form(), OtherView()
    registry.present(second, second_form)
    registry.present(first, first_form)
    registry.present(bare, other)
    assert registry.presenters(Form) == [first_form, second_form]
    assert registry.presenters(OtherView) == [other]
    assert registry.live()[-3:] == [first, second, bare]


def test_a_closed_account_takes_its_presenter_with_it(made: list[Account]) -> None:
    shown = account(made, "a")
    form = Form()
    registry.present(shown, form)
    shown.close()
    assert shown not in registry.live()
    assert form not in registry.presenters(Form)


def test_a_presenter_is_held_weakly(made: list[Account]) -> None:
    shown = account(made, "a")
    registry.present(shown, Form())
    gc.collect()
    assert registry.presenters(Form) == []
    assert shown in registry.live(), "the account stays live without its view"


def test_a_plottable_belongs_to_the_account_whose_client_made_it(made: list[Account]) -> None:
    owner = account(made, "a")
    g = owner.client.edges(pd.DataFrame({"s": [1], "d": [2]}), "s", "d")
    assert registry.account_of(g) is owner
    assert registry.account_of(object()) is None
    owner.close()
    assert registry.account_of(g) is None
