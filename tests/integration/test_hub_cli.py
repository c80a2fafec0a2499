"""``graphistry-jupyter hub``: its help documents every option, and it serves the real client."""

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

from graphistry_jupyter.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]
HUB_COMMAND = [sys.executable, "-m", "graphistry_jupyter.cli", "hub"]
OPTIONS = [
    "--port",
    "--host",
    "--user",
    "--org",
    "--data-dir",
    "--token-ttl",
    "--latency-ms",
    "--sso-auto-approve",
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


def test_the_hub_command_serves_the_real_client_until_interrupted():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHISTRY_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [*HUB_COMMAND, "--port", "0", "--user", "alice:alice-pw", "--org", "acme:alice"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    try:
        first = lines.get(timeout=30)
        url = re.search(r"running at (http://127\.0\.0\.1:(\d+))", first)
        assert url, first

        client = graphistry.client().register(
            api=3,
            protocol="http",
            server=url.group(1).split("//")[1],
            username="alice",
            password="alice-pw",
            org_name="acme",
        )
        assert client.session.org_name == "acme"

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    output = first + "".join(iter_queue(lines))
    assert "Stopped." in output
    assert "alice-pw" not in output


def iter_queue(lines: queue.Queue[str]) -> list[str]:
    collected = []
    while not lines.empty():
        collected.append(lines.get_nowait())
    return collected
