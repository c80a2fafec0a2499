"""Page objects over a notebook opened in JupyterLab 4, Notebook 7 or Voila.

They drive the UI the way a person does (menus, buttons found by accessible name) and read
``window.jupyterapp`` (exposed by the server flags in ``jupyter.py``) only to know when the
kernel session is ready. Every wait has a deadline; nothing awaits an unbounded promise inside
``page.evaluate`` (which has no timeout).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import nbformat
from playwright.sync_api import Locator, Page

from tests.support.browser import save_screenshot
from tests.support.jupyter import JupyterServer

NotebookUi = Literal["lab", "notebook"]

# Where a front end saving widget state ("saveState") puts it in the notebook's metadata.
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"

KERNEL_READY_TIMEOUT_MS = 60_000
EXECUTION_TIMEOUT_MS = 60_000
SAVE_TIMEOUT_S = 20.0

# Finds the notebook panel showing `path` among the main-area widgets. Lab 4 and Notebook 7
# share the shell API; `widgets("main")` is an iterator in both.
_FIND_PANEL_JS = """
(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of Array.from(app.shell.widgets("main"))) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
}
"""

# Ready means: the document is loaded, a kernel session exists and its kernel is connected and
# idle. Running cells before this opens the "Select Kernel" dialog and never returns.
_KERNEL_READY_JS = f"""
(path) => {{
  const w = ({_FIND_PANEL_JS})(path);
  if (!w || !w.context.isReady || !w.sessionContext.isReady) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === "connected" && kernel.status === "idle";
}}
"""

# Each cell's execution count (null: not run; -1: not a code cell).
_EXECUTION_COUNTS_JS = f"""
(path) => {{
  const w = ({_FIND_PANEL_JS})(path);
  if (!w) throw new Error("notebook " + path + " is not open");
  return Array.from(w.content.widgets).map(
    (c) => (c.model.type === "code" ? c.model.executionCount : -1));
}}
"""

# The cells at `indices` (all cells when null) have run since they were asked to (each code cell
# has an execution count other than its count `before`, keyed by index) and the kernel is idle.
_EXECUTED_SINCE_JS = f"""
([path, indices, before]) => {{
  const w = ({_FIND_PANEL_JS})(path);
  if (!w) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== "idle") return false;
  const cells = Array.from(w.content.widgets);
  const wanted = indices === null ? cells.map((_, i) => i) : indices;
  return wanted.every((i) => {{
    const cell = cells[i];
    if (!cell) return false;
    if (cell.model.type !== "code") return true;
    const count = cell.model.executionCount;
    const previous = before[String(i)];
    return count !== null && count !== (previous === undefined ? null : previous);
  }});
}}
"""

_NOT_DIRTY_JS = f"""
(path) => {{
  const w = ({_FIND_PANEL_JS})(path);
  return !!w && !w.context.model.dirty;
}}
"""

# Fire and forget: the command's promise settles only when the cell has run, which may be never.
_RUN_CELL_JS = f"""
([path, index]) => {{
  const w = ({_FIND_PANEL_JS})(path);
  if (!w) throw new Error("notebook " + path + " is not open");
  if (index >= w.content.widgets.length) throw new Error("no cell " + index + " in " + path);
  w.content.activeCellIndex = index;
  void window.jupyterapp.commands.execute("notebook:run-cell");
}}
"""

_SAVE_JS = f"""
(path) => {{
  const w = ({_FIND_PANEL_JS})(path);
  if (!w) throw new Error("notebook " + path + " is not open");
  window.jupyterapp.shell.activateById(w.id);
  void window.jupyterapp.commands.execute("docmanager:save");
}}
"""


# nbformat ships no type hints; these are its documented public functions.
def write_notebook(path: Path, cells: Sequence[str]) -> Path:
    """Write a notebook of code cells (no outputs) for the Python 3 kernel; return ``path``."""
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
        for source in cells
    ]
    nbformat.write(notebook, str(path))  # type: ignore[no-untyped-call]
    return path


def read_notebook(path: Path) -> Any:
    """The notebook file at ``path`` as an ``nbformat`` v4 node."""
    return nbformat.read(str(path), as_version=4)  # type: ignore[no-untyped-call]


def saved_widget_states(notebook: Any) -> dict[str, dict[str, Any]]:
    """The state of each widget model saved in ``notebook``'s metadata, by model id."""
    saved = notebook.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {})
    return {model_id: model["state"] for model_id, model in saved.get("state", {}).items()}


class NotebookPage:
    """A notebook opened in JupyterLab 4 (``ui="lab"``) or Notebook 7 (``ui="notebook"``)."""

    def __init__(self, page: Page, server: JupyterServer, name: str, ui: NotebookUi) -> None:
        self.page = page
        self.server = server
        self.name = name
        self.ui = ui
        # Each cell's execution count just before it was last asked to run (see _wait_executed).
        self._counts_before: dict[int, int | None] = {}

    @classmethod
    def open(cls, page: Page, server: JupyterServer, name: str, ui: NotebookUi) -> NotebookPage:
        """Open notebook ``name`` (relative to the server root) and wait for its kernel."""
        if ui == "lab":
            # A workspace of its own per notebook: Lab does not reopen earlier tests' tabs.
            workspace = "".join(ch if ch.isalnum() else "-" for ch in name)
            url = server.lab_url(name, workspace=workspace)
        else:
            url = server.notebook_url(name)
        page.goto(url, wait_until="domcontentloaded", timeout=KERNEL_READY_TIMEOUT_MS)
        notebook = cls(page, server, name, ui)
        notebook.wait_kernel_ready()
        return notebook

    @property
    def path(self) -> Path:
        """The notebook file on disk."""
        return self.server.root_dir / self.name

    def wait_kernel_ready(self, *, timeout_ms: float = KERNEL_READY_TIMEOUT_MS) -> None:
        """Wait until the notebook is loaded and its kernel is connected and idle."""
        self.page.wait_for_function(_KERNEL_READY_JS, arg=self.name, timeout=timeout_ms)

    def run_all(self) -> None:
        """Run every cell through the Run menu, as a person would (returns at once)."""
        self._counts_before = dict(enumerate(self._execution_counts()))
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        # Exact: "Restart Kernel and Run All Cells…" also contains "Run All Cells".
        self.page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

    def run_cell(self, index: int) -> None:
        """Run cell ``index`` (0-based) without moving on (returns at once)."""
        counts = self._execution_counts()
        if index < len(counts):
            self._counts_before[index] = counts[index]
        self.page.evaluate(_RUN_CELL_JS, [self.name, index])

    def wait_all_executed(self, *, timeout_ms: float = EXECUTION_TIMEOUT_MS) -> None:
        """Wait until every code cell has run since it was last asked to and the kernel is idle."""
        self._wait_executed(None, timeout_ms)

    def wait_cell_executed(self, index: int, *, timeout_ms: float = EXECUTION_TIMEOUT_MS) -> None:
        """Wait until cell ``index`` has run since its last ``run_cell`` and the kernel is idle."""
        self._wait_executed([index], timeout_ms)

    def execute_all(self, *, timeout_ms: float = EXECUTION_TIMEOUT_MS) -> None:
        """Run every cell through the Run menu and wait until all have run."""
        self.run_all()
        self.wait_all_executed(timeout_ms=timeout_ms)

    def execute(self, index: int) -> Locator:
        """Run cell ``index``, wait until it has run, and return its output area."""
        self.run_cell(index)
        self.wait_cell_executed(index)
        return self.output(index)

    def execution_counts(self) -> list[int | None]:
        """Each cell's execution count now (None: never run; -1: not a code cell)."""
        return self._execution_counts()

    def _execution_counts(self) -> list[int | None]:
        counts: list[int | None] = self.page.evaluate(_EXECUTION_COUNTS_JS, self.name)
        return counts

    def _wait_executed(self, indices: list[int] | None, timeout_ms: float) -> None:
        # A cell counts as run when its execution count is set and differs from the one it had
        # when it was last asked to run, so re-running a cell waits for the new run.
        before = {str(index): count for index, count in self._counts_before.items()}
        self.page.wait_for_function(
            _EXECUTED_SINCE_JS, arg=[self.name, indices, before], timeout=timeout_ms
        )

    @property
    def cells(self) -> Locator:
        """All cells of this notebook, in order."""
        return self.page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")

    def output(self, index: int) -> Locator:
        """The output area of cell ``index``; widgets render inside it."""
        return self.cells.nth(index).locator(".jp-OutputArea")

    def save(self, *, timeout_s: float = SAVE_TIMEOUT_S) -> Any:
        """Save the notebook, wait until the file on disk is rewritten, and return it read back."""
        before = self.path.stat().st_mtime_ns if self.path.exists() else None
        self.page.evaluate(_SAVE_JS, self.name)
        self.page.wait_for_function(_NOT_DIRTY_JS, arg=self.name, timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        while not self.path.exists() or self.path.stat().st_mtime_ns == before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} was not written within {timeout_s} s")
            time.sleep(0.05)  # polling interval of a deadline-bounded wait
        return self.read()

    def read(self) -> Any:
        """The notebook file as it is on disk now."""
        return read_notebook(self.path)


class Steps:
    """Screenshots of a test's steps, numbered in order; kept only if the test fails."""

    def __init__(self, page: Page, test_name: str) -> None:
        self.page = page
        self.test_name = test_name
        self.paths: list[Path] = []

    def shot(self, step: str) -> None:
        """Screenshot the page now, as step ``step`` of this test."""
        index = len(self.paths) + 1
        self.paths.append(save_screenshot(self.page, f"{self.test_name}-step{index:02d}-{step}"))

    def discard(self) -> None:
        """Delete the screenshots (the test passed; nothing to look at)."""
        for path in self.paths:
            path.unlink(missing_ok=True)


class VoilaPage:
    """A notebook rendered by Voila: all cells run on load, outputs only."""

    def __init__(self, page: Page, server: JupyterServer, name: str) -> None:
        self.page = page
        self.server = server
        self.name = name

    @classmethod
    def open(cls, page: Page, server: JupyterServer, name: str) -> VoilaPage:
        """Open Voila's rendering of ``name`` and wait until every cell has run and shows.

        Widgets render asynchronously after that; wait for them with a deadline of their own.
        """
        # Voila streams cells as they run (the page loads as long as they take) and reveals them,
        # removing its spinner, at the end.
        url = server.voila_url(name)
        page.goto(url, wait_until="domcontentloaded", timeout=EXECUTION_TIMEOUT_MS)
        page.locator("#rendered_cells").wait_for(state="visible", timeout=EXECUTION_TIMEOUT_MS)
        return cls(page, server, name)

    @property
    def outputs(self) -> Locator:
        """Every output area Voila has rendered."""
        return self.page.locator(".jp-OutputArea")
