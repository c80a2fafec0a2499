"""How a plot's uploads go: edges and nodes at the same time, over kept-alive connections."""

from __future__ import annotations

import logging
import threading

import pytest

from graphistry_jupyter import LocalHub, PlotError
from graphistry_jupyter.hub import Fault
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import dataset_on, requests_to
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

UPLOADS = "/api/v2/upload/datasets/*"


def test_the_nodes_upload_starts_while_the_edges_upload_is_still_unanswered(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    g = prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id")
    held: list[Fault] = []

    def hold_uploads(stage: str, _sent: int, _total: int) -> None:
        # Called just before each request goes out: from the first upload on, the hub holds
        # every upload unanswered, so a second one can only arrive if it did not wait.
        if stage.startswith("uploading") and not held:
            held.append(hub.faults.inject(UPLOADS, "hang", method="POST"))

    result: list[str] = []
    plotting = threading.Thread(
        target=lambda: result.append(prod.account.plot(g, on_progress=hold_uploads).url)
    )
    plotting.start()
    try:
        wait_for(lambda: held and held[0].hits == 2, "both uploads to reach the hub at once")
    finally:
        for fault in held:
            fault.remove()
        plotting.join(30)

    (url,) = result
    dataset = dataset_on(hub, url)
    assert (dataset["edges"], dataset["nodes"]) == (3, 3)
    paths = [r.path.rsplit("/", 2)[-2:] for r in requests_to(hub, "/api*")]
    assert sorted(paths[-2:]) == [["edges", "arrow"], ["nodes", "arrow"]]


def test_one_of_the_two_uploads_failing_fails_the_plot_and_the_next_plot_works(
    hub: LocalHub,
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    g = prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id")
    refused: list[Fault] = []

    def refuse_one_upload(stage: str, _sent: int, _total: int) -> None:
        # From the first upload on (the create has succeeded), the next upload request is refused.
        if stage.startswith("uploading") and not refused:
            refused.append(hub.faults.inject(UPLOADS, "status", status=500, times=1))

    with pytest.raises(PlotError, match=r"refused the upload \(HTTP 500\) while uploading"):
        prod.account.plot(g, on_progress=refuse_one_upload)
    assert refused[0].hits == 1
    assert prod.account.plot(g).url.startswith(hub.url)


def test_a_failed_upload_on_the_helper_thread_logs_nothing(
    hub: LocalHub, caplog: pytest.LogCaptureFixture
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    g = prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id")
    refused: list[Fault] = []

    def refuse_the_edges(stage: str, _sent: int, _total: int) -> None:
        # The edges go up on the helper thread; refuse every upload once they have started.
        if "edges" in stage and not refused:
            refused.append(hub.faults.inject(UPLOADS, "status", status=500))

    with caplog.at_level(logging.DEBUG), pytest.raises(PlotError):
        prod.account.plot(g, on_progress=refuse_the_edges)
    assert refused[0].hits >= 1
    errors = [
        r for r in caplog.records if r.name.startswith("graphistry") and r.levelno >= logging.ERROR
    ]
    assert not errors, caplog.text
