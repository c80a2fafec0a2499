"""`graphistry-jupyter demo` refuses clearly, before starting anything, when it cannot run; its
help names the demo users and every option. Through the command's own entry point, in this
process: each case returns before a hub or JupyterLab would start."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from graphistry_jupyter.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the command's default notebook path (notebooks/quickstart.ipynb) leads."""
    monkeypatch.chdir(REPO)


def test_a_busy_lab_port_is_named_with_the_option_to_change_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        returned = main(["demo", "--lab-port", str(port), "--hub-port", "0"])
    assert returned == 1
    assert f"port {port} is in use; choose another with --lab-port" in capsys.readouterr().err


def test_a_missing_notebook_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--notebook", "notebooks/no-such.ipynb"]) == 2
    error = capsys.readouterr().err
    assert "no notebook at" in error
    assert "no-such.ipynb" in error


def test_help_names_the_demo_users_and_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    for text in ("alice/alice-pw", "--notebook", "--hub-port", "--lab-port"):
        assert text in shown
