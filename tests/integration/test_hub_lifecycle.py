"""The hub as a test peer: starting and stopping, injected faults and latency, and request
records that never hold a secret."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.waiting import wait_for

LOGIN = "/api-token-auth/"
REFRESH = "/api/v2/auth/token/refresh"


def run_in_thread(target) -> tuple[threading.Thread, dict[str, object]]:
    """Runs ``target`` on a daemon thread; the dict gets its ``result`` or ``error``."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = target()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


# -- lifecycle --------------------------------------------------------------------------------


def test_a_hub_serves_on_a_free_port_and_says_where():
    with LocalHub(users={"alice": "alice-pw"}) as hub:
        assert hub.port > 0
        assert hub.server == f"127.0.0.1:{hub.port}"
        assert hub.protocol == "http"
        assert hub.url == f"http://127.0.0.1:{hub.port}"
        assert requests.get(f"{hub.url}/", timeout=10).status_code == 200


def test_stop_is_idempotent_and_removes_the_temporary_data_dir():
    hub = LocalHub(users={"alice": "alice-pw"}).start()
    data_dir = hub.data_dir

    hub.stop()
    hub.stop()

    assert not data_dir.exists()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{hub.url}/", timeout=5)
    with pytest.raises(RuntimeError, match="stopped"):
        hub.start()


def test_a_given_data_dir_keeps_datasets_across_hubs(tmp_path, register_on):
    with LocalHub(users={"alice": "alice-pw"}, data_dir=tmp_path) as first:
        client = register_on(first, username="alice", password="alice-pw")
        client.edges(EDGES, "src", "dst").plot(render=False)
        kept = first.datasets()

    with LocalHub(users={"alice": "alice-pw"}, data_dir=tmp_path) as second:
        assert second.datasets() == kept
        assert second.read_table(kept[0]["id"]).num_rows == len(EDGES)


def test_repr_names_users_and_orgs_but_never_a_password():
    hub = LocalHub(users={"alice": "s3cret-pw"}, orgs={"acme": ["alice"]})
    try:
        text = repr(hub)
    finally:
        hub.stop()

    assert "alice" in text
    assert "acme" in text
    assert "s3cret-pw" not in text


def test_unknown_org_members_are_refused_up_front():
    with pytest.raises(ValueError, match="unknown members mallory"):
        LocalHub(users={"alice": "alice-pw"}, orgs={"acme": ["alice", "mallory"]})


# -- request records --------------------------------------------------------------------------


def test_records_never_hold_passwords_keys_tokens_or_sso_states(hub, client_for, register_on):
    key_id, key_secret = hub.create_personal_key("alice")
    client = client_for(hub, "alice")
    register_on(hub, personal_key_id=key_id, personal_key_secret=key_secret)
    register_on(hub, token=client.session.api_token)
    sso = register_on(hub, is_sso_login=True, sso_timeout=None)
    secrets = ["alice-pw", key_secret, client.session.api_token, sso.session.sso_state]
    with pytest.raises(Exception, match="Token not ready"):
        sso.sso_get_token()

    recorded = repr(hub.requests)

    assert "/api/v2/o/sso/oidc/jwt/{state}/" in recorded
    assert [s for s in secrets if s in recorded] == []


# -- faults -----------------------------------------------------------------------------------


def test_a_status_fault_answers_that_status(hub, client_for):
    hub.faults.inject(LOGIN, "status", status=503)

    with pytest.raises(
        Exception, match=r'Login failed with HTTP 503: \{"detail": "injected fault"\}'
    ):
        client_for(hub, "alice")

    assert [(r.path, r.status) for r in hub.requests] == [(LOGIN, 503)]


def test_a_fault_for_a_number_of_times_then_lets_requests_through(hub, client_for):
    hub.faults.inject(LOGIN, "status", times=1)

    with pytest.raises(Exception, match="HTTP 500"):
        client_for(hub, "alice")
    assert client_for(hub, "alice").session.api_token
    assert len(hub.faults) == 0


def test_a_prefix_fault_only_hits_its_method(hub, client_for):
    client = client_for(hub, "alice")
    hub.faults.inject("/api/v2/upload/*", "status", status=500, method="POST")

    with pytest.raises(KeyError, match="success"):  # the client's reaction to E8 without success
        client.edges(EDGES, "src", "dst").plot(render=False)
    assert client.verify_token() is True


def test_a_dropped_connection_is_a_connection_error_for_the_client(hub, client_for):
    hub.faults.inject(LOGIN, "drop")

    with pytest.raises(requests.ConnectionError):
        client_for(hub, "alice")

    assert [(r.path, r.status) for r in hub.requests] == [(LOGIN, 0)]


def test_a_hang_holds_the_request_until_the_fault_is_removed(hub, client_for):
    client = client_for(hub, "alice")
    fault = hub.faults.inject(REFRESH, "hang")
    answered = len(hub.requests)

    thread, outcome = run_in_thread(client.refresh)
    wait_for(lambda: fault.hits == 1, "the refresh to reach the hub")
    held_from = time.monotonic()
    # Held: the hub records a request as it answers, and it has not answered this one.
    assert len(hub.requests) == answered
    assert thread.is_alive(), "the refresh should still be waiting on the hung hub"

    held_ms = (time.monotonic() - held_from) * 1000
    fault.remove()
    thread.join(10)
    assert not thread.is_alive()
    assert outcome.get("error") is None
    assert hub.requests[-1].path == REFRESH
    # The hub timed the request from its arrival: at least as long as we saw it held.
    assert hub.requests[-1].duration_ms >= held_ms


def test_stopping_a_hub_ends_hung_requests(register_on):
    hub = LocalHub(users={"alice": "alice-pw"}, instruments=True).start()
    # A token login keeps no credentials, so a failed refresh is not retried by logging in.
    client = register_on(hub, token=hub.issue_token("alice"), verify_token=False)
    fault = hub.faults.inject(REFRESH, "hang")
    thread, outcome = run_in_thread(client.refresh)
    wait_for(lambda: fault.hits == 1, "the refresh to reach the hub")
    assert thread.is_alive()

    # The fault holds the request until it is removed, which never happens: stop() returning
    # and the client getting its answer is the proof that stopping ended the hung request.
    hub.stop()

    thread.join(10)
    assert fault.active, "the fault was never removed"
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), ValueError)  # "Failed to refresh token: ..."


# -- latency ----------------------------------------------------------------------------------


# An hour of latency, and a status fault behind it: the middleware adds the latency before it
# takes a fault, so an API request that times out with the fault never hit was held by the
# latency. No timing is measured: the hour is far beyond any client timeout here.
HOUR_MS = 3_600_000


def test_latency_delays_every_api_reply_but_not_pages():
    """The API is what programs call: the Graphistry REST API and the viewer's data endpoints."""
    with LocalHub(users={"alice": "alice-pw"}, instruments=True) as hub:
        fault = hub.faults.inject("/api*", "status", status=503)
        viewer_data = hub.faults.inject("/graph/api*", "status", status=503)
        hub.latency_ms = HOUR_MS

        page = requests.get(f"{hub.url}/login", timeout=10)
        with pytest.raises(requests.Timeout):
            requests.post(f"{hub.url}/api-token-verify/", json={"token": "x"}, timeout=1)
        with pytest.raises(requests.Timeout):
            requests.get(f"{hub.url}/graph/api/datasets/x", timeout=1)

        assert page.status_code == 200
        assert (fault.hits, viewer_data.hits) == (0, 0), "no API request got past the latency"
        hub.latency_ms = 0
        reply = requests.post(f"{hub.url}/api-token-verify/", json={"token": "x"}, timeout=10)
        assert (reply.status_code, fault.hits) == (503, 1)


def test_latency_can_be_set_when_the_hub_is_made():
    with LocalHub(users={"alice": "alice-pw"}, latency_ms=HOUR_MS) as hub:
        fault = hub.faults.inject("/api*", "status", status=503)
        with pytest.raises(requests.Timeout):
            requests.post(f"{hub.url}/api-token-verify/", json={"token": "x"}, timeout=1)

        assert hub.latency_ms == HOUR_MS
        assert fault.hits == 0
