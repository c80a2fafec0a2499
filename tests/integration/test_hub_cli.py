"""``graphistry-jupyter hub``: its help documents every option, it takes users without putting
passwords on the command line, and it serves the real client."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import graphistry
import pytest
import requests

from graphistry_jupyter.cli import build_parser, main
from graphistry_jupyter.hub.server.users_file import read_users_file

REPO_ROOT = Path(__file__).resolve().parents[2]
HUB_COMMAND = [sys.executable, "-m", "graphistry_jupyter.cli", "hub"]
OPTIONS = [
    "--port",
    "--host",
    "--user",
    "--users-file",
    "--org",
    "--data-dir",
    "--token-ttl",
    "--grant-ttl",
    "--max-upload-bytes",
    "--latency-ms",
    "--sso-auto-approve",
    "--tls",
]


def test_hub_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["hub", "--help"])

    assert leaving.value.code == 0
    text = capsys.readouterr().out
    # Each option's entry: its line and the indented lines after it, up to the next option.
    entries = dict(re.findall(r"^  (--[a-z-]+)(.*?)(?=^  -|\n\n)", text, re.MULTILINE | re.DOTALL))
    assert set(entries) == set(OPTIONS)
    for option, entry in entries.items():
        assert len(entry.split()) >= 5, f"{option} has no real help: {entry!r}"


def test_a_user_without_a_password_is_a_usage_error_that_echoes_nothing(capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["hub", "--user", ":hunter2"])

    assert leaving.value.code == 2
    err = capsys.readouterr().err
    assert "NAME:PASSWORD" in err
    assert "hunter2" not in err


def test_the_help_says_that_user_passwords_show_in_ps(capsys):
    with pytest.raises(SystemExit):
        main(["hub", "--help"])

    squeezed = "".join(capsys.readouterr().out.split())  # help wraps lines, even inside words
    assert "canreaditwith`ps`:prefer--users-fileorGRAPHISTRY_HUB_USERS" in squeezed


def private_file(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize("entry", ["alice:alice-pw", " alice :a pass:word ", "bob:,x"])
def test_a_user_argument_reads_as_the_same_line_of_a_users_file(tmp_path, entry):
    users_file = private_file(tmp_path / "users.txt", f"{entry}\n")

    assert build_parser().parse_args(["hub", "--user", entry]).users == read_users_file(users_file)


def test_a_users_file_others_can_read_is_refused_naming_the_fix(tmp_path, capsys):
    users = private_file(tmp_path / "users.txt", "alice:hunter2\n")
    users.chmod(0o644)

    assert main(["hub", "--users-file", str(users)]) == 2

    err = capsys.readouterr().err
    assert f"chmod 600 {users}" in err
    assert "hunter2" not in err


def test_a_bad_users_file_line_is_named_by_number_never_echoed(tmp_path, capsys):
    users = private_file(tmp_path / "users.txt", "# demo users\nalice:pw\n\nbob hunter2\n")

    assert main(["hub", "--users-file", str(users)]) == 2

    err = capsys.readouterr().err
    assert f"{users}, entry 4: expected NAME:PASSWORD" in err
    assert "hunter2" not in err


def test_a_user_given_twice_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GRAPHISTRY_HUB_USERS", "alice:one")
    users = private_file(tmp_path / "users.txt", "alice:two\n")

    assert main(["hub", "--users-file", str(users)]) == 2
    assert "user alice is given more than once" in capsys.readouterr().err


def test_no_users_at_all_names_every_way_to_give_them(capsys):
    assert main(["hub"]) == 2
    err = capsys.readouterr().err
    for way in ("--users-file", "GRAPHISTRY_HUB_USERS", "--user"):
        assert way in err


@pytest.mark.parametrize(
    ("value", "size"),
    [("500000", 500000), ("512K", 512 * 1024), ("100MiB", 100 * 1024**2), ("2g", 2 * 1024**3)],
)
def test_upload_limits_take_units(value, size):
    args = build_parser().parse_args(["hub", "--max-upload-bytes", value])
    assert args.max_upload_bytes == size


@pytest.mark.parametrize("value", ["0", "-1", "2T", "lots", "1.5G"])
def test_a_bad_upload_limit_is_a_usage_error(value, capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["hub", "--max-upload-bytes", value])
    assert leaving.value.code == 2
    assert "expected a positive byte count" in capsys.readouterr().err


class HubCommand:
    """``graphistry-jupyter hub --port 0 ARGS`` in a subprocess (a context manager that kills
    it if still running); its output is read on a thread."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHISTRY_")}
        clean["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(REPO_ROOT), clean.get("PYTHONPATH")])
        )
        self.process = subprocess.Popen(
            [*HUB_COMMAND, "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**clean, **(env or {})},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.first = self.lines.get(timeout=30)
        found = re.search(r"running at https?://(127\.0\.0\.1:\d+)", self.first)
        assert found, self.first
        self.server = found.group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def stop(self) -> int:
        """Ctrl-C; its exit status once it and its output have ended."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=15)
        self.reader.join(timeout=10)
        return status

    @property
    def output(self) -> str:
        return self.first + "".join(self.lines.get_nowait() for _ in range(self.lines.qsize()))

    def __enter__(self) -> HubCommand:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def test_users_from_a_file_and_the_environment_log_in_and_stay_out_of_ps(tmp_path):
    users = private_file(tmp_path / "users.txt", "# team\nalice:alice file pw\n")
    env = {"GRAPHISTRY_HUB_USERS": "bob:bob-env-pw,carol:c-pw"}

    with HubCommand("--users-file", str(users), env=env) as hub:
        for user, password in (("alice", "alice file pw"), ("bob", "bob-env-pw")):
            client = graphistry.client().register(
                api=3, protocol="http", server=hub.server, username=user, password=password
            )
            assert client.session.api_token
        command_line = Path(f"/proc/{hub.process.pid}/cmdline").read_bytes()
        assert hub.stop() == 0

    assert b"alice file pw" not in command_line
    assert b"bob-env-pw" not in command_line
    assert "users: bob, carol, alice" in hub.output
    for password in ("alice file pw", "bob-env-pw", "c-pw"):
        assert password not in hub.output


def test_the_hub_command_serves_the_real_client_until_interrupted():
    with HubCommand("--user", "alice:alice-pw", "--org", "acme:alice") as hub:
        client = graphistry.client().register(
            api=3,
            protocol="http",
            server=hub.server,
            username="alice",
            password="alice-pw",
            org_name="acme",
        )
        assert client.session.org_name == "acme"
        assert hub.stop() == 0

    assert "Stopped." in hub.output
    assert "alice-pw" not in hub.output


def test_the_hub_command_over_https_says_which_ca_bundle_clients_pass():
    with HubCommand("--user", "alice:alice-pw", "--tls") as hub:
        assert hub.first.startswith(f"Graphistry local hub running at https://{hub.server}")
        connect = ""
        while "connect:" not in connect:
            connect = hub.lines.get(timeout=10)
        found = re.search(r'protocol="https".*certificate_validation=\'([^\']+)\'', connect)
        assert found, connect
        login = {"username": "alice", "password": "alice-pw"}
        url = f"https://{hub.server}/api-token-auth/"
        with pytest.raises(requests.exceptions.SSLError):
            requests.post(url, json=login, timeout=10)  # no public CA signed it
        reply = requests.post(url, json=login, timeout=10, verify=found.group(1))
        assert reply.json()["token"]
        assert hub.stop() == 0
