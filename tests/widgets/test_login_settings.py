"""Where a login goes when the caller does not say (pygraphistry's environment), where browsers
open its plots (client_protocol_hostname), and logins remembered for the next kernel, opt in."""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from graphistry_jupyter import LocalHub, LoginWidget
from graphistry_jupyter.session.remembered import SERVICE
from tests.support.comm import CommLog, send_from_view, send_login_form
from tests.support.graphs import EDGES
from tests.support.hubs import dataset_id_of, requests_to
from tests.support.loops import run_loop
from tests.support.remembered_logins import MemoryKeyring, remembered_file
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

# ------------------------------------------------------------------------------ environment


def test_no_arguments_log_in_where_pygraphistry_would(
    hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHISTRY_HOSTNAME", hub.server)
    monkeypatch.setenv("GRAPHISTRY_PROTOCOL", "http")
    monkeypatch.setenv("GRAPHISTRY_ORG_NAME", "acme")

    login = LoginWidget()

    assert (login.server, login.protocol, login.org) == (hub.server, "http", "acme")
    login.login(username="alice", password="alice-pw")
    assert login.status == "logged_in"


def test_graphistry_server_is_understood_as_the_hostname(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHISTRY_SERVER", "graphs.example.com:8443")
    assert LoginWidget().server == "graphs.example.com:8443"


def test_without_environment_the_default_is_pygraphistrys_server() -> None:
    login = LoginWidget()
    assert (login.server, login.protocol) == ("hub.graphistry.com", "https")
    assert login.environment_key_id == ""


def test_the_environments_personal_key_logs_in_from_the_form_without_becoming_state(
    hub: LocalHub, monkeypatch: pytest.MonkeyPatch, comm_log: CommLog
) -> None:
    key_id, secret = hub.create_personal_key("alice")
    monkeypatch.setenv("GRAPHISTRY_PERSONAL_KEY_ID", key_id)
    monkeypatch.setenv("GRAPHISTRY_PERSONAL_KEY_SECRET", secret)
    login = login_widget(hub)
    assert login.environment_key_id == key_id, "the form offers the environment's key"

    send_login_form(login, method="environment")

    wait_for(lambda: login.status == "logged_in", "the login with the environment's key")
    assert login.username == "alice"
    assert secret not in comm_log.as_text()
    assert secret not in repr(login.__dict__)


def test_a_key_id_without_its_secret_is_not_offered(
    hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHISTRY_PERSONAL_KEY_ID", "pk-1")
    assert login_widget(hub).environment_key_id == ""


# ------------------------------------------------------------------------- browser address


def test_plots_open_at_the_browser_address_and_single_sign_in_still_works(
    hub: LocalHub, comm_log: CommLog
) -> None:
    # The kernel calls the API at 127.0.0.1; browsers are told to use "localhost".
    browser_address = f"http://localhost:{hub.server.rsplit(':', 1)[1]}"
    login = login_widget(hub, client_protocol_hostname=browser_address)
    login.login(username="alice", password="alice-pw")

    view = login.plot(login.client.edges(EDGES, "src", "dst"))
    url = view.wait(30)

    assert url.startswith(f"{browser_address}/graph/graph.html?dataset=")
    send_from_view(view, {"type": "grant_request", "dataset": dataset_id_of(url), "to": "frame"})
    wait_for(lambda: any(m.get("type") == "grant" for m in comm_log.custom_messages()), "a grant")


@pytest.mark.parametrize(
    "address", ["graphs.example.com", "ftp://x", "https://a@b", "https://h/p?x=1", "https://h#f"]
)
def test_a_browser_address_is_a_scheme_host_and_path_only(hub: LocalHub, address: str) -> None:
    with pytest.raises(ValueError, match=r"browser address|must not contain"):
        login_widget(hub, client_protocol_hostname=address)


# ----------------------------------------------------------------------- remembered logins


def test_nothing_is_written_unless_a_login_asks_to_be_remembered(
    hub: LocalHub, config_home: Path
) -> None:
    login_widget(hub).login(username="alice", password="alice-pw")
    assert list(config_home.rglob("*")) == []


def test_a_remembered_login_continues_after_a_restart_without_the_password(
    hub: LocalHub, config_home: Path, comm_log: CommLog
) -> None:
    first = login_widget(hub, remember=True)
    send_login_form(first, method="password", username="alice", password="alice-pw")
    wait_for(lambda: first.status == "logged_in", "the first login")
    first.close()  # the kernel restarts: nothing of it is left in memory

    again = login_widget(hub, remember=True)
    assert again.remembered_user == "alice", "the form offers to continue as alice"
    hub.clear_requests()
    send_from_view(again, {"type": "continue"})

    wait_for(lambda: again.status == "logged_in", "the remembered login")
    assert again.username == "alice"
    assert requests_to(hub, "/api-token-auth/") == [], "no password was sent"
    saved = remembered_file(config_home)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "alice-pw" not in saved.read_text()
    assert "alice-pw" not in comm_log.as_text()


def test_a_remembered_login_is_awaited_like_every_login(hub: LocalHub, config_home: Path) -> None:
    login_widget(hub, remember=True).login(username="alice", password="alice-pw").close()
    again = login_widget(hub, remember=True)

    async def resume() -> None:
        await again.account.remembered.resume()

    run_loop(asyncio.wait_for(resume(), 30))
    assert (again.status, again.username) == ("logged_in", "alice")


def test_the_forms_check_box_keeps_a_login_and_log_out_deletes_it_without_remember_true(
    hub: LocalHub, config_home: Path
) -> None:
    first = login_widget(hub)  # the person ticks "Remember me" in the form instead
    send_login_form(first, method="password", username="alice", password="alice-pw", remember=True)
    wait_for(lambda: first.status == "logged_in", "the remembered login")
    first.close()  # the kernel restarts

    again = login_widget(hub)
    assert again.remembered_user == "alice", "the form offers to continue as alice"
    send_from_view(again, {"type": "continue"})
    wait_for(lambda: again.status == "logged_in", "the continued login")
    send_from_view(again, {"type": "logout"})

    assert login_widget(hub, label="later").remembered_user == "", "Log out deleted it"
    assert json.loads(remembered_file(config_home).read_text()) == {}


def test_with_a_keyring_the_token_goes_there_and_not_into_the_file(
    hub: LocalHub, config_home: Path
) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    login_widget(hub, remember=True).login(username="alice", password="alice-pw")

    ((service, _), token), *_ = memory.saved.items()
    assert service == SERVICE
    entries = json.loads(remembered_file(config_home).read_text())
    assert all("token" not in entry for entry in entries.values())
    assert token not in remembered_file(config_home).read_text()


def test_forget_and_logout_remove_the_remembered_login(hub: LocalHub, config_home: Path) -> None:
    login_widget(hub, remember=True).login(username="alice", password="alice-pw")
    offered = login_widget(hub, label="again", remember=True)
    assert offered.remembered_user == "alice"
    send_from_view(offered, {"type": "forget"})
    assert offered.remembered_user == ""
    assert login_widget(hub, label="third", remember=True).remembered_user == ""

    kept = login_widget(hub, label="fourth", remember=True)
    kept.login(username="alice", password="alice-pw")
    kept.logout()
    assert login_widget(hub, label="fifth", remember=True).remembered_user == ""


def test_an_expired_remembered_login_is_not_offered(hub: LocalHub, config_home: Path) -> None:
    login_widget(hub, remember=True).login(username="alice", password="alice-pw")
    saved = remembered_file(config_home)
    entries = json.loads(saved.read_text())
    for entry in entries.values():
        entry["expires_at"] = 1.0  # long past
    saved.write_text(json.dumps(entries))

    assert login_widget(hub, label="later", remember=True).remembered_user == ""
    assert json.loads(saved.read_text()) == {}, "the expired entry was deleted"
