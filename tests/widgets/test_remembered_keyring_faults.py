"""A slow or broken keyring never blocks the kernel nor breaks a login, and a damaged
remembered-logins file is ignored and replaced (issue 22, item 7).

Real keyring backends (``keyring.backend.KeyringBackend`` subclasses set with
``keyring.set_keyring``), a real hub, real widgets. "Never blocks" is proven by state: the
kernel-thread call returns while the keyring still holds a call (its gate is shut), which a call
that waited for the keyring could not do."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from graphistry_jupyter import LocalHub, LoginWidget
from tests.support.comm import send_from_view
from tests.support.remembered_logins import MemoryKeyring, remembered_file
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget


class GatedKeyring(MemoryKeyring):
    """A keyring in this process whose every call, while ``gate`` is shut, waits for it (a slow
    keyring: a D-Bus service starting, a locked collection). ``waiting`` counts calls held."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = 0
        self._lock = threading.Lock()

    def _pass_gate(self) -> None:
        with self._lock:
            self.waiting += 1
        self.gate.wait(30)
        with self._lock:
            self.waiting -= 1

    def get_password(self, service: str, username: str) -> str | None:
        self._pass_gate()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._pass_gate()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._pass_gate()
        super().delete_password(service, username)


class BrokenKeyring(keyring.backend.KeyringBackend):
    """Fails every call as a D-Bus backend does when its service is gone."""

    priority = 10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: secret token-ish text")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")


def returns_while_the_keyring_holds(gated: GatedKeyring, call: Callable[[], object]) -> None:
    """Runs ``call`` with the keyring's gate shut; fails if it has not returned within 10 s
    (it would be waiting for the keyring, which opens only afterwards)."""
    gated.gate.clear()
    done = threading.Event()
    threading.Thread(target=lambda: (call(), done.set()), daemon=True).start()
    try:
        assert done.wait(10), "the call waited for the keyring"
    finally:
        gated.gate.set()


def test_continue_and_logout_never_wait_for_a_slow_keyring(
    hub: LocalHub, config_home: Path
) -> None:
    gated = GatedKeyring()
    keyring.set_keyring(gated)
    login_widget(hub, remember=True).login(username="alice", password="alice-pw")
    assert len(gated.saved) == 1
    again = login_widget(hub, label="restarted", remember=True)
    assert again.remembered_user == "alice"

    def press_continue() -> None:
        send_from_view(again, {"type": "continue"})
        wait_for(lambda: gated.waiting == 1, "the keyring read, on another thread")

    returns_while_the_keyring_holds(gated, press_continue)
    wait_for(lambda: again.status == "logged_in", "the remembered login, once the keyring answers")

    def log_out() -> None:
        again.logout()
        wait_for(lambda: gated.waiting == 1, "the keyring delete, on another thread")

    returns_while_the_keyring_holds(gated, log_out)
    assert again.status == "logged_out"
    wait_for(lambda: gated.saved == {}, "the keyring entry deleted once the keyring answers")


def test_a_broken_keyring_means_not_remembered_never_a_failed_login_or_logout(
    hub: LocalHub, config_home: Path
) -> None:
    keyring.set_keyring(BrokenKeyring())
    login = login_widget(hub, remember=True)

    login.login(username="alice", password="alice-pw")

    assert login.status == "logged_in"
    assert login.remembered_user == ""
    assert login.error == (
        "Logged in, but this login is not remembered: the keyring failed (RuntimeError)."
    )
    token = str(login.client.api_token())
    assert (
        not remembered_file(config_home).exists()
        or token not in remembered_file(config_home).read_text()
    )
    login.logout()  # does not raise
    assert login.status == "logged_out"
    assert login_widget(hub, label="later", remember=True).remembered_user == ""


def test_a_keyring_that_fails_to_read_turns_continue_into_log_in_again(
    hub: LocalHub, config_home: Path
) -> None:
    keyring.set_keyring(GatedKeyring())
    login_widget(hub, remember=True).login(username="alice", password="alice-pw")
    keyring.set_keyring(BrokenKeyring())
    again = login_widget(hub, label="restarted", remember=True)
    assert again.remembered_user == "alice", "the file still says who"

    send_from_view(again, {"type": "continue"})

    wait_for(lambda: again.remembered_user == "", "the login no longer offered")
    assert again.error == "There is no remembered login for this server any more: log in."
    assert again.status == "logged_out"


DAMAGED = {
    "not JSON": b"{not json",
    "not UTF-8": b"\xff\xfe\x00garbage",
    "a list": b"[1, 2]",
    "entries of the wrong shape": json.dumps(
        {"a": 1, "b": {"server": "x"}, "c": {"server": 1, "protocol": [], "username": None}}
    ).encode(),
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_remembered_logins_file_is_ignored_and_replaced(
    hub: LocalHub, config_home: Path, content: bytes
) -> None:
    remembered_file(config_home).parent.mkdir(parents=True)
    remembered_file(config_home).write_bytes(content)

    login = LoginWidget(server=hub.server, protocol=hub.protocol, remember=True)
    assert login.remembered_user == ""

    login.login(username="alice", password="alice-pw")
    entries = json.loads(remembered_file(config_home).read_text())
    assert [entry["username"] for entry in entries.values()] == ["alice"]
    assert login_widget(hub, label="restarted").remembered_user == "alice"
