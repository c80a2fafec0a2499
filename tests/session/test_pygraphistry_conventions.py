"""``LoginWidget()`` resolves where to log in exactly as ``graphistry.register()`` would: for each
of pygraphistry's variables, from the environment or a ``~/.pygraphistry``-style config file, the
widget's setting is pygraphistry's own (session/environment.py). ``GRAPHISTRY_SERVER``, which
pygraphistry never reads, counts only where pygraphistry has no hostname. A session token in
``GRAPHISTRY_API_TOKEN`` logs the widget in with it, and the widget says so.

pygraphistry reads its config files once per process, so each case runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphistry_jupyter import LocalHub, LoginWidget
from tests.support.comm import CommLog
from tests.support.waiting import wait_for

REPO = Path(__file__).resolve().parents[2]

# What pygraphistry resolved, and what a LoginWidget() made in the same process resolved.
_RESOLVE = """
import json
import graphistry
from graphistry.client_session import get_from_env
import graphistry_jupyter as gj
from graphistry_jupyter.session.environment import login_defaults

session = graphistry.client().session
widget = gj.LoginWidget()
print(json.dumps({
    "pygraphistry": {
        "server": session.hostname,
        "protocol": session.protocol,
        "browser_address": session.client_protocol_hostname or "",
        "certificate_validation": session.certificate_validation,
        "api_token": bool(session.api_token),
    },
    "names_a_hostname": get_from_env("GRAPHISTRY_HOSTNAME", str) is not None,
    "widget": {
        "server": widget.server,
        "protocol": widget.protocol,
        "browser_address": widget.client_protocol_hostname,
        "certificate_validation": widget.certificate_validation,
        "api_token": login_defaults().has_api_token,
    },
}))
widget.close()
"""

CASES = {
    "nothing set": ({}, {}),
    "GRAPHISTRY_HOSTNAME": ({"GRAPHISTRY_HOSTNAME": "a.example.com"}, {}),
    "GRAPHISTRY_HOSTNAME in a config file": ({}, {"GRAPHISTRY_HOSTNAME": "c.example.com"}),
    "GRAPHISTRY_SERVER alone": ({"GRAPHISTRY_SERVER": "b.example.com"}, {}),
    "GRAPHISTRY_HOSTNAME over GRAPHISTRY_SERVER": (
        {"GRAPHISTRY_HOSTNAME": "a.example.com", "GRAPHISTRY_SERVER": "b.example.com"},
        {},
    ),
    "a config file's hostname over GRAPHISTRY_SERVER": (
        {"GRAPHISTRY_SERVER": "b.example.com"},
        {"GRAPHISTRY_HOSTNAME": "c.example.com"},
    ),
    "the environment over a config file": (
        {"GRAPHISTRY_HOSTNAME": "a.example.com", "GRAPHISTRY_PROTOCOL": "http"},
        {"GRAPHISTRY_HOSTNAME": "c.example.com", "GRAPHISTRY_PROTOCOL": "https"},
    ),
    "GRAPHISTRY_PROTOCOL": ({"GRAPHISTRY_PROTOCOL": "http"}, {}),
    "GRAPHISTRY_CLIENT_PROTOCOL_HOSTNAME": (
        {"GRAPHISTRY_CLIENT_PROTOCOL_HOSTNAME": "https://graphs.example.com"},
        {},
    ),
    "GRAPHISTRY_CERTIFICATE_VALIDATION": ({"GRAPHISTRY_CERTIFICATE_VALIDATION": "false"}, {}),
    "GRAPHISTRY_CERTIFICATE_VALIDATION in a config file": (
        {},
        {"GRAPHISTRY_CERTIFICATE_VALIDATION": False},
    ),
    # A closed port: the widget's own login with the token fails at once, offline.
    "GRAPHISTRY_API_TOKEN": (
        {"GRAPHISTRY_API_TOKEN": "not-a-real-token", "GRAPHISTRY_HOSTNAME": "127.0.0.1:9"},
        {},
    ),
    "GRAPHISTRY_API_TOKEN in a config file": (
        {"GRAPHISTRY_HOSTNAME": "127.0.0.1:9"},
        {"GRAPHISTRY_API_TOKEN": "not-a-real-token"},
    ),
}


@pytest.mark.parametrize(("environment", "config"), CASES.values(), ids=CASES.keys())
def test_the_widget_resolves_each_setting_as_pygraphistry_does(
    environment: dict[str, str], config: dict[str, object], tmp_path: Path
) -> None:
    config_file = tmp_path / "pygraphistry.json"
    config_file.write_text(json.dumps(config), encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHISTRY_")}
    env = {
        **clean,
        **environment,
        "PYGRAPHISTRY_CONFIG": str(config_file),
        "HOME": str(tmp_path),  # no ~/.pygraphistry of the person running the tests
        "PYTHONPATH": os.pathsep.join([str(REPO), clean.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", _RESOLVE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    expected = dict(seen["pygraphistry"])
    if not seen["names_a_hostname"] and "GRAPHISTRY_SERVER" in environment:
        expected["server"] = environment["GRAPHISTRY_SERVER"]  # pygraphistry has none of its own
    assert seen["widget"] == expected


def test_a_token_in_the_environment_logs_the_widget_in_and_it_says_so(
    hub: LocalHub, monkeypatch: pytest.MonkeyPatch, comm_log: CommLog
) -> None:
    token = hub.issue_token("alice")
    monkeypatch.setenv("GRAPHISTRY_API_TOKEN", token)

    login = LoginWidget(server=hub.server, protocol=hub.protocol)

    wait_for(lambda: login.status == "logged_in", "the login with GRAPHISTRY_API_TOKEN")
    assert login.username == "alice"
    assert login.logged_in_with == "GRAPHISTRY_API_TOKEN"
    assert "with GRAPHISTRY_API_TOKEN" in repr(login)
    assert token not in json.dumps(login.get_state(), default=str)
    assert token not in comm_log.as_text()
    login.logout()
    assert login.logged_in_with == "", "after a logout the next login is the form's"
    login.close()


def test_without_a_token_the_widget_waits_for_a_login(hub: LocalHub) -> None:
    login = LoginWidget(server=hub.server, protocol=hub.protocol)

    assert (login.status, login.logged_in_with) == ("logged_out", "")
    login.close()
