"""A closed widget lets go of everything it held: its account, client and connections (a login
widget), its tables (a plot), so they can be collected (checked with weak references, in this
process; not yet in a real kernel through nbclient). A closed login widget refuses login() and
plot() with a sentence."""

from __future__ import annotations

import gc
import weakref

import pytest

from graphistry_jupyter import LocalHub, LoginError, PlotError, PlotWidget
from tests.support.graphs import EDGES
from tests.widgets.conftest import login_widget


def test_a_closed_login_widget_and_its_account_and_client_are_collected(hub: LocalHub) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    refs = [weakref.ref(o) for o in (login, login.account, login.client)]

    login.close()
    del login
    gc.collect()

    assert [ref() is None for ref in refs] == [True, True, True]


def test_a_closed_plot_lets_go_of_its_tables(hub: LocalHub) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES.copy(), "src", "dst")
    table = weakref.ref(g._edges)
    view = PlotWidget(g, account=login)
    view.wait(30)
    del g

    view.close()
    del view
    login.close()
    del login
    gc.collect()

    assert table() is None


def test_a_closed_login_widget_refuses_login_and_plot_with_a_sentence(hub: LocalHub) -> None:
    login = login_widget(hub, label="gone").login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES, "src", "dst")
    login.close()

    closed = r"^The login widget of gone was closed: create a new LoginWidget to log in or plot"
    with pytest.raises(LoginError, match=closed):
        login.login(username="alice", password="alice-pw")
    with pytest.raises(LoginError, match=closed):
        login.plot(g)
    with pytest.raises(PlotError, match=r"^The login widget of gone was closed"):
        login.account.plot(g)
