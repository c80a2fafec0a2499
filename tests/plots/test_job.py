"""The upload job behind every plot view (plots/job.py), without a widget: it waits while its
account is logged out and plots once it logs in, reports why it failed, shows the account it is
on, can be waited for with a deadline, and never uploads again once closed. Against an in-process
hub, fast enough to run for every mutant of the module."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from graphistry_jupyter.http.transport import Cancellation
from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.plots import job as job_module
from graphistry_jupyter.plots.errors import PlotError, session_ended
from graphistry_jupyter.plots.job import PlotJob
from graphistry_jupyter.session.account import Account
from tests.support.graphs import EDGES, NODES
from tests.support.waiting import wait_for

DONE_S = 10


@pytest.fixture(scope="module")
def local() -> Iterator[LocalHub]:
    with LocalHub(users={"alice": "alice-pw", "bob": "bob-pw"}) as hub:
        yield hub


@pytest.fixture
def made() -> Iterator[list[Any]]:
    """Accounts and jobs a test made: closed after it."""
    things: list[Any] = []
    yield things
    for thing in reversed(things):
        thing.close()


def account_on(local: LocalHub, made: list[Any], label: str = "prod", **kwargs: Any) -> Account:
    account = Account(local.server, local.protocol, label=label, deadline_s=5.0, **kwargs)
    made.append(account)
    return account


def job_of(account: Account, made: list[Any], g: Any = None, **kwargs: Any) -> PlotJob:
    job = PlotJob(
        g if g is not None else account.client.edges(EDGES, "src", "dst"), account, **kwargs
    )
    made.append(job)
    return job


def test_a_job_waits_for_its_account_and_plots_once_it_logs_in(
    local: LocalHub, made: list[Any]
) -> None:
    account = account_on(local, made)
    g = account.client.edges(EDGES, "src", "dst").nodes(NODES, "id")
    job = job_of(account, made, g)
    assert (job.status, job.stage, job.url) == ("waiting", "Waiting for prod to log in.", "")

    account.login_async(username="alice", password="alice-pw").result(DONE_S)

    url = job.wait(DONE_S)
    assert url.startswith(f"{local.url}/graph/graph.html?dataset=")
    assert (job.status, job.url, job.error, job.stage) == ("ready", url, "", "")
    assert (job.edge_rows, job.node_rows) == (3, 3)
    assert job.uploaded_at > 0
    assert (job.account_label, job.account_user, job.account_server) == (
        "prod",
        "alice",
        local.server,
    )
    assert job.account_color == account.color


def test_a_job_that_is_not_started_waits_for_its_start(local: LocalHub, made: list[Any]) -> None:
    account = account_on(local, made)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    job = job_of(account, made, start=False)
    assert job.status == "waiting"
    assert job.stage == ""
    job.start()
    assert job.wait(DONE_S)


def test_showing_the_plot_again_on_the_same_account_reuses_its_upload(
    local: LocalHub, made: list[Any]
) -> None:
    account = account_on(local, made)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    job = job_of(account, made)
    url = job.wait(DONE_S)
    first_upload = job.uploaded_at

    job.start()  # a re-run that may reuse
    wait_for(lambda: job.stage == "reused", "the cached plot")
    assert (job.url, job.uploaded_at) == (url, first_upload)
    job.start(reuse=False)  # Re-plot
    wait_for(lambda: job.status == "ready" and job.url != url, "a new upload")
    assert job.stage == ""


def test_an_expired_account_fails_the_job_saying_to_log_in_again(
    local: LocalHub, made: list[Any]
) -> None:
    account = account_on(local, made)
    account.status = "expired"
    job = job_of(account, made)
    assert (job.status, job.url, job.stage) == ("error", "", "")
    assert job.error == session_ended(local.server)
    with pytest.raises(PlotError, match="has ended"):
        job.wait(DONE_S)


def test_a_logout_makes_the_job_wait_again_and_a_login_plot_again(
    local: LocalHub, made: list[Any]
) -> None:
    account = account_on(local, made)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    job = job_of(account, made)
    job.wait(DONE_S)

    account.logout()
    assert (job.status, job.url) == ("waiting", "")
    account.login_async(username="bob", password="bob-pw").result(DONE_S)
    assert job.wait(DONE_S)
    assert (job.account_user, job.account_server) == ("bob", local.server)


def test_a_failed_plot_is_the_jobs_error_and_a_login_retries_it(
    local: LocalHub, made: list[Any]
) -> None:
    account = account_on(local, made)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    job = job_of(account, made, account.client.nodes(NODES, "id"))  # no edges
    with pytest.raises(PlotError, match="The graph has no edges") as raised:
        job.wait(DONE_S)
    assert (job.status, job.error, job.stage) == ("error", str(raised.value), "")


def test_a_bug_during_a_plot_is_shown_rather_than_left_spinning(
    local: LocalHub, made: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    account = account_on(local, made)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("oops")

    monkeypatch.setattr(account, "plot", broken)
    job = job_of(account, made)
    with pytest.raises(PlotError):
        job.wait(DONE_S)
    assert job.error == "Plot failed: KeyError: 'oops'"


def test_a_wait_that_runs_out_says_what_the_job_was_doing(local: LocalHub, made: list[Any]) -> None:
    job = job_of(account_on(local, made), made)
    with pytest.raises(PlotError) as raised:
        job.wait(0.05)
    assert str(raised.value) == (
        "The plot was not ready within 0.05 s (waiting: Waiting for prod to log in.)."
    )
    with pytest.raises(PlotError, match=r"within 7 s \(waiting"):
        job.wait_until(0.0, timeout=7)  # a shared deadline long past


def test_a_closed_job_stops_following_its_account_and_never_uploads(
    local: LocalHub, made: list[Any]
) -> None:
    account = account_on(local, made)
    job = job_of(account, made)
    made.remove(job)
    job.close()
    uploaded = len(local.datasets())
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    account.label = "renamed"
    assert (job.status, job.account_label) == ("waiting", "prod")
    job.start()
    assert job.status == "waiting", "a closed job does not start again"
    assert len(local.datasets()) == uploaded


def test_a_job_switched_to_another_account_shows_and_follows_it(
    local: LocalHub, made: list[Any]
) -> None:
    prod = account_on(local, made, label="prod")
    staging = account_on(local, made, label="staging", color="#010203")
    job = job_of(prod, made)
    job.switch(staging)
    assert (job.account, job.account_label, job.account_color) == (staging, "staging", "#010203")
    prod.label = "changed"
    assert job.account_label == "staging", "the job no longer follows the first account"
    staging.label = "stage"
    assert job.account_label == "stage"


def test_a_late_result_of_a_superseded_run_is_dropped(
    local: LocalHub, made: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    account = account_on(local, made)
    account.login_async(username="alice", password="alice-pw").result(DONE_S)
    entered, release, ended = threading.Event(), threading.Event(), threading.Event()
    real_plot = account.plot

    def held(g: Any, **kwargs: Any) -> Any:
        if entered.is_set():
            return real_plot(g, **kwargs)
        entered.set()
        try:
            release.wait(DONE_S)
            raise PlotError("late failure of the first run")
        finally:
            ended.set()

    monkeypatch.setattr(account, "plot", held)
    job = job_of(account, made)
    assert entered.wait(DONE_S)
    job.start()  # supersedes the held run
    url = job.wait(DONE_S)
    release.set()
    assert ended.wait(DONE_S)
    wait_for(
        lambda: not any(t.name == "graphistry-plot-prod" for t in threading.enumerate()),
        "the first run's thread to finish",
    )
    assert (job.status, job.url, job.error) == ("ready", url, "")


def test_progress_is_shown_at_its_start_and_end_and_throttled_between(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[int, int]] = []
    clock = [100.0]
    monkeypatch.setattr(job_module.time, "monotonic", lambda: clock[0])
    fake = SimpleNamespace(
        status="logged_in",
        label="prod",
        color="",
        username="alice",
        privacy="",
        server="h",
        certificate_validation=True,
        observe=lambda *a, **k: None,
        unobserve=lambda *a, **k: None,
    )

    def plot(
        g: Any, *, deadline_s: float, on_progress: Any, reuse: bool, cancellation: Any, on_rows: Any
    ) -> Any:
        for step in ((0, 1000), (10, 1000), (20, 1000), (50, 1000), (60, 1000), (1000, 1000)):
            clock[0] += 0.005
            on_progress("uploading edges", *step)
        raise PlotError("stop here")

    fake.plot = plot
    job = PlotJob(SimpleNamespace(), fake, start=False)  # type: ignore[arg-type]
    job.observe(
        lambda c: shown.append((job.bytes_sent, job.bytes_total)),
        ["bytes_sent", "bytes_total"],
    )
    job._run(job._generation, fake, True, Cancellation())  # type: ignore[arg-type]
    # 0 and the total always; 50 is 1/25 of the size past 0 after 4 ms; 10, 20 and 60 are not.
    assert shown == [(0, 1000), (50, 1000), (1000, 1000)]
    assert job.error == "stop here"
