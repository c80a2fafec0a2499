"""A view whose host does not say whether a kernel is behind it asks with ``ping``
(js/src/widgets/kernel.ts): every widget answers ``pong`` at once, and nothing else."""

from __future__ import annotations

from graphistry_jupyter import LocalHub, PlotWidget, SwitcherWidget, compare
from graphistry_jupyter.widgets import messages
from tests.support.comm import CommLog, send_from_view
from tests.support.graphs import EDGES
from tests.widgets.conftest import login_widget


def test_every_widget_answers_a_ping_with_a_pong(hub: LocalHub, comm_log: CommLog) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES, "src", "dst")
    widgets = {
        "login": login,
        "plot": PlotWidget(g, account=login),
        "switcher": SwitcherWidget(g, accounts=[login]),
        "compare": compare(g, login),
    }
    for name, widget in widgets.items():
        before = len(comm_log.custom_messages())
        send_from_view(widget, {"type": "ping"})
        assert comm_log.custom_messages()[before:] == [messages.compose(name, "pong")], name
