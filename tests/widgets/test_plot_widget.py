"""Inline plots through each login's own client, against real local hubs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

import pandas as pd
import pytest
from traitlets import HasTraits

from graphistry_jupyter import LocalHub, PlotError, PlotWidget
from graphistry_jupyter.plots import job as plot_job
from graphistry_jupyter.widgets.base import ViewWidget
from tests.support.comm import CommLog, send_from_view
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import dataset_on, requests_to
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


def test_a_plot_uploads_through_its_account_and_shows_the_viewer_url(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    g = prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id")

    view = prod.plot(g, height=420)
    url = view.wait(30)

    assert url.startswith(f"{hub.url}/graph/graph.html?dataset=")
    assert (view.status, view.height, view.url) == ("ready", 420, url)
    assert (view.account_label, view.account_user, view.account_server) == (
        "prod",
        "alice",
        hub.server,
    )
    dataset = dataset_on(hub, url)
    assert (dataset["owner"], dataset["edges"], dataset["nodes"]) == ("alice", 3, 3)


def test_a_plot_costs_only_the_dataset_create_and_the_uploads(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    hub.clear_requests()

    prod.plot(prod.client.edges(EDGES, "src", "dst")).wait(30)
    edges_only = [(r.method, r.path) for r in requests_to(hub, "/api*")]
    hub.clear_requests()
    prod.plot(prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id")).wait(30)
    with_nodes = [(r.method, r.path) for r in requests_to(hub, "/api*")]

    # pygraphistry alone refreshes the token first on every plot (3 and 4 round trips).
    assert [path.rsplit("/", 2)[-2:] for _, path in edges_only] == [
        ["datasets", ""],
        ["edges", "arrow"],
    ]
    assert len(with_nodes) == 3
    assert not any("refresh" in path for _, path in edges_only + with_nodes)


@pytest.mark.parametrize("every_block", [False, True], ids=["thinned", "every block"])
def test_upload_progress_rises_monotonically_to_the_total_of_each_upload(
    hub: LocalHub, comm_log: CommLog, monkeypatch: pytest.MonkeyPatch, every_block: bool
) -> None:
    # Thinned as shipped, the last block must still be reported; with every block the socket
    # reads reported, the view sees an upload several hundred KB long climb block by block.
    if every_block:
        monkeypatch.setattr(plot_job, "PROGRESS_INTERVAL_S", 0.0)
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    n = 20_000
    edges = pd.DataFrame({"src": range(n), "dst": [(i * 7 + 1) % n for i in range(n)]})
    view = prod.plot(prod.client.edges(edges, "src", "dst"))
    view.wait(30)

    # What the view saw after each message on the wire: (stage, bytes_sent, bytes_total).
    seen: list[tuple[str, int, int]] = []
    merged: dict[str, object] = {}
    for state in comm_log.states():
        if {"stage", "bytes_sent", "bytes_total"} & state.keys():
            merged.update(state)
            seen.append(
                (str(merged["stage"]), int(merged["bytes_sent"]), int(merged["bytes_total"]))
            )
    assert all(sent <= total or total == 0 for _, sent, total in seen), seen
    stages = [stage for stage, _, _ in seen]
    assert "creating dataset" in stages
    edges_upload = [(sent, total) for stage, sent, total in seen if stage == "uploading edges"]
    # A streamed upload's size is known only at its end: until then the total is an estimate
    # from the rows sent so far, and it settles on the bytes sent.
    sent = [s for s, _ in edges_upload]
    assert sent[0] == 0, "the upload starts at zero"
    assert sent == sorted(sent), f"bytes_sent went back: {sent}"
    total = edges_upload[-1][1]
    assert sent[-1] == total, "the upload ends with every byte sent"
    if every_block:
        assert len(set(sent)) > 2, f"the bytes climbed through intermediate values: {sent}"
    assert total > 100_000, "the upload is the 20,000 edges, not a stub"


def test_a_dask_table_whose_byte_size_is_unknown_shows_its_rows_climbing_to_the_whole_table(
    hub: LocalHub, comm_log: CommLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dask table's length costs a pass over it, and its Arrow size is known only once it has
    # all gone: the rows streamed so far are what the view can show meanwhile.
    dd = pytest.importorskip("dask.dataframe")
    monkeypatch.setattr(plot_job, "PROGRESS_INTERVAL_S", 0.0)  # every batch reaches the wire
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    n = 12_000
    frame = pd.DataFrame({"src": range(n), "dst": [(i * 7 + 1) % n for i in range(n)]})
    view = prod.plot(prod.client.edges(dd.from_pandas(frame, npartitions=4), "src", "dst"))
    url = view.wait(60)

    # What the view saw after each message on the wire: (rows_sent, rows_total, bytes_total).
    seen: list[tuple[int, int, int]] = []
    merged: dict[str, object] = {"rows_sent": 0, "rows_total": 0, "bytes_total": 0}
    for state in comm_log.states():
        if {"rows_sent", "rows_total", "bytes_total"} & state.keys():
            merged.update(state)
            seen.append(
                (int(merged["rows_sent"]), int(merged["rows_total"]), int(merged["bytes_total"]))
            )
    sent = [rows for rows, _, _ in seen]
    assert sent == sorted(sent), f"rows_sent went back: {sent}"
    climbing = [rows for rows, total, size in seen if 0 < rows < n and total == 0 and size == 0]
    assert len(set(climbing)) >= 2, f"the rows climbed while the size was unknown: {seen}"
    assert seen[-1][:2] == (n, n), f"the last report counts the whole table: {seen[-1]}"
    assert all(rows <= total for rows, total, _ in seen if total), seen
    assert dataset_on(hub, url)["edges"] == n


def test_every_stage_of_an_upload_reaches_the_view_however_late_the_view_links_to_it(
    hub: LocalHub, comm_log: CommLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A busy kernel thread can be descheduled between making a plot's job and linking the view
    # to it: an upload already running would then finish unseen (only its last state copied),
    # or change between a link's first copy and its observer and leave the view stale.
    link = ViewWidget._mirror

    def late_link(view: ViewWidget, model: HasTraits, names: Iterable[str]) -> None:
        if isinstance(model, plot_job.PlotJob):
            with contextlib.suppress(PlotError):  # let a started upload run ahead, if any
                model.wait(2)
        link(view, model, names)

    monkeypatch.setattr(ViewWidget, "_mirror", late_link)
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    view.wait(30)

    stages = [str(state["stage"]) for state in comm_log.states() if "stage" in state]
    shown = [stage for stage in stages if stage]
    assert shown[:3] == ["starting", "creating dataset", "uploading edges"], stages
    statuses = [str(state["status"]) for state in comm_log.states() if "status" in state]
    assert "uploading" in statuses, statuses
    assert statuses[-1] == "ready", statuses


def test_a_plottable_made_before_login_plots_after_it(hub: LocalHub) -> None:
    prod = login_widget(hub)
    g = prod.client.edges(EDGES, "src", "dst")  # carries the session that login will replace

    view = prod.plot(g)
    assert view.status == "waiting"
    assert "Waiting for prod to log in" in view.stage

    prod.login(username="alice", password="alice-pw")
    assert view.wait(30).startswith(hub.url)


def test_a_session_that_cannot_be_refreshed_expires_and_plots_retry_after_the_next_login() -> None:
    # Tokens shorter-lived than the refresh margin are refreshed before every plot.
    with LocalHub(users={"alice": "alice-pw"}, token_ttl=30, instruments=True) as hub:
        prod = login_widget(hub).login(username="alice", password="alice-pw")
        refresh_fails = hub.faults.inject("/api/v2/auth/token/refresh", "status", status=400)

        view = prod.plot(prod.client.edges(EDGES, "src", "dst"))
        with pytest.raises(
            PlotError, match=r"has ended \(it expired or the server revoked it\): log in again"
        ):
            view.wait(30)
        assert prod.status == "expired"
        assert "log in again" in prod.error

        refresh_fails.remove()
        prod.login(username="alice", password="alice-pw")
        assert view.wait(30).startswith(hub.url)


def test_a_hung_upload_fails_within_the_deadline_and_the_caller_is_never_blocked(
    hub: LocalHub,
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    hub.faults.inject("/api/v2/upload/datasets/", "hang")

    view = PlotWidget(prod.client.edges(EDGES, "src", "dst"), account=prod, deadline_s=1)
    # Had creating the widget waited for the server, the upload would already have failed.
    assert view.status == "uploading", "creating the widget must not wait for the upload"

    with pytest.raises(PlotError, match="did not answer within 1 s while creating dataset"):
        view.wait(10)
    assert view.status == "error"


def test_a_server_error_during_upload_is_shown_and_replot_recovers(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    fault = hub.faults.inject("/api/v2/upload/datasets/*", "status", status=500)
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    with pytest.raises(PlotError, match=r"failed \(HTTP 500\) while creating dataset"):
        view.wait(30)

    fault.remove()
    send_from_view(view, {"type": "replot"})
    assert view.wait(30).startswith(hub.url)


def test_replot_uploads_again(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    first = view.wait(30)
    view.replot()
    wait_for(lambda: view.status == "ready" and view.url != first, "a second upload")
    assert dataset_on(hub, view.url)["id"] != dataset_on(hub, first)["id"]


def test_the_plot_shows_its_privacy_from_the_account(hub: LocalHub) -> None:
    public = login_widget(hub, privacy="public").login(username="alice", password="alice-pw")
    view = public.plot(public.client.edges(EDGES, "src", "dst"))
    url = view.wait(30)
    assert view.privacy == "public"
    assert dataset_on(hub, url)["privacy"] == "public"

    org_only = login_widget(hub, label="org", org="acme", privacy="org")
    org_only.login(username="bob", password="bob-pw")
    view = org_only.plot(org_only.client.edges(EDGES, "src", "dst"))
    url = view.wait(30)
    assert view.privacy == "organization"
    dataset = dataset_on(hub, url)
    assert (dataset["privacy"], dataset["org"]) == ("organization", "acme")


def test_the_static_fallback_names_the_plot_and_links_it(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst").name("Friends"))
    url = view.wait(30)

    data, _metadata = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    html = data["text/html"]
    assert f'href="{url.replace("&", "&amp;")}"' in html
    assert f"<strong>Friends</strong> on prod (alice@{hub.server})" in html
    # The viewer needs the kernel's grant for a private plot: a frame would ask to sign in.
    assert "<iframe" not in html


def test_plots_on_two_accounts_upload_concurrently(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    held = hub.faults.inject("/api/v2/upload/datasets/", "hang")

    slow = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    fast = staging.plot(staging.client.edges(EDGES, "src", "dst"))

    assert fast.wait(30).startswith(staging_hub.url)
    assert slow.status == "uploading"
    held.remove()
    assert slow.wait(30).startswith(hub.url)


def test_a_deadline_set_on_the_view_applies_to_the_next_upload(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    hub.faults.inject("/api/v2/upload/datasets/", "hang")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))

    view.deadline_s = 1
    view.replot()

    with pytest.raises(PlotError, match="did not answer within 1 s"):
        view.wait(10)
