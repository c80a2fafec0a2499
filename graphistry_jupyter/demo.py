"""``graphistry-jupyter demo``: a local hub with demo users, and JupyterLab on a notebook.

The notebook finds the demo's hub through ``GRAPHISTRY_JUPYTER_DEMO_HUB`` (``host:port``), which
kernels inherit from the Jupyter server; run on its own, it starts an embedded hub instead. With
``--behind-jupyter-proxy`` browsers open the hub's pages through JupyterLab's own port
(jupyter-server-proxy), for a demo on a machine whose browser only reaches Lab's port
(http/addresses.py, hub/jupyter_proxy.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TextIO

import requests

from .http.addresses import DEMO_HUB_BROWSER_ENV, DEMO_HUB_ENV

DEMO_USERS = {"alice": "alice-pw", "bob": "bob-pw"}
DEMO_ORGS = {"acme": ["alice", "bob"]}
# Lab's plugin that asks "Would you like to get notified about official Jupyter news?" in a toast
# over the notebook, whatever the news feed (its setting, not the feed's address, decides).
ANNOUNCEMENTS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
QUICKSTART = "quickstart.ipynb"
_LAB_START_DEADLINE_S = 90.0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo",
        help="run a local hub with demo users and JupyterLab on a notebook",
        description=(
            "Start a local Graphistry hub with demo users (alice/alice-pw, bob/bob-pw, "
            "organization acme) and JupyterLab on NOTEBOOK, print the URL to open, and run "
            "until Ctrl-C. Needs the demo extra: pip install 'graphistry-jupyter[demo]'."
        ),
    )
    demo.add_argument(
        "--notebook",
        help="notebook to open (default: a scratch copy of the quickstart notebook, removed "
        "when the demo stops)",
    )
    demo.add_argument("--hub-port", type=int, default=8080, help="hub port; 0 picks a free one")
    demo.add_argument("--lab-port", type=int, default=8888, help="JupyterLab port")
    demo.add_argument(
        "--behind-jupyter-proxy",
        action="store_true",
        help="open plots through JupyterLab's port (/proxy/HUB_PORT, jupyter-server-proxy), "
        "for a browser that reaches only Lab's port, such as through a tunnel",
    )
    demo.set_defaults(run=run_demo)


def quickstart_notebook() -> Path:
    """The quickstart notebook: a wheel carries a copy inside the package, a checkout (or an
    editable install) has it in the repository's notebooks/."""
    package = Path(__file__).resolve().parent
    for folder in (package / "notebooks", package.parent / "notebooks"):
        if (candidate := folder / QUICKSTART).is_file():
            return candidate
    raise FileNotFoundError(f"the quickstart notebook is not installed with {package}")


def run_demo(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    # The demo extra: the hub's modules and JupyterLab (run in a subprocess); cli.main() turns
    # a missing one into a one-line message.
    from .hub import LocalHub  # noqa: F401 - only to know the hub extra is there

    if importlib.util.find_spec("jupyterlab") is None:
        raise ModuleNotFoundError("No module named 'jupyterlab'", name="jupyterlab")
    if args.notebook is None:
        scratch = Path(tempfile.mkdtemp(prefix="graphistry-jupyter-demo-"))
        try:
            notebook = Path(shutil.copy(quickstart_notebook(), scratch / QUICKSTART))
            print(f"Notebook: a scratch copy of the quickstart at {notebook}", file=out)
            return _serve(args, notebook, out)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    notebook = Path(args.notebook).resolve()
    if not notebook.is_file():
        print(f"graphistry-jupyter demo: no notebook at {notebook}", file=sys.stderr)
        return 2
    return _serve(args, notebook, out)


def _serve(args: argparse.Namespace, notebook: Path, out: TextIO) -> int:
    from .hub import LocalHub
    from .hub.server import jupyter_proxy

    if args.behind_jupyter_proxy and not jupyter_proxy.proxy_installed():
        print(
            "graphistry-jupyter demo: --behind-jupyter-proxy needs jupyter-server-proxy: "
            "pip install jupyter-server-proxy",
            file=sys.stderr,
        )
        return 2
    if not _port_free(args.lab_port):
        print(
            f"graphistry-jupyter demo: port {args.lab_port} is in use; "
            "choose another with --lab-port",
            file=sys.stderr,
        )
        return 1
    try:
        hub = LocalHub(DEMO_USERS, DEMO_ORGS, port=args.hub_port).start()
    except OSError as exc:
        print(
            f"graphistry-jupyter demo: cannot start the hub on port {args.hub_port} ({exc}); "
            "choose another with --hub-port",
            file=sys.stderr,
        )
        return 1
    token = secrets.token_urlsafe(16)
    lab_url = f"http://127.0.0.1:{args.lab_port}"
    lab_config = _without_announcements(Path(tempfile.mkdtemp(prefix="graphistry-demo-")))
    lab = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={args.lab_port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={notebook.parent}",
            # No news feed or update check (the pop-up itself: _without_announcements).
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            # Jupyter refuses to run as root without it; containers and CI often are root.
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        env={
            **os.environ,
            **_config_path_env(lab_config),
            DEMO_HUB_ENV: hub.server,
            **(_proxy_env(hub.port) if args.behind_jupyter_proxy else {}),
        },
        start_new_session=True,
    )
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if not _wait_until_ready(lab, f"{lab_url}/api/status?token={token}", stop):
            print("graphistry-jupyter demo: JupyterLab did not start", file=sys.stderr)
            return 1
        print(f"\nGraphistry local hub: {hub.url}  (users alice/alice-pw, bob/bob-pw)", file=out)
        if args.behind_jupyter_proxy:
            print(f"Browsers open it through Lab: {lab_url}/proxy/{hub.port}/", file=out)
        print(f"Open: {lab_url}/lab/tree/{notebook.name}?token={token}", file=out)
        print("Press Ctrl-C to stop.", file=out, flush=True)
        while not stop.is_set() and lab.poll() is None:
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        _terminate(lab)
        hub.stop()
        shutil.rmtree(lab_config, ignore_errors=True)
    return 0


def _without_announcements(config_dir: Path) -> Path:
    """``config_dir`` made a Jupyter config directory whose Lab page config turns off Lab's
    announcements plugin: a demo has no use for its news pop-up, which covers the plots.

    Lab asks whether to fetch news while its ``fetchNews`` setting is unset, even when
    ``news_url`` is None; this leaves the user's own settings alone."""
    page_config = config_dir / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True, exist_ok=True)
    page_config.write_text(json.dumps({"disabledExtensions": {ANNOUNCEMENTS_PLUGIN: True}}))
    return config_dir


def _config_path_env(config_dir: Path) -> dict[str, str]:
    """JUPYTER_CONFIG_PATH with ``config_dir`` added, after any the environment already names."""
    existing = os.environ.get("JUPYTER_CONFIG_PATH", "")
    return {"JUPYTER_CONFIG_PATH": os.pathsep.join(p for p in (existing, str(config_dir)) if p)}


def _proxy_env(hub_port: int) -> dict[str, str]:
    """What tells the kernels to open plots through Lab's proxy: the demo hub's browser address,
    and the default of hubs they start themselves (other notebooks' staging hubs)."""
    from .hub.server import jupyter_proxy

    browser = jupyter_proxy.address(hub_port, "/")  # the demo's Lab serves at its root
    return {DEMO_HUB_BROWSER_ENV: browser, jupyter_proxy.BEHIND_PROXY_ENV: "1"}


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_until_ready(lab: subprocess.Popen[bytes], status_url: str, stop: threading.Event) -> bool:
    deadline = time.monotonic() + _LAB_START_DEADLINE_S
    while time.monotonic() < deadline and lab.poll() is None and not stop.is_set():
        try:
            if requests.get(status_url, timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        stop.wait(0.25)
    return False


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)
