"""Start and stop real Jupyter servers (JupyterLab 4, Notebook 7, Voila) for browser tests.

Each server runs with the test process's own interpreter (``sys.executable``), so the default
``python3`` kernelspec, whose argv starts with ``python``, launches kernels on that same
interpreter (jupyter_client substitutes ``sys.executable``). It gets private
``JUPYTER_CONFIG_DIR``, ``JUPYTER_DATA_DIR``, ``JUPYTER_RUNTIME_DIR``, ``IPYTHONDIR`` and
``TMPDIR`` under ``.work/`` (git-ignored), a random token, a free port, and no ``GRAPHISTRY_*``
variables. It is ready once ``GET /api/status`` answers 200. Stopping sends SIGTERM (kernels
shut down cleanly), then after a grace period kills the server's process group and any kernel
still alive. ``PR_SET_PDEATHSIG`` has Linux kill the server if the test run itself is killed (its
kernels then see their parent gone and exit), so nothing is left behind.

A Lab server also serves Notebook 7 (``/notebooks/<name>``) and Voila (``/voila/render/<name>``),
since both are installed as server extensions: one server per session covers all three front ends.
``app="notebook"`` and ``app="voila"`` start the standalone applications when a test needs them.

See ``/work/shared/docs/browser-testing.md`` for why each option is here.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tests.support.waiting import wait_for_server

REPO_ROOT = Path(__file__).resolve().parents[2]
WORK_DIR = REPO_ROOT / ".work"

App = Literal["lab", "notebook", "voila"]

USER_SETTINGS = Path("lab", "user-settings")
# The lab-manager setting that makes JupyterLab / Notebook 7 write widget state into the .ipynb.
WIDGET_SETTINGS_PATH = (
    USER_SETTINGS / "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
)
# Without it Lab asks "get notified about official Jupyter news?" in a toast that covers outputs.
NOTIFICATION_SETTINGS_PATH = (
    USER_SETTINGS / "@jupyterlab/apputils-extension/notification.jupyterlab-settings"
)

# Printed by jupyter_server when an extension fails to load; the server keeps running without it.
EXTENSION_LINK_ERROR = "error linking extension"

_PR_SET_PDEATHSIG = 1


class JupyterServerError(RuntimeError):
    """The server did not start, died, or reported a broken extension."""


@dataclass
class JupyterServer:
    """A running Jupyter server process and where to reach it."""

    app: App
    base_url: str
    token: str
    root_dir: Path
    home: Path
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def config_dir(self) -> Path:
        """The server's private ``JUPYTER_CONFIG_DIR`` (user settings live under it)."""
        return self.home / "config"

    def url(self, path: str, **query: str) -> str:
        """Absolute URL of ``path`` on this server, carrying the token so a browser logs in."""
        params = {**query, "token": self.token}
        return f"{self.base_url}/{path.lstrip('/')}?{urllib.parse.urlencode(params)}"

    def lab_url(self, notebook: str, *, workspace: str | None = None) -> str:
        """JupyterLab opening ``notebook``; a ``workspace`` name keeps pages from sharing tabs."""
        prefix = f"lab/workspaces/{workspace}" if workspace else "lab"
        return self.url(f"{prefix}/tree/{urllib.parse.quote(notebook)}")

    def notebook_url(self, notebook: str) -> str:
        """Notebook 7's page for ``notebook``."""
        return self.url(f"notebooks/{urllib.parse.quote(notebook)}")

    def voila_url(self, notebook: str) -> str:
        """Voila's rendering of ``notebook`` (runs every cell, shows outputs only)."""
        return self.url(f"voila/render/{urllib.parse.quote(notebook)}")

    def log_text(self) -> str:
        """Everything the server has written to stdout and stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def check_log(self) -> None:
        """Raise if the server log shows an extension that failed to link."""
        log = self.log_text()
        if EXTENSION_LINK_ERROR in log:
            raise JupyterServerError(f"{self.app} server: {EXTENSION_LINK_ERROR}\n{_tail(log)}")

    def api(self, method: str, path: str, *, timeout: float = 10.0) -> object:
        """Call the server's REST API with the token; return the decoded JSON (None if empty)."""
        request = urllib.request.Request(
            f"{self.base_url}/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every session and kernel, so one test's kernels do not hold memory (and
        state) into the next. Voila's kernels have no session, hence the second pass."""
        for kind in ("sessions", "kernels"):
            running = self.api("GET", f"api/{kind}")
            assert isinstance(running, list)
            for item in running:
                with contextlib.suppress(urllib.error.HTTPError):  # it may have ended meanwhile
                    self.api("DELETE", f"api/{kind}/{item['id']}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def private_env(home: Path, dirs: dict[str, str]) -> dict[str, str]:
    """This process's environment without GRAPHISTRY_* (a test server must never reach a real
    Graphistry), with each variable of ``dirs`` pointing at its own new folder under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHISTRY_")}
    for name, folder in dirs.items():
        path = home / folder
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    return env


def server_env(home: Path) -> dict[str, str]:
    """The server's environment: private Jupyter/IPython dirs and TMPDIR, no GRAPHISTRY_*."""
    env = private_env(
        home,
        {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "IPYTHONDIR": "ipython",
            "TMPDIR": "tmp",
        },
    )
    # Only the venv's own kernelspecs, extensions and config, whatever the caller's shell sets.
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_PREFER_ENV_PATH", None)
    return env


def _write_setting(config_dir: Path, relative: Path, values: dict[str, object]) -> None:
    path = config_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")


def seed_user_settings(config_dir: Path, *, save_widget_state: bool | None) -> None:
    """Pre-seed Lab user settings before the server starts: no news prompt, and optionally
    the jupyterlab-manager ``saveState`` setting (None leaves its default, off)."""
    _write_setting(
        config_dir, NOTIFICATION_SETTINGS_PATH, {"fetchNews": "false", "checkForUpdates": False}
    )
    if save_widget_state is not None:
        _write_setting(config_dir, WIDGET_SETTINGS_PATH, {"saveState": save_widget_state})


def server_command(app: App, *, port: int, token: str, root_dir: Path) -> list[str]:
    """The command line that starts ``app``; each option appears once (see the log check)."""
    if app == "voila":
        return [
            sys.executable,
            "-m",
            "voila",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--Voila.port={port}",
            "--Voila.port_retries=0",
            f"--Voila.token={token}",
            f"--Voila.root_dir={root_dir}",
        ]
    common = [
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        # The browser tests read window.jupyterapp to wait for kernel sessions.
        "--JupyterNotebookApp.expose_app_in_browser=True",
    ]
    if app == "notebook":
        return [sys.executable, "-m", "notebook", *common]
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        *common,
        "--LabApp.expose_app_in_browser=True",
        # Offline: no news feed, no update check, no extension-manager listing from PyPI.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]


def die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends SIGKILL if the test process dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def spawn_server(
    command: list[str], cwd: Path, env: dict[str, str], log_path: Path
) -> subprocess.Popen[bytes]:
    """Start a server process writing its output to ``log_path``: in its own process group
    (apart from pytest's, so it can be stopped whole) and dying with this process."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _status_ok(server: JupyterServer, path: str) -> bool:
    try:
        with urllib.request.urlopen(server.url(path), timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_jupyter(
    app: App,
    root_dir: Path,
    *,
    save_widget_state: bool | None = None,
    startup_timeout: float = 90.0,
) -> JupyterServer:
    """Start ``app`` serving ``root_dir`` and return once it answers; raise if it cannot.

    ``save_widget_state`` pre-seeds the jupyterlab-manager ``saveState`` setting (None: leave
    the default, which is off).
    """
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix=f"jupyter-{app}-", dir=WORK_DIR))
    env = server_env(home)
    seed_user_settings(home / "config", save_widget_state=save_widget_state)
    port = free_port()
    token = secrets.token_hex(16)
    return launch_server(
        app,
        server_command(app, port=port, token=token, root_dir=root_dir),
        root_dir=root_dir,
        home=home,
        env=env,
        port=port,
        token=token,
        # Voila's standalone app has no /api/status; its tree page answers once it serves.
        ready_path="voila/tree" if app == "voila" else "api/status",
        name=f"{app} server",
        startup_timeout=startup_timeout,
    )


def launch_server(
    app: App,
    command: list[str],
    *,
    root_dir: Path,
    home: Path,
    env: dict[str, str],
    port: int,
    token: str,
    ready_path: str,
    name: str,
    startup_timeout: float,
    check_log: bool = True,
) -> JupyterServer:
    """Run ``command`` (a server of ``app`` on ``port`` with ``token``), logging to
    ``home/server.log``; return once ``ready_path`` answers 200, or stop it and raise. With
    ``check_log``, a start whose log shows a problem (``JupyterServer.check_log``) raises too."""
    log_path = home / "server.log"
    process = spawn_server(command, root_dir, env, log_path)
    server = JupyterServer(
        app=app,
        base_url=f"http://127.0.0.1:{port}",
        token=token,
        root_dir=root_dir,
        home=home,
        log_path=log_path,
        process=process,
    )
    try:
        wait_for_server(
            lambda: _status_ok(server, ready_path),
            process,
            name,
            lambda: _tail(server.log_text()),
            startup_timeout,
            JupyterServerError,
        )
        if check_log:
            server.check_log()
    except BaseException:
        stop_jupyter(server)
        raise
    return server


def _descendant_pidfds(pid: int) -> list[int]:
    """Open a pidfd for every descendant of ``pid`` (from /proc), so they can be signalled later
    without ever hitting a recycled pid."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        fields = text[text.rindex(")") + 2 :].split()  # the name may contain spaces and ")"
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    pidfds: list[int] = []
    pending = list(children.get(pid, []))
    while pending:
        child = pending.pop()
        pending.extend(children.get(child, []))
        with contextlib.suppress(ProcessLookupError):
            pidfds.append(os.pidfd_open(child))
    return pidfds


def stop_jupyter(server: JupyterServer, *, grace: float = 10.0, keep_home: bool = False) -> None:
    """SIGTERM the server (it shuts its kernels down), SIGKILL it after ``grace`` seconds, then
    SIGKILL whatever it started that is still alive.

    Kernels run in process groups of their own, so killing the server's group does not reach
    them; they are found as the server's descendants before it stops.
    """
    process = server.process
    descendants = _descendant_pidfds(process.pid) if process.poll() is None else []
    try:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):  # then it gets SIGKILL below
                process.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
        for pidfd in descendants:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
    finally:
        for pidfd in descendants:
            os.close(pidfd)
    if not keep_home:
        shutil.rmtree(server.home, ignore_errors=True)


@contextlib.contextmanager
def running_jupyter(
    app: App, root_dir: Path, *, save_widget_state: bool | None = None
) -> Iterator[JupyterServer]:
    """``start_jupyter`` as a context manager: the server stops when the block ends.

    On the way out the log is checked once more for broken extensions; the private dirs are kept
    (and their path printed) if anything went wrong, so the server log can be read.
    """
    server = start_jupyter(app, root_dir, save_widget_state=save_widget_state)
    failed = True
    try:
        yield server
        server.check_log()
        failed = False
    finally:
        if failed:
            print(f"{app} server log kept at {server.log_path}")
        stop_jupyter(server, keep_home=failed)
