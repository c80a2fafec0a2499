"""The notebook figure: what single sign-in costs a person between running a cell and seeing the
graph, in JupyterLab in Debian's headless Chromium (software WebGL, as the browser tests use).

Both sides run a cell that plots the same graph from the same kernel to the same local hub, and
end when the plot's frame draws its first frame with the graph (the viewer's ``gj:drawn`` mark):

- private: the plot is private; its frame asks the view for a grant, the view asks the kernel,
  the kernel asks the hub (``Account.view_grant``), and the grant goes back to the frame, which
  then loads the data (docs/single-sign-in.md);
- public: the plot is public; its frame loads the data straight from its URL.

Times are the browser's own: the page's clock when the cell is asked to run, and the frame's
clock at its ``gj:drawn`` mark, both on the epoch (``performance.timeOrigin``). The two cells
alternate (A B B A ...), so the machine's noise hits both alike.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import Samples
from report import Row, size_label

from graphistry_jupyter import LocalHub

# The page may only reach this machine (Lab may look for news; nothing here needs it).
_NOT_LOCAL = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")
_FRAME = 'iframe[title^="Graph plotted on"]'
_NOW = "() => performance.timeOrigin + performance.now()"
_DRAWN_AT = """
() => {
  const mark = performance.getEntriesByName("gj:drawn")[0];
  return mark ? performance.timeOrigin + mark.startTime : null;
}
"""
# When the frame first asked the hub for the graph, in ms after its navigation began: a public
# page's data request starts in its HTML (prefetched), a private one's waits for the grant.
_FIRST_FETCH = """
() => {
  const fetches = performance.getEntriesByType("resource")
    .filter((e) => e.initiatorType === "fetch").map((e) => e.startTime);
  return fetches.length ? Math.min(...fetches) : null;
}
"""
# The src of cell ``cell``'s plot frame, or null (an expression over ``selector`` and ``cell``).
_FRAME_SRC = (
    '(document.querySelectorAll(".jp-Notebook .jp-Cell")[cell]'
    "?.querySelector(selector)?.getAttribute('src') || null)"
)
_SIDES = ("private, single sign-in", "public, straight from its URL")


def _cells(hub: LocalHub, size: int) -> list[str]:
    logins = "\n".join(
        f"{name} = gj.LoginWidget(server={hub.server!r}, protocol='http', label={name!r}"
        f"{privacy})\n{name}.login(username='alice', password='alice-pw')"
        for name, privacy in (("private", ", privacy='private'"), ("public", ", privacy='public'"))
    )
    edges = (
        f"ids = np.arange({size})\n"
        "edges = pd.DataFrame({'src': ids % 997, 'dst': (ids * 7 + 1) % 997})"
    )
    return [
        f"import numpy as np\nimport pandas as pd\nimport graphistry_jupyter as gj\n{logins}\n"
        f"{edges}",
        # A new plottable each run: the account uploads again, as a cell run with new data does.
        "private.plot(private.client.edges(edges.copy(), 'src', 'dst'), height=240)",
        "public.plot(public.client.edges(edges.copy(), 'src', 'dst'), height=240)",
    ]


def cell_to_drawn(size: int, rounds: int) -> list[Row]:
    """The time from a cell's run to its graph drawn in the frame: a private plot with single
    sign-in ÷ the same graph as a public plot, interleaved over ``rounds`` (plus a warm-up)."""
    from tests.support.browser import launch_chromium, start_playwright
    from tests.support.jupyter import WORK_DIR, running_jupyter
    from tests.support.notebook_page import NotebookPage, write_notebook

    WORK_DIR.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="bench-notebook-", dir=WORK_DIR))
    samples = Samples(warmup=1)
    signins: list[str] = []
    fetched: dict[str, list[float]] = {side: [] for side in _SIDES}
    try:
        with (
            LocalHub(users={"alice": "alice-pw"}) as hub,
            running_jupyter("lab", root) as server,
        ):
            write_notebook(root / "signin.ipynb", _cells(hub, size))
            playwright = start_playwright()
            browser = launch_chromium(playwright)
            try:
                context = browser.new_context(viewport={"width": 1200, "height": 1400})
                page = context.new_page()
                page.route(_NOT_LOCAL, lambda route: route.abort())
                notebook = NotebookPage.open(page, server, "signin.ipynb", "lab")
                notebook.execute(0)
                actions: list[tuple[str, Callable[[], float]]] = [
                    (_SIDES[0], lambda: _run_to_drawn(notebook, 1, signins, fetched[_SIDES[0]])),
                    (_SIDES[1], lambda: _run_to_drawn(notebook, 2, signins, fetched[_SIDES[1]])),
                ]
                for round_ in range(rounds + samples.warmup):
                    shift = round_ % 2
                    for name, action in [*actions[shift:], *actions[:shift]]:
                        samples.add(name, round_, action(), 0.0)
                context.close()
            finally:
                browser.close()
                playwright.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    private, public = (samples.times[side] for side in _SIDES)
    return [
        Row(
            f"cell run → graph drawn in the frame, {size_label(size)} edges: private plot with "
            "single sign-in ÷ the same graph public, opened straight from its URL",
            samples.ratio(*_SIDES),
            "ratio (JupyterLab, headless Chromium, hub at 0 ms)",
            goal=1.10,
            detail=(
                f"private {_listed(private)} s (median {statistics.median(private):.2f}); "
                f"public {_listed(public)} s (median {statistics.median(public):.2f}); "
                f"{len(private)} rounds after a warm-up; the frame's first data request, "
                "after its navigation began: private "
                f"{statistics.median(fetched[_SIDES[0]][samples.warmup :]):.2f} s, public "
                f"{statistics.median(fetched[_SIDES[1]][samples.warmup :]):.2f} s (medians)"
                + (f"; the frame asked to sign in {len(signins)} times" if signins else "")
            ),
        )
    ]


def _listed(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def _run_to_drawn(notebook: Any, cell: int, signins: list[str], fetched: list[float]) -> float:
    """Runs ``cell`` and returns the seconds from the run to its new frame's ``gj:drawn``;
    appends to ``fetched`` when, after its navigation began, the frame first asked for data."""
    output = notebook.output(cell)
    page = notebook.page
    before = page.evaluate(f"([selector, cell]) => ({_FRAME_SRC})", [_FRAME, cell])
    started: float = page.evaluate(_NOW)
    notebook.run_cell(cell)
    # The cell's new frame: a new upload, so a new dataset in its URL.
    handle = page.wait_for_function(
        f"([selector, cell, before]) => {{ const src = {_FRAME_SRC}; "
        "return src && src !== before ? src : null; }",
        arg=[_FRAME, cell, before],
        timeout=60_000,
    )
    src = handle.json_value()
    framed = output.frame_locator(f'{_FRAME}[src="{src}"]')
    framed.locator(
        "body[data-state=drawn], body[data-state=signin], body[data-state=error]"
    ).first.wait_for(state="attached", timeout=60_000)
    content = output.locator(f'{_FRAME}[src="{src}"]').element_handle().content_frame()
    assert content is not None, "the plot's frame has no document"
    state = content.evaluate("() => document.body.dataset.state")
    if state == "signin":
        signins.append(src)
        raise RuntimeError(f"the frame of cell {cell} asked to sign in: no single sign-in")
    if state == "error":
        raise RuntimeError(f"the frame of cell {cell} failed to draw: {content.inner_text('body')}")
    drawn: float | None = content.evaluate(_DRAWN_AT)
    assert drawn is not None, "the frame drew without its gj:drawn mark"
    first_fetch: float | None = content.evaluate(_FIRST_FETCH)
    fetched.append(-1.0 if first_fetch is None else first_fetch / 1000)
    notebook.wait_cell_executed(cell)
    return (drawn - started) / 1000
