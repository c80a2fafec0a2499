"""A notebook saved after a login and a plot, its kernel stopped, reopened: once without and once
with saved widget state. Never "model not found", never "uploading": the static output shows the
plot's snapshot and its plain link (static_output.py). Without saved state that is all there is;
with saved state the views render too (their no-kernel display is theirs to test), and the
static output shows beside them.

The saved notebook is then converted to HTML by ``jupyter nbconvert`` with no network
(tests/support/exported.py) and opened with every http(s) request refused: the snapshot and link
show there too. Screenshots (light and dark, 1400 and 700 px) stay under
tests/e2e/artifacts/reopened/ for people to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_look_and_feel import Theme, set_lab_theme
from tests.support.browser import ARTIFACTS_DIR
from tests.support.exported import JWT_SHAPED, images_and_links, nbconvert_offline, without_scripts
from tests.support.graphs import EDGES_CODE
from tests.support.jupyter import WIDGET_SETTINGS_PATH
from tests.support.lab import Lab, login_widget_code
from tests.support.notebook_page import NotebookPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

SNAPSHOT_DEADLINE_MS = 90_000
NO_KERNEL = "No kernel: run the cell to reconnect."
SHOTS = ARTIFACTS_DIR / "reopened"
WIDTHS = (1400, 700)


@pytest.fixture
def widget_state_saving(lab: Lab, request: pytest.FixtureRequest) -> Iterator[bool]:
    """The session server saves widget state; a test parametrized False turns it off (Lab's
    default) for its notebook, and back on after it."""
    on: bool = request.param
    settings = lab.server.config_dir / WIDGET_SETTINGS_PATH
    if not on:
        settings.write_text(json.dumps({"saveState": False}), encoding="utf-8")
    yield on
    settings.write_text(json.dumps({"saveState": True}), encoding="utf-8")


def shoot(page: Page, name: str, *, themes: tuple[Theme | None, ...] = ("light", "dark")) -> None:
    """Screenshots at 1400 and 700 px wide, in Lab's light and dark themes (``None``: as the page
    is), kept for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for theme in themes:
        if theme is not None:
            set_lab_theme(page, theme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            suffix = f"-{theme}" if theme else ""
            page.screenshot(path=str(SHOTS / f"{name}{suffix}-{width}.png"), full_page=True)
    if any(themes):
        set_lab_theme(page, "light")
    page.set_viewport_size({"width": 1400, "height": 900})


@pytest.mark.parametrize(
    "widget_state_saving", [False, True], indirect=True, ids=["no-state", "state"]
)
def test_a_reopened_notebook_shows_the_snapshot_and_link_never_model_not_found(
    lab: Lab, widget_state_saving: bool, tmp_path: Path
) -> None:
    cells = [
        "import pandas as pd\nimport graphistry_jupyter as gj",
        f"{login_widget_code(lab.hub, 'prod', user='alice')}\n{EDGES_CODE}\nprod",
        "view = prod.plot(prod.client.edges(edges, 'src', 'dst').name('triangle'), height=360)\n"
        "view",
    ]
    notebook = lab.open_notebook(cells)
    notebook.execute_all()
    plot_output = notebook.output(2)
    # The viewer drew and laid out the graph, the view forwarded its snapshot, the kernel replaced
    # the static output: it is in the page, hidden beside the live view.
    snapshot = plot_output.locator(".gj-static img")
    snapshot.wait_for(state="attached", timeout=SNAPSHOT_DEADLINE_MS)
    expect(plot_output.locator(".gj-static")).to_be_hidden()
    expect(notebook.output(1).locator(".gj-static")).to_be_hidden()
    lab.shot("live")

    saved = notebook.save()
    assert bool(saved["metadata"].get("widgets")) == widget_state_saving
    outputs_saved = json.dumps([cell.get("outputs", []) for cell in saved["cells"]])
    assert "uploading" not in outputs_saved.lower()
    assert not JWT_SHAPED.search(json.dumps(saved))
    static = "".join(
        o["data"]["text/html"]
        for o in saved["cells"][2]["outputs"]
        if "text/html" in o.get("data", {})
    )
    assert '<img src="data:image/png;base64,' in static
    _images, links = images_and_links(static)
    [url] = [link for link in links if "/graph/graph.html?dataset=" in link]
    assert "Logged in as alice on prod" in json.dumps(saved["cells"][1]["outputs"])

    lab.server.shutdown_kernels()
    for ui in ("lab", "notebook"):
        reopened = NotebookPage.open(lab.page, lab.server, notebook.name, ui)  # type: ignore[arg-type]
        page = reopened.page
        area = page.locator(".jp-OutputArea").nth(2) if ui == "notebook" else reopened.output(2)
        expect(area.locator(".gj-static img")).to_be_visible(timeout=30_000)
        expect(area.locator(f'.gj-static a[href="{url}"]')).to_be_visible()
        expect(page.get_by_text("model not found")).to_have_count(0)
        if widget_state_saving:  # the views as saved, which know there is no kernel
            for index in (1, 2):
                notice = page.locator(".jp-OutputArea").nth(index).get_by_text(NO_KERNEL)
                expect(notice).to_be_visible(timeout=30_000)
            expect(page.get_by_role("button", name="Log out", exact=True)).to_be_disabled()
        else:  # nothing but the static outputs
            expect(area.get_by_text("Loading widget")).to_be_hidden()
        # In the outputs: Lab's own status bar has an "Uploading…" item of its own.
        outputs = page.locator(".jp-OutputArea")
        expect(outputs.get_by_text("uploading", exact=False)).to_have_count(0)
        login_area = page.locator(".jp-OutputArea").nth(1)
        login_copy = login_area.get_by_text("Logged in as alice on prod")
        if widget_state_saving:  # the disabled card says it all: its copy stays hidden
            expect(login_copy).to_be_hidden()
            expect(login_area.locator(".gj-root").get_by_text("alice", exact=True)).to_be_visible()
        else:
            expect(login_copy).to_be_visible()
        # Where the live widget shows is for renderers without widgets, not for this one.
        expect(outputs.locator(".gj-static-where").first).to_be_hidden()
        # No Log out that does nothing: none without saved state, a disabled one with it.
        expect(page.locator("button:enabled", has_text="Log out")).to_have_count(0)
        state = "state" if widget_state_saving else "no-state"
        if ui == "lab":
            shoot(page, f"{state}-{ui}")
        else:
            shoot(page, f"{state}-{ui}", themes=(None,))
        lab.server.shutdown_kernels()

    # The same file as nbconvert's HTML, made and opened with no network: the snapshot and link.
    source = tmp_path / "saved.ipynb"
    source.write_text(json.dumps(saved), encoding="utf-8")
    state = "state" if widget_state_saving else "no-state"
    for theme in ("light", "dark"):
        html = nbconvert_offline(source, f"--theme={theme}")
        images, links = images_and_links(html)
        assert any(src.startswith("data:image/png;base64,") for src in images)
        assert url in links
        # Outside the saved widget state (a <script> of trait values; the stage keeps its words).
        assert "uploading" not in without_scripts(html).lower()
        assert not JWT_SHAPED.search(html)
        offline = lab.page.context.new_page()
        offline.route("http*://**", lambda route: route.abort())
        offline.goto(source.with_suffix(".html").as_uri())
        expect(offline.locator(".gj-static img").first).to_be_visible()
        expect(offline.locator(f'.gj-static a[href="{url}"]')).to_be_visible()
        expect(offline.get_by_text("Logged in as alice on prod")).to_be_visible()
        expect(offline.locator(".gj-static-where").first).to_be_visible()
        shoot(offline, f"nbconvert-{state}-{theme}", themes=(None,))
        offline.close()
