"""A server over https with a private CA (the local hub with ``tls=True``): by default the login
fails with a sentence naming both ways out; with the CA bundle it logs in, plots and hands out view
grants; unverified, it works too, and the account says so (the view marks it "unverified TLS",
js/tests/widgets/login.test.ts)."""

from __future__ import annotations

import stat
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from graphistry_jupyter import LocalHub, LoginError, LoginWidget, PlotWidget
from graphistry_jupyter.http.client import new_client
from tests.support.comm import CommLog, send_from_view
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_id_of, requests_to
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


@pytest.fixture(scope="module")
def tls_hub() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, tls=True, instruments=True) as hub:
        yield hub


def plot_and_get_a_grant(login: LoginWidget, comm_log: CommLog, hub: LocalHub) -> str:
    """Plot through ``login``; ask for the plot's grant as its frame would; return the URL."""
    hub.clear_requests()
    view = login.plot(login.client.edges(EDGES, "src", "dst"))
    url = view.wait(30)
    send_from_view(view, {"type": "grant_request", "dataset": dataset_id_of(url), "to": "frame"})
    wait_for(lambda: any(m.get("type") == "grant" for m in comm_log.custom_messages()), "a grant")
    assert requests_to(hub, "/api/v2/datasets/*", method="POST"), "the grant came from the hub"
    return url


def test_the_hub_serves_https_with_a_private_ca_s_certificate(tls_hub: LocalHub) -> None:
    assert tls_hub.protocol == "https"
    assert tls_hub.url.startswith("https://")
    assert tls_hub.ca_bundle is not None
    assert Path(tls_hub.ca_bundle).read_text().startswith("-----BEGIN CERTIFICATE-----")
    key = tls_hub.data_dir / "tls" / "hub-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600, "the hub's private key is the owner's only"
    assert requests.get(f"{tls_hub.url}/", timeout=10, verify=tls_hub.ca_bundle).ok


def test_by_default_the_login_fails_and_names_both_ways_out(tls_hub: LocalHub) -> None:
    login = login_widget(tls_hub)

    with pytest.raises(LoginError) as failure:
        login.login(username="alice", password=USERS["alice"])

    message = str(failure.value)
    assert f"The certificate of {tls_hub.server} could not be verified" in message
    assert "certificate_validation='/path/to/ca.pem'" in message
    assert "certificate_validation=False" in message
    assert login.status == "error"
    assert login.error == message
    assert USERS["alice"] not in message


def test_with_the_ca_bundle_it_logs_in_plots_and_grants_are_verified_the_same_way(
    tls_hub: LocalHub, comm_log: CommLog
) -> None:
    assert tls_hub.ca_bundle is not None
    login = login_widget(tls_hub, certificate_validation=tls_hub.ca_bundle)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a checked connection warns about nothing
        login.login(username="alice", password=USERS["alice"])
        url = plot_and_get_a_grant(login, comm_log, tls_hub)

    assert login.status == "logged_in"
    assert login.certificate_validation is True
    assert login.ca_bundle == tls_hub.ca_bundle
    assert url.startswith(f"{tls_hub.url}/graph/graph.html?dataset=")


def test_unverified_it_works_and_the_account_shows_it(tls_hub: LocalHub, comm_log: CommLog) -> None:
    login = login_widget(tls_hub, certificate_validation=False)

    login.login(username="alice", password=USERS["alice"])
    url = plot_and_get_a_grant(login, comm_log, tls_hub)

    assert login.status == "logged_in"
    assert login.certificate_validation is False  # the view shows "unverified TLS" from it
    assert url.startswith(f"{tls_hub.url}/graph/graph.html?dataset=")
    synced = [state for state in comm_log.states() if "certificate_validation" in state]
    assert synced, "the view was told"
    assert synced[-1]["certificate_validation"] is False


def test_a_wrong_ca_bundle_fails_like_no_bundle(tls_hub: LocalHub) -> None:
    with LocalHub(users=USERS, tls=True) as other:  # another hub's CA did not sign this one
        assert other.ca_bundle is not None
        login = login_widget(tls_hub, certificate_validation=other.ca_bundle)
        with pytest.raises(LoginError, match="could not be verified"):
            login.login(username="alice", password=USERS["alice"])


def test_the_client_takes_a_ca_bundle_s_path_and_still_pygraphistry_s_boolean_words() -> None:
    client = new_client()
    assert client.certificate_validation("/etc/ssl/private-ca.pem") == "/etc/ssl/private-ca.pem"
    assert client.session.certificate_validation == "/etc/ssl/private-ca.pem"  # requests' verify
    assert client.certificate_validation("False") is False
    assert client.certificate_validation() is False
    assert client.certificate_validation(True) is True


def test_plots_of_an_unverified_account_say_so_in_their_header(tls_hub: LocalHub) -> None:
    unverified = login_widget(tls_hub, certificate_validation=False, label="unverified")
    verified = login_widget(tls_hub, certificate_validation=tls_hub.ca_bundle, label="verified")
    g = unverified.client.edges(EDGES, "src", "dst")

    # Before any login too: the header warns from the first frame it shows.
    assert PlotWidget(g, account=unverified).certificate_validation is False
    assert PlotWidget(g, account=verified).certificate_validation is True
