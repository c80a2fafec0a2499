"""Re-running a cell that makes a login form replaces the form it made before, never duplicates
it: a LoginWidget made with the same label and server as a live one closes that one, logged out,
and its plots say they were replaced; logins(), the live accounts and switchers list one entry."""

from __future__ import annotations

from graphistry_jupyter import LocalHub, SwitcherWidget, logins
from graphistry_jupyter.session.registry import live
from tests.support.graphs import EDGES
from tests.widgets.conftest import login_widget


def test_a_form_of_the_same_label_and_server_replaces_the_live_one(hub: LocalHub) -> None:
    first = login_widget(hub).login(username="alice", password="alice-pw")
    plot = first.plot(first.client.edges(EDGES, "src", "dst"))
    plot.wait(30)

    second = login_widget(hub).login(username="alice", password="alice-pw")

    assert logins() == [second]
    assert live() == [second.account]
    assert first.comm is None, "the older form is closed"
    assert (first.account.status, first.account.username) == ("logged_out", "")
    assert plot.status == "error"
    assert "replaced by a newer one" in plot.error
    assert "run this plot's cell again" in plot.error


def test_a_switcher_lists_the_replacing_form_once(hub: LocalHub) -> None:
    first = login_widget(hub).login(username="alice", password="alice-pw")
    switcher = SwitcherWidget(first.client.edges(EDGES, "src", "dst"))
    switcher.wait(30)

    second = login_widget(hub).login(username="alice", password="alice-pw")

    assert [o["name"] for o in switcher.options] == [f"prod ({second.account.title})"]


def test_forms_of_another_label_or_server_stay(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod = login_widget(hub, label="prod")
    other_label = login_widget(hub, label="prod-2")
    other_server = login_widget(staging_hub, label="prod")

    assert logins() == [prod, other_label, other_server]
    assert all(w.comm is not None for w in (prod, other_label, other_server))
