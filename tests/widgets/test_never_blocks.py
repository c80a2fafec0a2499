"""The kernel never waits on the network: while an upload hangs on the server, logging out and
logging in again from the form return at once, the late upload is dropped, and a session the
server revoked turns the account "expired" with a sentence that asks to log in again.

"At once" is proven by state, not by a clock: each call returns while the server still holds
the hung request (the hang fault is active and was hit), which a call that waited on that
request could not do."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from graphistry_jupyter import LocalHub, LoginWidget, PlotError, PlotWidget
from graphistry_jupyter.hub import Fault
from tests.support.comm import send_login_form
from tests.support.graphs import EDGES
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


def returns_while_the_server_holds_the_request(call: Callable[[], None]) -> None:
    """Runs ``call`` on a thread; fails if it has not returned within 10 s (it would be
    waiting for the held request, which the test releases only afterwards)."""
    done = threading.Event()

    def run() -> None:
        call()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "the call waited for the server"


@dataclass
class HungUpload:
    login: LoginWidget
    view: PlotWidget
    held: Fault


@pytest.fixture
def hung_upload(hub: LocalHub) -> HungUpload:
    """alice's plot, whose dataset create the hub holds open until the test removes ``held``."""
    login = login_widget(hub).login(username="alice", password="alice-pw")
    held = hub.faults.inject("/api/v2/upload/datasets/", "hang")
    view = login.plot(login.client.edges(EDGES, "src", "dst"))
    wait_for(lambda: held.hits == 1, "the upload to reach the hub and hang there")
    return HungUpload(login, view, held)


def test_logout_during_a_hung_upload_returns_at_once_and_drops_its_result(
    hub: LocalHub, hung_upload: HungUpload
) -> None:
    login, view, held = hung_upload.login, hung_upload.view, hung_upload.held

    returns_while_the_server_holds_the_request(login.logout)

    assert held.active
    assert login.status == "logged_out"
    assert login.client.api_token() is None, "the session was reset, not left for later"
    held.remove()
    wait_for(
        lambda: not any(t.name.startswith("graphistry-plot-") for t in threading.enumerate()),
        "the late upload's worker to finish",
    )
    assert any(r.path.endswith("/edges/arrow") for r in hub.requests), "it did finish late"
    assert view.status == "waiting", "the late upload did not make the plot ready"
    assert view.url == ""


def test_a_new_login_from_the_form_during_a_hung_upload_goes_through(
    hub: LocalHub, hung_upload: HungUpload
) -> None:
    login, held = hung_upload.login, hung_upload.held
    login.logout()

    returns_while_the_server_holds_the_request(
        lambda: send_login_form(
            login, method="password", username="alice", password="alice-pw", privacy="public"
        )
    )
    wait_for(lambda: login.status == "logged_in", "the new login, while the upload still hangs")
    assert held.active
    assert login.privacy == "public"


def test_changing_privacy_while_an_upload_hangs_returns_at_once(
    hub: LocalHub, hung_upload: HungUpload
) -> None:
    login, held = hung_upload.login, hung_upload.held

    returns_while_the_server_holds_the_request(lambda: login.account.configure(privacy="public"))

    assert held.active
    assert login.privacy == "public"
    assert login.client.session.privacy["mode"] == "public", "the next plot is public"


def test_a_session_the_server_revoked_turns_the_account_expired_with_a_sentence(
    hub: LocalHub,
) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    hub.faults.inject("/api/v2/upload/datasets/", "status", status=401)

    view = login.plot(login.client.edges(EDGES, "src", "dst"))

    with pytest.raises(PlotError, match=r"has ended .* log in again, and the plot will continue"):
        view.wait(10)
    assert login.status == "expired"
    assert login.error == "The session has ended (expired or revoked by the server): log in again."
