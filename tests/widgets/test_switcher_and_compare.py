"""Moving a plot between accounts, and the same graph on several servers side by side."""

from __future__ import annotations

import threading
import time

import pytest

from graphistry_jupyter import LocalHub, PlotError, SwitcherWidget, compare
from tests.support.comm import send_from_view
from tests.support.graphs import EDGES
from tests.support.hubs import dataset_on, requests_to
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

CREATE = "/api/v2/upload/datasets/"  # one request per new dataset: per upload


def test_the_switcher_moves_a_plot_to_another_account_and_back_without_reuploading(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    g = prod.client.edges(EDGES, "src", "dst")

    switcher = SwitcherWidget(g)
    on_prod = switcher.wait(30)
    assert switcher.account is prod.account
    assert dataset_on(hub, on_prod)["owner"] == "alice"
    assert [o["name"] for o in switcher.options] == [
        f"prod (alice@{hub.server})",
        f"staging (bob@{staging_hub.server})",
    ]

    staging_id = switcher.options[1]["id"]
    send_from_view(switcher, {"type": "select", "id": staging_id})
    wait_for(
        lambda: switcher.status == "ready" and switcher.url.startswith(staging_hub.url), "move"
    )
    assert switcher.selected == staging_id
    assert dataset_on(staging_hub, switcher.url)["owner"] == "bob"
    assert (switcher.account_user, switcher.account_server) == ("bob", staging_hub.server)

    prod_uploads = len(requests_to(hub, CREATE))
    switcher.select(prod)
    assert switcher.wait(30) == on_prod
    assert len(requests_to(hub, CREATE)) == prod_uploads, "moving back reuses the URL: no upload"


def test_a_switcher_over_every_login_follows_logins_as_they_come_and_go(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    switcher = SwitcherWidget(prod.client.edges(EDGES, "src", "dst"))
    assert [o["name"] for o in switcher.options] == [f"prod (alice@{hub.server})"]

    staging = login_widget(staging_hub, label="staging")
    assert len(switcher.options) == 1, "a login appears once it is logged in"
    staging.login(username="bob", password="bob-pw")
    assert [o["name"].split(" ")[0] for o in switcher.options] == ["prod", "staging"]

    staging.close()
    assert [o["name"].split(" ")[0] for o in switcher.options] == ["prod"]


def test_a_switcher_limited_to_some_accounts_refuses_others(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    other = login_widget(staging_hub, label="other").login(username="bob", password="bob-pw")
    switcher = SwitcherWidget(prod.client.edges(EDGES, "src", "dst"), accounts=[prod])
    with pytest.raises(ValueError, match="not one of this switcher's accounts"):
        switcher.select(other)


def test_compare_shows_the_same_graph_on_each_server(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(
        username="alice", password="alice-pw"
    )
    g = prod.client.edges(EDGES, "src", "dst")

    grid = compare(g, prod, staging, height=300)
    prod_url, staging_url = grid.wait(30)

    assert prod_url.startswith(hub.url)
    assert staging_url.startswith(staging_hub.url)
    assert [v.account_label for v in grid.views] == ["prod", "staging"]
    assert all(v.height == 300 for v in grid.views)


def test_compare_keeps_going_when_one_account_fails(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    staging_hub.faults.inject("/api/v2/upload/datasets/", "status", status=500)

    grid = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)
    prod_view, staging_view = grid.views

    assert prod_view.wait(30).startswith(hub.url)
    with pytest.raises(PlotError):
        staging_view.wait(30)
    assert staging_view.error


def test_compare_uploads_in_parallel(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    held = hub.faults.inject("/api/v2/upload/datasets/", "hang")

    grid = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)
    prod_view, staging_view = grid.views

    assert staging_view.wait(30).startswith(staging_hub.url)
    assert prod_view.status == "uploading"
    held.remove()
    assert prod_view.wait(30).startswith(hub.url)


def test_compare_waits_once_for_all_its_views_not_once_per_view(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    # Each view becomes ready within the timeout of its own wait, counted from when that wait
    # started; the second only after the timeout has passed since the whole wait began.
    timeout = 1.5
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    held = [h.faults.inject(CREATE, "hang") for h in (hub, staging_hub)]
    grid = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)
    wait_for(lambda: all(fault.hits for fault in held), "both uploads to reach their hubs")
    outcome: list[object] = []
    finished = threading.Event()

    def wait() -> None:
        started = time.monotonic()
        try:
            outcome.append(grid.wait(timeout))
        except PlotError as exc:
            outcome.append(exc)
        outcome.append(time.monotonic() - started)
        finished.set()

    threading.Thread(target=wait, daemon=True).start()
    begun = time.monotonic()
    for fault, release_at in zip(held, (0.4 * timeout, 1.3 * timeout), strict=True):
        # Let this upload through at its moment, unless the wait has already ended.
        finished.wait(max(0.0, begun + release_at - time.monotonic()))
        fault.remove()
    assert finished.wait(30), "the wait ends"

    result, elapsed = outcome
    assert isinstance(result, PlotError), "the second view was not ready within the timeout"
    assert "not ready within 1.5 s" in str(result)
    assert elapsed < 1.3 * timeout
