"""Start and stop a marimo server on a notebook file for browser tests, as ``jupyter.py`` does for
Jupyter: the test process's own interpreter, a free port, a random access token, private
``HOME``/``XDG_*``/``TMPDIR`` under ``.work/``, no ``GRAPHISTRY_*`` variables, no update check.

``marimo run`` serves the notebook as an app and runs each browser session's kernel on a thread
of the server; ``marimo edit`` opens the editor, with the kernel in a child process, and (with
the user setting ``runtime.auto_instantiate`` written here) runs every cell on load. Either way
the server's process group holds everything it started, and stopping the group stops it all. It
is ready once ``GET /health`` answers 200; ``PR_SET_PDEATHSIG`` has Linux kill the server if the
test run dies.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tests.support.jupyter import WORK_DIR, free_port, private_env, spawn_server
from tests.support.waiting import wait_for_server

Mode = Literal["run", "edit"]


class MarimoServerError(RuntimeError):
    """The server did not start, or died."""


@dataclass
class MarimoApp:
    """A running marimo server and where to reach it."""

    base_url: str
    token: str
    home: Path
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def url(self) -> str:
        """The app's page, carrying the token so a browser is let in."""
        return f"{self.base_url}/?access_token={self.token}"

    def log_text(self) -> str:
        """Everything the server has written to stdout and stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def marimo_env(home: Path) -> dict[str, str]:
    """The server's environment: its own home, config, cache and TMPDIR; no GRAPHISTRY_*."""
    env = private_env(
        home,
        {
            "HOME": ".",
            "XDG_CONFIG_HOME": "config",
            "XDG_CACHE_HOME": "cache",
            "XDG_STATE_HOME": "state",
            "XDG_DATA_HOME": "data",
            "TMPDIR": "tmp",
        },
    )
    env["MARIMO_SKIP_UPDATE_CHECK"] = "1"
    # The editor's default is to wait for "Run all": a person would press it, a test runs all.
    config = home / "config" / "marimo" / "marimo.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[runtime]\nauto_instantiate = true\n", encoding="utf-8")
    return env


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def start_marimo(notebook: Path, mode: Mode, *, startup_timeout: float = 60.0) -> MarimoApp:
    """Serve ``notebook`` with ``marimo run`` or ``marimo edit``; return once it answers, or
    raise."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="marimo-", dir=WORK_DIR))
    port = free_port()
    token = secrets.token_hex(16)
    log_path = home / "server.log"
    command = [
        sys.executable,
        "-m",
        "marimo",
        mode,
        str(notebook),
        "--headless",
        "--host=127.0.0.1",
        f"--port={port}",
        f"--token-password={token}",
        "--no-sandbox",
        *(["--skip-update-check"] if mode == "edit" else []),
    ]
    process = spawn_server(command, notebook.parent, marimo_env(home), log_path)
    app = MarimoApp(f"http://127.0.0.1:{port}", token, home, log_path, process)
    try:
        wait_for_server(
            lambda: _healthy(app.base_url),
            process,
            "marimo",
            lambda: _tail(app.log_text()),
            startup_timeout,
            MarimoServerError,
        )
    except BaseException:
        stop_marimo(app)
        raise
    return app


def stop_marimo(app: MarimoApp, *, grace: float = 10.0, keep_home: bool = False) -> None:
    """SIGTERM the server's process group, SIGKILL it after ``grace`` seconds."""
    process = app.process
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):  # then it gets SIGKILL below
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    if not keep_home:
        shutil.rmtree(app.home, ignore_errors=True)


@contextlib.contextmanager
def running_marimo(notebook: Path, mode: Mode) -> Iterator[MarimoApp]:
    """``start_marimo`` as a context manager; the server log is kept (and its path printed) if
    the block fails."""
    app = start_marimo(notebook, mode)
    failed = True
    try:
        yield app
        failed = False
    finally:
        if failed:
            print(f"marimo server log kept at {app.log_path}")
        stop_marimo(app, keep_home=failed)
