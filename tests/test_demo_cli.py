"""`graphistry-jupyter demo` refuses clearly, before starting anything, when it cannot run."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "graphistry_jupyter.cli", "demo", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)


def test_a_busy_lab_port_is_named_with_the_option_to_change_it() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_demo("--lab-port", str(port), "--hub-port", "0")
    assert result.returncode == 1
    assert f"port {port} is in use; choose another with --lab-port" in result.stderr


def test_a_missing_notebook_is_named() -> None:
    result = run_demo("--notebook", "notebooks/no-such.ipynb")
    assert result.returncode == 2
    assert "no notebook at" in result.stderr
    assert "no-such.ipynb" in result.stderr


def test_help_names_the_demo_users_and_every_option() -> None:
    result = run_demo("--help")
    assert result.returncode == 0
    for text in ("alice/alice-pw", "--notebook", "--hub-port", "--lab-port"):
        assert text in result.stdout
