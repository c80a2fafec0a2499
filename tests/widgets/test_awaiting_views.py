"""Every view that waits can be awaited from an event loop: ``await login.login_async(...)``,
``url = await view``, ``urls = await compare(...)``, ``await switcher`` after ``select``; the
blocking ``login()`` and ``wait()`` are unchanged. Cancelling the awaiting task stops the upload,
and the view says so (widgets/plot.py, compare.py, login.py; the model in plots/job.py)."""

from __future__ import annotations

import asyncio

from graphistry_jupyter import CompareWidget, LocalHub, PlotWidget, SwitcherWidget, compare
from graphistry_jupyter.plots.errors import CANCELLED
from graphistry_jupyter.plots.job import CLOSED
from graphistry_jupyter.session.account import LOGIN_CANCELLED
from tests.support.comm import CommLog
from tests.support.graphs import EDGES
from tests.support.hubs import dataset_on
from tests.support.loops import run_loop
from tests.support.waiting import cancel_once_started
from tests.widgets.conftest import login_widget


def test_a_login_and_its_plot_are_awaited(hub: LocalHub) -> None:
    prod = login_widget(hub)

    async def main() -> str:
        await prod.login_async(username="alice", password="alice-pw")
        return await prod.plot(prod.client.edges(EDGES, "src", "dst"))

    url = run_loop(main())
    assert prod.status == "logged_in"
    assert dataset_on(hub, url)["owner"] == "alice"


def test_compare_is_awaited_for_one_url_per_account(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")

    async def main() -> list[str]:
        return await compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)

    on_prod, on_staging = run_loop(main())
    assert dataset_on(hub, on_prod)["owner"] == "alice"
    assert dataset_on(staging_hub, on_staging)["owner"] == "bob"


def test_a_switcher_is_awaited_after_select_for_the_url_on_the_new_account(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    switcher = SwitcherWidget(prod.client.edges(EDGES, "src", "dst"), accounts=[prod, staging])

    async def main() -> tuple[str, str]:
        on_prod = await switcher
        switcher.select(staging)
        return on_prod, await switcher

    on_prod, on_staging = run_loop(main())
    assert dataset_on(hub, on_prod)["owner"] == "alice"
    assert dataset_on(staging_hub, on_staging)["owner"] == "bob"


def test_cancelling_an_awaited_plot_stops_it_and_the_view_says_so(
    hub: LocalHub, comm_log: CommLog
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    hung = hub.faults.inject("/api/v2/upload/datasets/", "hang")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))

    cancel_once_started(lambda: _await(view), lambda: hung.hits, "the plot")
    assert (view.status, view.error) == ("error", CANCELLED)
    told = [s.get("status") for s in comm_log.states() if s.get("error") == CANCELLED]
    assert told == ["error"], "the front end was told, once"
    hung.remove()

    view.replot()  # the account is still logged in: the plot goes up again
    assert dataset_on(hub, view.wait(30))["owner"] == "alice"


def test_cancelling_an_awaited_compare_stops_every_upload_under_way(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod = login_widget(hub, label="prod").login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    hung = [h.faults.inject("/api/v2/upload/datasets/", "hang") for h in (hub, staging_hub)]
    side_by_side = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)

    cancel_once_started(
        lambda: _await(side_by_side), lambda: all(h.hits for h in hung), "the uploads"
    )
    assert [(v.status, v.error) for v in side_by_side.views] == [("error", CANCELLED)] * 2


def test_a_closed_view_is_never_awaited_forever(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    hung = hub.faults.inject("/api/v2/upload/datasets/", "hang")
    closed_while_awaited = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    closed_before = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    closed_before.close()

    async def main() -> list[object]:
        awaited = asyncio.ensure_future(_await(closed_while_awaited))
        await asyncio.sleep(0)  # the task runs up to its await, then the view closes
        closed_while_awaited.close()
        return await asyncio.gather(awaited, _await(closed_before), return_exceptions=True)

    outcomes = run_loop(asyncio.wait_for(main(), 10))
    hung.remove()
    assert [(type(o).__name__, str(o)) for o in outcomes] == [("PlotError", CLOSED)] * 2


def test_cancelling_an_awaited_login_says_so_on_the_form(hub: LocalHub) -> None:
    prod = login_widget(hub)
    hung = hub.faults.inject("/api-token-auth/", "hang")

    cancel_once_started(
        lambda: prod.login_async(username="alice", password="alice-pw"),
        lambda: hung.hits,
        "the login",
    )
    hung.remove()
    assert (prod.status, prod.error) == ("logged_out", LOGIN_CANCELLED)


async def _await(view: PlotWidget | CompareWidget) -> object:
    return await view
