"""Every notebook in ``notebooks/`` runs top to bottom in a real kernel (nbclient, no browser),
makes its point, and saves no demo password outside the cells that type it.

Each notebook starts its own local hubs, so nothing is shared between notebooks. Widget state is
stored into the executed notebook as the front end would save it, so the password check covers
what a person would commit.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support.hubs import USERS, dataset_id_of
from tests.support.notebook_page import saved_widget_states

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VIEWER_URL = re.compile(r"http://127\.0\.0\.1:\d+/graph/graph\.html\?[^\s'\"<>]+")


class Executed:
    """An executed notebook, with ways to find a cell by its code and read what it showed."""

    def __init__(self, path: Path, notebook: Any) -> None:
        self.name = path.stem
        self.notebook = notebook

    def cell(self, snippet: str) -> Any:
        """The one code cell whose source contains ``snippet``."""
        found = [c for c in self.notebook.cells if c.cell_type == "code" and snippet in c.source]
        assert len(found) == 1, f"{self.name}: {len(found)} code cells contain {snippet!r}"
        return found[0]

    def stdout(self, snippet: str) -> str:
        outputs = self.cell(snippet).outputs
        return "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")

    def result(self, snippet: str) -> str:
        """The ``text/plain`` of the cell's value (its last expression)."""
        outputs = self.cell(snippet).outputs
        return "".join(str(o["data"].get("text/plain", "")) for o in outputs if "data" in o)

    def html(self, snippet: str) -> str:
        outputs = self.cell(snippet).outputs
        return "".join(str(o["data"].get("text/html", "")) for o in outputs if "data" in o)

    def urls(self, snippet: str) -> list[str]:
        """Viewer URLs the cell printed or returned, in order."""
        return VIEWER_URL.findall(self.stdout(snippet) + self.result(snippet))

    def widget_states(self) -> dict[str, dict[str, Any]]:
        """Saved widget models, by model id (what the front end would save into the file)."""
        return saved_widget_states(self.notebook)

    def displayed_widget(self, snippet: str) -> dict[str, Any]:
        """The saved state of the widget the cell displayed."""
        views = [
            o["data"][WIDGET_VIEW]
            for o in self.cell(snippet).outputs
            if WIDGET_VIEW in o.get("data", {})
        ]
        assert len(views) == 1, (
            f"{self.name}: the cell with {snippet!r} displayed {len(views)} widgets"
        )
        return self.widget_states()[views[0]["model_id"]]

    def children(self, refs: list[str]) -> list[dict[str, Any]]:
        """Saved states of the widgets referenced as ``IPY_MODEL_<id>``."""
        states = self.widget_states()
        return [states[ref.removeprefix("IPY_MODEL_")] for ref in refs]


def port_of(url: str) -> int | None:
    return urlsplit(url).port


class _TableRows(HTMLParser):
    """Rows of the body of a pandas HTML table, each as its cells' text (index first)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = False
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self._in_body:
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data.strip()


def table_rows(html: str) -> list[list[str]]:
    parser = _TableRows()
    parser.feed(html)
    return parser.rows


# ------------------------------------------------------------------ what each notebook shows


def check_quickstart(nb: Executed) -> None:
    server = nb.result("GRAPHISTRY_JUPYTER_DEMO_HUB").strip("'")
    [url] = nb.urls("plot.wait(60)")
    assert "/graph/graph.html?dataset=" in url
    assert url.startswith(f"http://{server}/"), "the plot is on the notebook's own hub"


def check_multi_tenant(nb: Executed) -> None:
    assert nb.result("alice.login(") == "(('alice', '(personal)'), ('bob', 'acme'))"
    global_state = "PyGraphistry.session"
    assert nb.stdout(global_state) == "global org_name=None api_token=None\n"
    assert nb.result(global_state) == "True"

    alice_url, bob_url = nb.urls("alice_plot.wait(60)")
    rows = table_rows(nb.html("hub.datasets()"))
    stored = {row[-1]: tuple(row[1:4]) for row in rows}  # id -> (owner, org, privacy)
    assert len(stored) == 2, rows
    assert stored[dataset_id_of(alice_url)] == ("alice", "(personal)", "public")
    assert stored[dataset_id_of(bob_url)] == ("bob", "acme", "organization")


def check_prod_vs_staging(nb: Executed) -> None:
    compared = nb.displayed_widget("gj.compare(")
    views = nb.children(compared["views"])
    assert [v["account_label"] for v in views] == ["prod", "staging"]
    # The views' later states (ready, url) come from upload threads; a kernel message sent
    # between two cells is dropped by nbclient, so the kernel's own answer is the evidence.
    urls = nb.urls("side_by_side.wait(60)")
    assert len(urls) == 2
    assert len({port_of(u) for u in urls}) == 2, f"one URL per server: {urls}"
    assert nb.result("on_staging.wait(60)] == urls") == "True", "one cell per server, same URLs"


def check_switcher(nb: Executed) -> None:
    [on_prod] = nb.urls("on_prod = switcher.wait(60)")
    [on_staging] = nb.urls("switcher.select(staging)")
    assert port_of(on_prod) != port_of(on_staging), "the plot moved to the other hub"
    assert nb.result("switcher.select(prod)") == "(True, True)", "moved back, no new upload"

    code = "staging.client.set_client_for(g)"
    [moved] = nb.urls(code)
    assert port_of(moved) == port_of(on_staging), "set_client_for plots on staging"
    assert dataset_id_of(moved) != dataset_id_of(on_staging), "a fresh upload, around the switcher"
    assert "g still on prod: True" in nb.stdout(code)


def check_async(nb: Executed) -> None:
    logins = nb.displayed_widget("await asyncio.gather(\n    prod.login_async(")
    assert [s["status"] for s in nb.children(logins["children"])] == ["logged_in", "logged_in"]

    # Awaited before they were displayed: their saved state is the finished plot.
    gathered = nb.children(nb.displayed_widget("asyncio.gather(on_prod, on_staging)")["children"])
    assert [p["status"] for p in gathered] == ["ready", "ready"]
    assert len({port_of(p["url"]) for p in gathered}) == 2, "one plot per server"
    compared = nb.children(nb.displayed_widget("compared = await side_by_side")["views"])
    assert [(p["account_label"], p["status"]) for p in compared] == [
        ("prod", "ready"),
        ("staging", "ready"),
    ]

    served = nb.urls("await account.plot_async(")
    assert len({port_of(u) for u in served}) == 2, f"one URL per server: {served}"
    assert "one after the other:" in nb.stdout("await account.plot_async(")

    cancelled = nb.stdout("await asyncio.wait_for(slow, 0.5)")
    assert cancelled.startswith("error: The plot was cancelled"), cancelled
    assert nb.displayed_widget("await asyncio.wait_for(slow, 0.5)")["status"] == "ready"


THREAD_JOBS = 4


def check_threads(nb: Executed) -> None:
    plain = nb.urls("pool.map(plain_worker")
    assert len(set(plain)) == THREAD_JOBS, plain

    grid = nb.displayed_widget("pool.map(widget_worker")
    plots = nb.children(grid["children"])
    shown = [p["url"] for p in plots]
    assert all(p["status"] == "ready" for p in plots), plots
    assert len(set(shown)) == THREAD_JOBS, shown
    assert not set(shown) & set(plain), "each job uploaded its own dataset"
    assert sorted(p["account_user"] for p in plots) == [
        "alice",
        "alice",
        "bob",
        "bob",
    ]
    assert nb.result("len(set(urls))") == "True"


CHECKS: dict[str, Callable[[Executed], None]] = {
    "async": check_async,
    "quickstart": check_quickstart,
    "multi-tenant": check_multi_tenant,
    "prod-vs-staging": check_prod_vs_staging,
    "switcher": check_switcher,
    "threads": check_threads,
}


# ---------------------------------------------------------------------------------- running


def kernel_env() -> dict[str, str]:
    """This process's environment without anything pygraphistry would read."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GRAPHISTRY_") and name != "PYGRAPHISTRY_CONFIG"
    }


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def executed(request: pytest.FixtureRequest) -> Executed:
    """The notebook run top to bottom in a fresh kernel; a cell that raises fails here."""
    path: Path = request.param
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    # The kernel gets a clean environment explicitly: this module-scoped fixture can run before
    # the function-scoped fixture that cleans the test process's environment.
    client.execute(env=kernel_env())
    return Executed(path, notebook)


def test_the_notebooks_are_found() -> None:
    assert {p.stem for p in NOTEBOOKS} >= set(CHECKS)


def test_every_cell_runs_and_the_notebook_makes_its_point(executed: Executed) -> None:
    errors = [
        o for c in executed.notebook.cells for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert not errors
    assert executed.name in CHECKS, f"add a check of what {executed.name}.ipynb shows"
    CHECKS[executed.name](executed)


def test_no_demo_password_is_saved_outside_the_cells_that_type_it(executed: Executed) -> None:
    states = executed.widget_states().values()
    assert any(s.get("status") == "logged_in" for s in states), "login widget state was saved"

    saved = copy.deepcopy(executed.notebook)
    for cell in saved.cells:
        cell.source = ""  # the only place a demo password may appear
    text = json.dumps(saved)
    for password in USERS.values():
        assert password not in text
