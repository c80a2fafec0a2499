"""What compare() shows per pane to tell plots apart: rows plotted and when they were uploaded."""

from __future__ import annotations

import time

from graphistry_jupyter import LocalHub
from tests.support.graphs import EDGES, NODES
from tests.widgets.conftest import login_widget


def test_a_ready_plot_says_how_many_rows_it_plotted_and_when_it_was_uploaded(
    hub: LocalHub,
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    before = time.time()
    view = prod.plot(prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id"))
    view.wait(30)

    assert (view.edge_rows, view.node_rows) == (len(EDGES), len(NODES))
    assert before <= view.uploaded_at <= time.time()


def test_an_edges_only_plot_has_no_node_rows_and_a_replot_is_a_new_upload_time(
    hub: LocalHub,
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    view.wait(30)
    first = view.uploaded_at
    assert (view.edge_rows, view.node_rows) == (len(EDGES), 0)

    view.replot()
    view.wait(30)
    assert view.uploaded_at > first > 0
