"""The README's demo command end to end: ``graphistry-jupyter demo`` starts a hub with demo users
and JupyterLab on the quickstart notebook and prints the URL to open; opening it in Chromium and
running every cell shows the quickstart's plot on the demo's own hub."""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graphistry_jupyter.demo import ANNOUNCEMENTS_PLUGIN
from tests.support.jupyter import (
    REPO_ROOT,
    WORK_DIR,
    JupyterServer,
    free_port,
    server_env,
    spawn_server,
    stop_jupyter,
)
from tests.support.notebook_page import NotebookPage, Steps
from tests.support.waiting import wait_for
from tests.support.widget_views import PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

QUICKSTART = REPO_ROOT / "notebooks" / "quickstart.ipynb"
# The demo waits up to 90 s for JupyterLab itself; a little more for the hub and the printing.
DEMO_START_TIMEOUT_S = 120.0
OPEN_LINE = re.compile(r"^Open: (?P<url>http://\S+)$", re.MULTILINE)
HUB_LINE = re.compile(r"^Graphistry local hub: (?P<url>http://\S+)", re.MULTILINE)

# The demo's JupyterLab reads these from its private JUPYTER_CONFIG_DIR: window.jupyterapp for the
# page object's kernel wait, and nothing fetched from the internet.
LAB_CONFIG = {
    "LabApp": {
        "expose_app_in_browser": True,
        "news_url": None,
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
    }
}


@dataclass
class Demo:
    """The running demo: its JupyterLab (as a ``JupyterServer``) and the hub URL it printed."""

    lab: JupyterServer
    open_url: str
    hub_url: str


@pytest.fixture
def demo() -> Iterator[Demo]:
    """``graphistry-jupyter demo`` on a copy of the quickstart (running its cells must not touch
    the repository's notebook), in its own session, stopped with everything it started."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="demo-", dir=WORK_DIR))
    notebooks = home / "notebooks"
    notebooks.mkdir()
    shutil.copy(QUICKSTART, notebooks / QUICKSTART.name)
    env = server_env(home)
    # No user settings seeded: the demo itself must keep Lab's news pop-up away.
    (home / "config" / "jupyter_lab_config.json").write_text(json.dumps(LAB_CONFIG))
    log_path = home / "demo.log"
    command = [
        str(Path(sys.executable).parent / "graphistry-jupyter"),
        "demo",
        "--notebook",
        str(notebooks / QUICKSTART.name),
        "--hub-port",
        "0",
        "--lab-port",
        str(free_port()),
    ]
    process = spawn_server(command, home, env, log_path)
    lab = JupyterServer(
        app="lab",
        base_url="",
        token="",
        root_dir=notebooks,
        home=home,
        log_path=log_path,
        process=process,
    )
    failed = True
    try:
        wait_for(
            lambda: OPEN_LINE.search(lab.log_text()) or process.poll() is not None,
            "the demo to print the URL to open",
            timeout=DEMO_START_TIMEOUT_S,
        )
        output = lab.log_text()
        opened, hub = OPEN_LINE.search(output), HUB_LINE.search(output)
        assert opened is not None, f"no URL to open in the demo's output:\n{output}"
        assert hub is not None, f"no hub URL in the demo's output:\n{output}"
        parts = urllib.parse.urlsplit(opened["url"])
        lab.base_url = f"{parts.scheme}://{parts.netloc}"
        lab.token = urllib.parse.parse_qs(parts.query)["token"][0]
        yield Demo(lab=lab, open_url=opened["url"], hub_url=hub["url"])
        failed = False
    finally:
        if failed:
            print(f"demo output kept at {log_path}")
        # SIGTERM lets the demo stop its JupyterLab and hub; whatever is left is killed.
        stop_jupyter(lab, keep_home=failed)


def test_demo_command_opens_the_quickstart_whose_plot_is_on_the_demos_hub(
    page: Page, demo: Demo, steps: Steps
) -> None:
    assert demo.open_url.endswith(f"/lab/tree/{QUICKSTART.name}?token={demo.lab.token}")
    page.goto(demo.open_url, wait_until="domcontentloaded")
    notebook = NotebookPage(page, demo.lab, QUICKSTART.name, "lab")
    notebook.wait_kernel_ready()
    steps.shot("opened")

    notebook.execute_all(timeout_ms=120_000)
    steps.shot("ran-all")
    # Lab's announcements plugin, which asks about news in a toast over the notebook, is off.
    assert page.evaluate(f"window.jupyterapp.hasPlugin({ANNOUNCEMENTS_PLUGIN!r})") is False
    expect(page.get_by_text("official Jupyter news")).to_have_count(0)

    plot = PlotOnPage(page, page.locator(".jp-NotebookPanel:visible"))
    plot.wait_src(f"{demo.hub_url}/graph/graph.html?dataset=")
    steps.shot("plotted")
