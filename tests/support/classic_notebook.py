"""Start and stop classic Notebook 6 for browser tests, and drive a notebook opened in it.

Notebook 6 cannot share ``.venv`` with Notebook 7 (both are the ``notebook`` package), so its
server runs from ``.venv-classic``, which holds the server only (``scripts/setup.sh classic``
installs ``ci/classic-notebook.txt`` there). Everything else is the test process's own, as in
``jupyter.py``: kernels run on ``sys.executable`` (a private ``python3`` kernelspec says so),
and the front-end extensions the page loads are the ones ``.venv``'s ipywidgets and anywidget
installed (``JUPYTER_PATH``), turned on in the server's private config. So the widgets extension
the test sees always matches the kernel's ipywidgets.

The page object reads ``window.Jupyter.notebook``, classic Notebook's own API, to know when the
kernel is connected and a cell has run, to run cells, and to render a cell's outputs again as
the classic widget manager does when its first load from the kernel ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Locator, Page

from tests.support.jupyter import (
    REPO_ROOT,
    WORK_DIR,
    JupyterServer,
    JupyterServerError,
    free_port,
    launch_server,
    server_env,
    stop_jupyter,
)

CLASSIC_VENV = REPO_ROOT / ".venv-classic"
CLASSIC_PYTHON = CLASSIC_VENV / "bin" / "python"
SETUP_COMMAND = "scripts/setup.sh classic"
# ipywidgets' classic front end, and anywidget's (which maps `anywidget` to its bundle).
NBEXTENSIONS = ["jupyter-js-widgets/extension", "anywidget/extension"]

KERNEL_CONNECTED_TIMEOUT_MS = 60_000
EXECUTION_TIMEOUT_MS = 60_000


def classic_env(home: Path) -> dict[str, str]:
    """The server's environment (``jupyter.py``'s) with a kernelspec that runs kernels on this
    interpreter and ``.venv``'s nbextensions on its path, and the widget nbextensions turned on."""
    env = server_env(home)
    # JUPYTER_PATH comes before every other data dir: the kernelspec first, then .venv's own
    # (its python3 spec names `python`, which would run on the server's interpreter).
    ours = home / "jupyter-path"
    env["JUPYTER_PATH"] = os.pathsep.join([str(ours), str(Path(sys.prefix) / "share" / "jupyter")])
    kernel = ours / "kernels" / "python3" / "kernel.json"
    kernel.parent.mkdir(parents=True, exist_ok=True)
    kernel.write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    nbconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "nbconfig" / "notebook.json"
    nbconfig.parent.mkdir(parents=True, exist_ok=True)
    nbconfig.write_text(
        json.dumps({"load_extensions": dict.fromkeys(NBEXTENSIONS, True)}), encoding="utf-8"
    )
    return env


def start_classic_notebook(root_dir: Path, *, startup_timeout: float = 60.0) -> JupyterServer:
    """Start classic Notebook 6 serving ``root_dir``; return once it answers, or raise."""
    if not CLASSIC_PYTHON.exists():
        raise JupyterServerError(f"{CLASSIC_VENV} is missing: run {SETUP_COMMAND}")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="jupyter-classic-", dir=WORK_DIR))
    env = classic_env(home)
    port = free_port()
    token = secrets.token_hex(16)
    command = [
        str(CLASSIC_PYTHON),
        "-m",
        "notebook",
        "--no-browser",
        "--allow-root",
        "--NotebookApp.ip=127.0.0.1",
        f"--NotebookApp.port={port}",
        "--NotebookApp.port_retries=0",
        f"--NotebookApp.token={token}",
        f"--NotebookApp.notebook_dir={root_dir}",
        # The "migrate to Notebook 7" banner pushes the notebook down the page.
        "--NotebookApp.show_banner=False",
    ]
    # Its log is not checked: JupyterServer.check_log looks for Jupyter Server's extension-link
    # error, a line of Notebook 7 and JupyterLab.
    return launch_server(
        "notebook",
        command,
        root_dir=root_dir,
        home=home,
        env=env,
        port=port,
        token=token,
        ready_path="api/status",
        name="classic notebook",
        startup_timeout=startup_timeout,
        check_log=False,
    )


@contextlib.contextmanager
def running_classic_notebook(root_dir: Path) -> Iterator[JupyterServer]:
    """``start_classic_notebook`` as a context manager; the log is kept (and its path printed)
    if the block fails."""
    server = start_classic_notebook(root_dir)
    failed = True
    try:
        yield server
        failed = False
    finally:
        if failed:
            print(f"classic notebook log kept at {server.log_path}")
        stop_jupyter(server, keep_home=failed)


_KERNEL_CONNECTED_JS = """
() => {
  const nb = window.Jupyter && window.Jupyter.notebook;
  return !!(nb && nb.kernel && nb.kernel.is_connected() && nb.kernel.widget_manager);
}
"""

# Each cell's execution count: a number once it has run, "*" while it runs, null before.
_EXECUTION_COUNTS_JS = (
    "() => Jupyter.notebook.get_cells().map((c) => c.input_prompt_number ?? null)"
)

_RAN_SINCE_JS = """
([index, before]) => {
  const cell = Jupyter.notebook.get_cell(index);
  const count = cell && cell.input_prompt_number;
  return typeof count === "number" && count !== before && !Jupyter.notebook.kernel_busy;
}
"""


class ClassicNotebookPage:
    """A notebook opened in classic Notebook 6."""

    def __init__(self, page: Page, server: JupyterServer, name: str) -> None:
        self.page = page
        self.server = server
        self.name = name

    @classmethod
    def open(cls, page: Page, server: JupyterServer, name: str) -> ClassicNotebookPage:
        """Open notebook ``name`` and return as soon as its kernel is connected and has a widget
        manager, before that manager has finished its first load from the kernel."""
        page.goto(
            server.notebook_url(name),
            wait_until="domcontentloaded",
            timeout=KERNEL_CONNECTED_TIMEOUT_MS,
        )
        page.wait_for_function(_KERNEL_CONNECTED_JS, timeout=KERNEL_CONNECTED_TIMEOUT_MS)
        return cls(page, server, name)

    def output(self, index: int) -> Locator:
        """The output area of cell ``index``; widgets render inside it."""
        return self.page.locator("#notebook-container > .cell").nth(index).locator(".output")

    def execute(self, index: int, *, timeout_ms: float = EXECUTION_TIMEOUT_MS) -> Locator:
        """Run cell ``index``, wait until it has run, and return its output area."""
        counts: list[int | str | None] = self.page.evaluate(_EXECUTION_COUNTS_JS)
        before = counts[index] if index < len(counts) else None
        self.page.evaluate("(index) => { Jupyter.notebook.execute_cells([index]); }", index)
        self.page.wait_for_function(_RAN_SINCE_JS, arg=[index, before], timeout=timeout_ms)
        return self.output(index)

    def render_outputs_again(self, index: int) -> None:
        """Clear cell ``index``'s outputs and render them again from the same data, as the
        classic widget manager does to every cell with a widget output once its first load
        from the kernel ends."""
        self.page.evaluate(
            "(index) => Jupyter.notebook.render_cell_output(Jupyter.notebook.get_cell(index))",
            index,
        )
