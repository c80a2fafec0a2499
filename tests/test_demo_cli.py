"""`graphistry-jupyter demo` refuses clearly, before starting anything, when it cannot run; its
help names the demo users and every option. Through the command's own entry point, in this
process: each case returns before a hub or JupyterLab would start."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graphistry_jupyter.cli import main

REPO = Path(__file__).resolve().parents[1]
# The checks after the one for the demo extra: without JupyterLab (the oldest stack's venv) the
# demo stops at that one, as it should (test_demo_without_jupyterlab_says_...).
with_the_demo_extra = pytest.mark.skipif(
    importlib.util.find_spec("jupyterlab") is None,
    reason="the demo extra (JupyterLab) is not installed in this venv",
)


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the command's default notebook path (notebooks/quickstart.ipynb) leads."""
    monkeypatch.chdir(REPO)


@with_the_demo_extra
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


@with_the_demo_extra
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


def run_without(blocked: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a Python where ``blocked`` modules cannot be imported, as in an install
    without the extra that brings them."""
    code = (
        "import sys\n"
        f"sys.modules.update(dict.fromkeys({blocked!r}))\n"
        "from graphistry_jupyter.cli import main\n"
        f"sys.exit(main({list(args)!r}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_hub_without_its_extra_says_which_to_install_in_one_line() -> None:
    result = run_without(["starlette", "uvicorn"], "hub", "--user", "alice:alice-pw")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "graphistry-jupyter hub: needs the hub extra (starlette is not installed): "
        "pip install 'graphistry-jupyter[hub]'"
    ]


def test_demo_without_jupyterlab_says_which_extra_to_install_in_one_line() -> None:
    result = run_without(["jupyterlab"], "demo", "--hub-port", "0")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "graphistry-jupyter demo: needs the demo extra (jupyterlab is not installed): "
        "pip install 'graphistry-jupyter[demo]'"
    ]


def test_demo_without_the_hub_says_the_demo_extra() -> None:
    result = run_without(["uvicorn"], "demo", "--hub-port", "0")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "graphistry-jupyter demo: needs the demo extra (uvicorn is not installed): "
        "pip install 'graphistry-jupyter[demo]'"
    ]


def test_a_module_of_this_package_missing_is_a_defect_not_an_extra() -> None:
    result = run_without(["graphistry_jupyter.hub"], "hub", "--user", "alice:alice-pw")

    assert result.returncode == 1
    assert "ModuleNotFoundError" in result.stderr
    assert "pip install" not in result.stderr


def test_version_prints_the_package_version() -> None:
    import graphistry_jupyter

    result = subprocess.run(
        [sys.executable, "-m", "graphistry_jupyter.cli", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )

    assert result.returncode == 0
    assert result.stdout == f"graphistry-jupyter {graphistry_jupyter.__version__}\n"


@with_the_demo_extra
def test_the_demo_without_a_notebook_opens_a_scratch_copy_of_the_quickstart(tmp_path) -> None:
    # Run from an empty folder, as after `pip install`: no notebooks/ there. The busy Lab port
    # stops the demo before it starts anything, after it made its copy.
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, "-m", "graphistry_jupyter.cli", "demo"]
        result = subprocess.run(
            [*command, "--lab-port", str(port), "--hub-port", "0"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )

    assert result.returncode == 1, result.stderr
    assert f"port {port} is in use" in result.stderr
    copied = Path(result.stdout.split("a scratch copy of the quickstart at ", 1)[1].strip())
    assert copied.name == "quickstart.ipynb"
    assert not copied.parent.exists(), "the scratch copy outlived the demo"
    assert list(tmp_path.iterdir()) == []


def test_the_quickstart_is_found_beside_the_package_in_a_checkout() -> None:
    from graphistry_jupyter.demo import quickstart_notebook

    assert quickstart_notebook() == REPO / "notebooks" / "quickstart.ipynb"
