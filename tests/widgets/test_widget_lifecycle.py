"""Widgets are views over an account: closing one releases everything it held on the account, so
a closed view never uploads again, and wrong arguments fail at once with the argument named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphistry_jupyter import (
    Account,
    LocalHub,
    LoginWidget,
    PlotWidget,
    SwitcherWidget,
    compare,
    logins,
)
from graphistry_jupyter.session import registry
from tests.support.graphs import EDGES
from tests.support.hubs import requests_to
from tests.widgets.conftest import login_widget


def observers_on(account: Account) -> int:
    """How many handlers are subscribed to any trait of ``account``."""
    return sum(
        len(handlers)
        for by_type in account._trait_notifiers.values()
        for handlers in by_type.values()
    )


def observers_from(account: Account, view: object) -> int:
    """How many of those handlers belong to ``view``: its own, or links that write into it."""

    def owner(handler: Any) -> object:
        # A bound method's object, or what a link or mirror writes into (its ``target``).
        bound = getattr(handler, "__self__", handler)
        target = getattr(bound, "target", None)
        if isinstance(target, tuple):
            return target[0]
        return bound if target is None else target

    return sum(
        owner(handler) is view
        for by_type in account._trait_notifiers.values()
        for handlers in by_type.values()
        for handler in handlers
    )


MakeView = Callable[[LoginWidget, Any], Any]
VIEWS: dict[str, MakeView] = {
    "PlotWidget": lambda login, g: PlotWidget(g, account=login),
    "login.plot": lambda login, g: login.plot(g),
    "SwitcherWidget(accounts=[...])": lambda login, g: SwitcherWidget(g, accounts=[login]),
    "SwitcherWidget()": lambda login, g: SwitcherWidget(g),
    "compare": lambda login, g: compare(g, login),
}


@pytest.mark.parametrize("make_view", VIEWS.values(), ids=VIEWS.keys())
def test_a_closed_view_leaves_no_observer_and_never_uploads_again(
    hub: LocalHub, make_view: MakeView
) -> None:
    login = login_widget(hub)
    login.login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES, "src", "dst")
    before = observers_on(login.account)

    view = make_view(login, g)
    view.wait(30)
    assert observers_on(login.account) > before, "a live view follows its account"
    view.close()

    assert observers_on(login.account) == before
    login.logout()
    hub.clear_requests()
    login.login(username="alice", password="alice-pw")
    assert requests_to(hub, "/api/v2/upload/*") == [], "the closed view uploaded again"


def test_a_closed_login_widget_leaves_no_observer_and_leaves_the_kernels_accounts(
    hub: LocalHub,
) -> None:
    login = login_widget(hub)
    account = login.account
    assert observers_from(account, login) > 0, "a live form mirrors its account"

    login.close()

    assert observers_from(account, login) == 0
    assert login not in logins()
    assert account not in registry.live()


@pytest.mark.parametrize(
    "make",
    [
        lambda hub, g: LoginWidget(server=hub.server, protocol="http", colour="red"),
        lambda hub, g: PlotWidget(g, account=login_widget(hub), hieght=300),
        lambda hub, g: SwitcherWidget(g, accounts=[login_widget(hub)], acounts=[]),
    ],
    ids=["LoginWidget", "PlotWidget", "SwitcherWidget"],
)
def test_an_unknown_argument_fails_at_once_and_names_itself(
    hub: LocalHub, make: Callable[[LocalHub, Any], Any]
) -> None:
    g = login_widget(hub, label="owner").client.edges(EDGES, "src", "dst")
    live_before = len(logins())
    with pytest.raises(TypeError, match=r"unexpected keyword argument: (colour|hieght|acounts)"):
        make(hub, g)
    assert len(logins()) <= live_before + 1, "a rejected LoginWidget left no account behind"


def test_views_take_a_login_widget_or_its_account_alike(hub: LocalHub) -> None:
    login = login_widget(hub)
    login.login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES, "src", "dst")

    by_widget = PlotWidget(g, account=login)
    url = by_widget.wait(30)
    by_account = PlotWidget(g, account=login.account)

    assert by_widget.account is by_account.account is login.account
    assert by_account.wait(30) == url, "the same account's cached URL"


def test_something_that_is_not_an_account_is_refused_with_what_to_pass(hub: LocalHub) -> None:
    g = login_widget(hub).client.edges(EDGES, "src", "dst")
    with pytest.raises(TypeError, match="Expected a LoginWidget or an Account, not str"):
        compare(g, "prod")  # type: ignore[arg-type]


Make = Callable[[LocalHub, Any], Any]
BAD_VALUES: dict[str, tuple[Make, str]] = {
    "LoginWidget server": (lambda hub, g: LoginWidget(server=" "), "Enter a server"),
    "LoginWidget protocol": (
        lambda hub, g: LoginWidget(server=hub.server, protocol="ftp"),
        "Protocol must be http or https",
    ),
    "LoginWidget server with a password": (
        lambda hub, g: LoginWidget(server=f"alice:pw@{hub.server}"),
        "must not contain a user name or password",
    ),
    "LoginWidget browser address": (
        lambda hub, g: login_widget(hub, client_protocol_hostname="graphs.example.com"),
        "needs its scheme",
    ),
    "LoginWidget method": (lambda hub, g: login_widget(hub, method="pin"), "method must be one of"),
    "LoginWidget privacy": (lambda hub, g: login_widget(hub, privacy="all"), "privacy must be one"),
    "Account server": (lambda hub, g: Account("https://h/p"), "has a path"),
    "PlotWidget height": (
        lambda hub, g: PlotWidget(g, account=login_widget(hub), height=0),
        "height must be a positive number of pixels",
    ),
    "SwitcherWidget accounts": (
        lambda hub, g: SwitcherWidget(g, accounts=[]),
        "needs at least one account",
    ),
    "compare accounts": (lambda hub, g: compare(g), "needs at least one account"),
}


@pytest.mark.parametrize(("make", "message"), BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_an_argument_value_that_cannot_be_used_is_a_value_error(
    hub: LocalHub, make: Make, message: str
) -> None:
    g = login_widget(hub, label="owner").client.edges(EDGES, "src", "dst")
    with pytest.raises(ValueError, match=message) as caught:
        make(hub, g)
    assert type(caught.value) is ValueError, "the same kind of mistake, the same exception"


WRONG_TYPES: dict[str, tuple[Make, str]] = {
    "LoginWidget label": (
        lambda hub, g: login_widget(hub, label=5),
        "label must be a str, not int",
    ),
    "LoginWidget org": (lambda hub, g: login_widget(hub, org=["acme"]), "org must be a str"),
    "LoginWidget color": (lambda hub, g: login_widget(hub, color=0x123456), "color must be a str"),
    "LoginWidget deadline_s": (
        lambda hub, g: login_widget(hub, deadline_s="30"),
        "deadline_s must be a number of seconds, not str",
    ),
    "LoginWidget remember": (
        lambda hub, g: login_widget(hub, remember="yes"),
        "remember must be True or False, not str",
    ),
    "LoginWidget certificate_validation": (
        lambda hub, g: login_widget(hub, certificate_validation=1),
        "certificate_validation must be True, False or a CA bundle's path, not int",
    ),
    "PlotWidget height": (
        lambda hub, g: PlotWidget(g, account=login_widget(hub), height="600"),
        "height must be a whole number of pixels, not str",
    ),
    "PlotWidget deadline_s": (
        lambda hub, g: PlotWidget(g, account=login_widget(hub), deadline_s=None),
        "deadline_s must be a number of seconds, not NoneType",
    ),
}


@pytest.mark.parametrize(("make", "message"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_an_argument_of_the_wrong_type_is_a_type_error_naming_it(
    hub: LocalHub, make: Make, message: str
) -> None:
    g = login_widget(hub, label="owner").client.edges(EDGES, "src", "dst")
    with pytest.raises(TypeError, match=message):
        make(hub, g)


def test_the_old_name_of_the_settle_count_still_reads_it_and_warns(hub: LocalHub) -> None:
    login = login_widget(hub)
    login.settle_count = 2  # as the front end writes it
    with pytest.warns(DeprecationWarning, match="settled is now settle_count"):
        assert login.settled == 2
