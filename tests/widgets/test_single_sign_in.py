"""Single sign-in from the kernel's side: a plot view answers its frame's request with a grant
for exactly that plot's dataset, as a custom message only, and says why when there is none.

The grant is checked against the real hub: it opens the plot's data in the viewer's API."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests

from graphistry_jupyter import LocalHub, PlotWidget
from graphistry_jupyter.plots.grants import GrantUnavailable
from tests.support.comm import CommLog, send_from_view
from tests.support.graphs import EDGES
from tests.support.hubs import dataset_id_of
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


def answers(comm_log: CommLog) -> list[dict[str, Any]]:
    kinds = ("grant", "no_grant")
    return [m for m in comm_log.custom_messages() if m.get("type") in kinds]


def ask_for_grant(view: PlotWidget, dataset: str, to: str = "frame") -> None:
    """What the plot view sends when its frame posts "graphistry:viewer-ready"."""
    send_from_view(view, {"type": "grant_request", "dataset": dataset, "to": to})


@pytest.fixture
def private_plot(hub: LocalHub, comm_log: CommLog) -> PlotWidget:
    """A ready private plot of alice's, whose messages ``comm_log`` records."""
    login = login_widget(hub, privacy="private")
    login.login(username="alice", password="alice-pw")
    view = login.plot(login.client.edges(EDGES, "src", "dst"))
    view.wait(30)
    return view


@pytest.mark.parametrize("to", ["frame", "tab"])
def test_the_frame_of_a_private_plot_gets_a_grant_that_opens_that_plots_data(
    hub: LocalHub, private_plot: PlotWidget, comm_log: CommLog, to: str
) -> None:
    dataset = dataset_id_of(private_plot.url)
    ask_for_grant(private_plot, dataset, to)

    wait_for(lambda: answers(comm_log), "the kernel's answer")
    (answer,) = answers(comm_log)
    assert (answer["type"], answer["dataset"], answer["to"]) == ("grant", dataset, to)
    meta = requests.get(
        f"{hub.url}/graph/api/datasets/{dataset}",
        headers={"Authorization": f"Bearer {answer['grant']}"},
        timeout=10,
    )
    assert meta.status_code == 200
    assert meta.json()["owner"] == "alice"
    assert requests.get(f"{hub.url}/graph/api/datasets/{dataset}", timeout=10).status_code == 403
    assert answer["grant"] not in comm_log.as_text().replace(answer["grant"], "", 1), (
        "the grant crossed the wire once, in the answer, and is in no state update"
    )
    assert all(answer["grant"] not in r.path for r in hub.requests)


def test_a_request_for_another_dataset_gets_no_answer(
    private_plot: PlotWidget, comm_log: CommLog
) -> None:
    ask_for_grant(private_plot, "0" * 32)
    ask_for_grant(private_plot, dataset_id_of(private_plot.url))  # then a real one, as a marker
    wait_for(lambda: answers(comm_log), "the kernel's answer")
    assert [a["dataset"] for a in answers(comm_log)] == [dataset_id_of(private_plot.url)]


def test_after_logout_there_is_no_grant_and_the_frame_is_told_why(
    hub: LocalHub, private_plot: PlotWidget, comm_log: CommLog
) -> None:
    dataset = dataset_id_of(private_plot.url)
    private_plot.account.logout()
    hub.clear_requests()

    with pytest.raises(GrantUnavailable, match="is not logged in: log in to see this plot"):
        private_plot.account.view_grant(dataset)
    assert hub.requests == [], "no grant request leaves a logged-out account"


def test_a_server_without_the_extension_is_found_out_once_and_the_note_says_why(
    hub: LocalHub, private_plot: PlotWidget, comm_log: CommLog
) -> None:
    hub.faults.inject("/api/v2/datasets/*", "status", status=404)
    dataset = dataset_id_of(private_plot.url)
    for count in (1, 2):  # a frame loaded, then reloaded
        ask_for_grant(private_plot, dataset)
        wait_for(lambda n=count: len(answers(comm_log)) == n, f"answer {count}")

    for answer in answers(comm_log):
        assert answer["type"] == "no_grant"
        assert answer["unsupported"] is True
        assert answer["reason"] == (
            "This server does not support single sign-in: sign in inside the frame."
        )
    asked = [r for r in hub.requests if r.path.endswith("/view-grant")]
    assert len(asked) == 1, "a server without the extension is asked once per account"


def test_a_grant_refused_for_the_session_turns_the_account_to_needing_a_login(
    hub: LocalHub, private_plot: PlotWidget, comm_log: CommLog
) -> None:
    """docs/single-sign-in.md §7: the grant endpoint's 401 (the password was changed) tells the
    frame, and the account says it needs a new login, as a refused upload does."""
    hub.faults.inject("/api/v2/datasets/*", "status", status=401)
    ask_for_grant(private_plot, dataset_id_of(private_plot.url))

    wait_for(lambda: answers(comm_log), "the kernel's answer")
    (answer,) = answers(comm_log)
    assert answer["type"] == "no_grant"
    assert answer["reason"] == "The session has ended: log in again."
    assert private_plot.account.status == "expired"
    assert private_plot.account.error == (
        "The session has ended (expired or revoked by the server): log in again."
    )


def test_repeated_grant_requests_keep_one_request_in_flight_per_view(
    hub: LocalHub, private_plot: PlotWidget, comm_log: CommLog
) -> None:
    """A frame (or a page posing as one) repeating "viewer-ready" 500 times while the grant
    endpoint hangs starts one thread and one request; the last request is answered after."""
    held = hub.faults.inject("/api/v2/datasets/*", "hang")
    dataset = dataset_id_of(private_plot.url)
    ask_for_grant(private_plot, dataset)
    wait_for(lambda: held.hits == 1, "the first grant request to be held")
    for _ in range(499):
        ask_for_grant(private_plot, dataset)

    grant_threads = [t for t in threading.enumerate() if t.name.startswith("graphistry-grant-")]
    assert len(grant_threads) == 1
    assert held.hits == 1
    held.remove()
    wait_for(lambda: len(answers(comm_log)) == 2, "the held answer, then the last request's")
    assert [a["type"] for a in answers(comm_log)] == ["grant", "grant"]
    wait_for(
        lambda: not any(t.name.startswith("graphistry-grant-") for t in threading.enumerate()),
        "the view's grant thread to end",
    )
