"""How the widgets and the viewer look to a person, in JupyterLab's light and dark themes, in a
wide (1400 px) and a narrow (700 px) window, with checks that can fail:

- no horizontal overflow in the widgets or the viewer pages;
- no word broken across lines, and no token of the account card (a host, a port, "expires in
  23 h"), a label or a badge on two lines;
- every input and select at least 160 px wide, also when logins, cards and a switcher sit side
  by side in an ``ipywidgets.HBox``;
- text contrast of at least 4.5:1 (WCAG AA), computed from the computed styles;
- the viewer follows the notebook's theme, and its chrome stays on one line in compare() panes;
- hover and click show a node's attributes, search finds it, the legend names bound colours;
- compare() panes of the same graph are laid out alike and pan and zoom together;
- no console warnings of ours.

Every screenshot is kept under ``tests/e2e/artifacts/look-and-feel/`` (git-ignored), pass or fail,
for a person to look at.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import ConsoleMessage, Frame, Locator, Page, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.browser import ARTIFACTS_DIR
from tests.support.graphs import EDGES_CODE
from tests.support.lab import Lab, login_widget_code, two_logins_code
from tests.support.layout import (
    broken_words,
    count_inputs,
    narrow_inputs,
    scrolled_away,
    split_tokens,
    text_lines,
)
from tests.support.notebook_page import NotebookPage
from tests.support.waiting import wait_for
from tests.support.widget_views import DRAWN_TIMEOUT_MS, LoginView, PlotOnPage

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

Theme = Literal["light", "dark"]
SHOTS = ARTIFACTS_DIR / "look-and-feel"
LAB_THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
WIDTHS = {1400: ViewportSize(width=1400, height=1000), 700: ViewportSize(width=700, height=1000)}
LAYOUT_TIMEOUT_MS = 30_000

# The test graph with a node table whose colours and sizes are bound: the legend has something to
# name, the tooltip a row of attributes.
NODES_CODE = (
    "nodes = pd.DataFrame({'id': ['a', 'b', 'c'], 'kind': ['x', 'y', 'x'], "
    "'color': ['red', 'green', 'blue'], 'score': [1, 5, 3]})\n"
    "g = g.nodes(nodes, 'id').bind(point_color='color', point_size='score')"
)

# Chromium's software GL reports pipeline stalls when tests read canvas pixels back: the
# browser's, not ours.
NOT_OURS = re.compile(r"GL Driver Message|GPU stall due to ReadPixels")
# Chromium's warning about password forms, which the login form must never cause (the form
# holds only the chosen method's inputs: js/src/widgets/login.ts).
LOGIN_FORM_WARNING = re.compile(r"Multiple forms should be contained in their own form elements")

# -- checks that run in the page ------------------------------------------------------------------

# Elements under `selector` whose content is wider than their box, and the document itself.
_OVERFLOW_JS = """
(selector) => {
  const wide = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    wide.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
  }
  for (const el of document.querySelectorAll(selector)) {
    if (el.getClientRects().length === 0) continue;
    // A line cut short on purpose, with an ellipsis (its full text is its title), is no overflow.
    const style = getComputedStyle(el);
    if (style.textOverflow === "ellipsis" && style.overflowX === "hidden" && el.title) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      wide.push(`${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return wide;
}
"""

# WCAG 2 contrast of every visible text under `selector` against its composited background.
_CONTRAST_JS = """
(selector) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const ch = [c.r, c.g, c.b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg.a > 0) {
        layers.push(bg);
        if (bg.a >= 1) break;
      }
    }
    const dark = getComputedStyle(document.documentElement).colorScheme === "dark";
    let color = dark ? {r: 18, g: 18, b: 18, a: 1} : {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  };
  const faded = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (parseFloat(getComputedStyle(e).opacity) < 1) return true;
    }
    return false;
  };
  const low = [];
  let checked = 0;
  for (const root of document.querySelectorAll(selector)) {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const own = Array.from(el.childNodes)
        .some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
      if (!own || el.closest("option, script, style, [hidden], .gj-visually-hidden")) continue;
      if (el.closest(":disabled") || faded(el)) continue;
      const style = getComputedStyle(el);
      if (style.visibility !== "visible" || el.getClientRects().length === 0) continue;
      const fg = parse(style.color);
      if (!fg) continue;
      const bg = background(el);
      const text = over(fg, bg);
      const [hi, lo] = [luminance(text), luminance(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      checked++;
      if (ratio < 4.5) {
        const under = [bg.r, bg.g, bg.b].map(Math.round).join(",");
        const what = el.textContent.trim().slice(0, 40);
        low.push(`${ratio.toFixed(2)}:1 "${what}" ${style.color} on rgb(${under})`);
      }
    }
  }
  return {checked, low};
}
"""

# The camera stopped moving: the same `data-camera` on two polls in a row.
_CAMERA_SETTLED_JS = """
() => {
  const now = document.body.dataset.camera;
  const settled = now !== undefined && now === window.__gjLastCamera;
  window.__gjLastCamera = now;
  return settled;
}
"""


def assert_no_overflow(where: Page | Frame, selector: str) -> None:
    wide: list[str] = where.evaluate(_OVERFLOW_JS, selector)
    assert wide == [], f"horizontal overflow: {wide}"


# Each of these holds one token or short phrase that must read whole: a fact of the account card
# ("127.0.0.1:37203", "expires in 23 h"), its label, a badge, a field's label, a button.
WHOLE_TOKENS = (
    ".gj-facts dt, .gj-facts dd, .gj-badge, .gj-field > label, .gj-button,"
    " .gj-compare-summary > span:not(.gj-sep)"
)


def login_widths(area: Locator) -> list[float]:
    """The width of each login (form or card) in ``area``, in order."""
    widths: list[float] = area.locator(".gj-login").evaluate_all(
        "(logins) => logins.map((login) => login.getBoundingClientRect().width)"
    )
    return widths


def assert_inputs_wide_and_tokens_whole(page: Page, where: str) -> None:
    """Every input at least 160 px wide, no token on two lines, no word broken, no widget
    overflowing or pushed out of view sideways; every problem found is named at once."""
    assert count_inputs(page, ".gj-root") > 0, f"{where}: no input shown to measure"
    problems = {
        "inputs narrower than 160 px": narrow_inputs(page, ".gj-root"),
        "tokens split across lines": split_tokens(page, WHOLE_TOKENS),
        "words broken across lines": broken_words(page, ".gj-root"),
        "widgets scrolled sideways out of view": scrolled_away(page, ".gj-root"),
    }
    assert {what: found for what, found in problems.items() if found} == {}, where
    assert_no_overflow(page, ".gj-root")


def assert_contrast(where: Page | Frame, selector: str) -> int:
    """Every visible text under ``selector`` has at least 4.5:1; returns how many were checked."""
    result: dict[str, Any] = where.evaluate(_CONTRAST_JS, selector)
    assert result["low"] == [], f"text below 4.5:1: {result['low']}"
    return int(result["checked"])


# -- the notebook ----------------------------------------------------------------------------------


def shoot(target: Page | Locator, name: str) -> Path:
    """A screenshot kept for people to look at, whether the test passes or not."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if isinstance(target, Page):
        target.screenshot(path=str(path), timeout=10_000)
    else:
        target.scroll_into_view_if_needed(timeout=10_000)
        target.screenshot(path=str(path), timeout=10_000)
    return path


def set_lab_theme(page: Page, theme: Theme) -> None:
    """Switch JupyterLab's theme as the Settings menu does, and wait until the page shows it."""
    page.evaluate(
        "(name) => { void window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme: name}); }",
        LAB_THEMES[theme],
    )
    page.wait_for_function(
        "(light) => document.body.dataset.jpThemeLight === light",
        arg="true" if theme == "light" else "false",
    )


def ours(messages: list[ConsoleMessage]) -> list[str]:
    """The messages' texts. None is excused: a framed viewer page waiting for its grant answers
    200 (docs/single-sign-in.md, section 4), so not even its status is an error."""
    return [m.text for m in messages]


@pytest.fixture
def console(lab: Lab) -> Iterator[list[ConsoleMessage]]:
    """Warnings and errors the page and its frames log, and Chromium's [DOM] advice; Lab's theme
    is put back to light afterwards (it is a setting of the session's server)."""
    messages: list[ConsoleMessage] = []

    def keep(message: ConsoleMessage) -> None:
        noteworthy = message.type in ("warning", "error") or message.text.startswith("[DOM]")
        if noteworthy and not NOT_OURS.search(message.text):
            messages.append(message)

    lab.page.on("console", keep)
    yield messages
    if not lab.page.is_closed() and lab.page.evaluate("!!window.jupyterapp"):
        set_lab_theme(lab.page, "light")


def expect_viewer_ready(view: PlotOnPage, theme: Theme) -> Frame:
    """The viewer drew the graph, its layout stopped, and it shows the notebook's theme."""
    # A frame out of view gets no animation frames from Chromium: bring it into view first.
    view.iframe.scroll_into_view_if_needed(timeout=DRAWN_TIMEOUT_MS)
    view.expect_drawn()
    body = view.framed.locator("body")
    expect(body).to_have_attribute("data-layout", "done", timeout=LAYOUT_TIMEOUT_MS)
    expect(view.framed.locator("html")).to_have_attribute("data-gj-theme", theme)
    return view.frame()


def compare_notebook(
    lab: Lab, *, with_form: bool, privacy: str = "public"
) -> tuple[NotebookPage, PlotOnPage, PlotOnPage]:
    """alice on prod and bob on staging (plots of ``privacy``), the graph with bound node colours
    and sizes, optionally a logged-out login form and prod's account card, then compare()."""
    cells = [two_logins_code(lab, privacy=privacy) + "\n" + NODES_CODE]
    if with_form:
        cells += [login_widget_code(lab.hub, "form", label="form") + "\nform", "prod"]
    cells.append("gj.compare(g, prod, staging, height=360)")
    notebook = lab.open_notebook(cells)
    notebook.execute_all()
    panes = notebook.output(len(cells) - 1).locator(".gj-compare-cell")
    expect(panes).to_have_count(2)
    return notebook, PlotOnPage(lab.page, panes.nth(0)), PlotOnPage(lab.page, panes.nth(1))


# -- tests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1400, 700])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_widgets_and_viewer_read_well_in_each_theme_and_width(
    lab: Lab, console: list[ConsoleMessage], theme: Theme, width: int
) -> None:
    lab.page.set_viewport_size(WIDTHS[width])
    notebook, left, right = compare_notebook(lab, with_form=True)
    frames = [expect_viewer_ready(pane, "light") for pane in (left, right)]
    if theme == "dark":
        # Switched while the plots show: the frames follow the notebook at once.
        set_lab_theme(lab.page, "dark")
        frames = [expect_viewer_ready(pane, "dark") for pane in (left, right)]

    name = f"{theme}-{width}"
    shoot(lab.page, f"{name}-page")
    shoot(notebook.output(1), f"{name}-login-form")
    shoot(notebook.output(2), f"{name}-account-card")
    shoot(notebook.output(3), f"{name}-compare")

    # The widgets: no overflow, wide inputs, whole words, readable text, editable-looking inputs.
    assert_inputs_wide_and_tokens_whole(lab.page, "widgets")
    assert assert_contrast(lab.page, ".gj-root") > 20
    server = notebook.output(1).get_by_label("Server", exact=True)
    page_background = lab.page.evaluate(
        "getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor"
    )
    assert server.evaluate("(el) => getComputedStyle(el).backgroundColor") == page_background
    expect(notebook.output(1).get_by_label("Organization", exact=True)).to_have_attribute(
        "placeholder", "optional, e.g. acme"
    )

    # The viewer in each pane: no overflow, readable, header and help on one line each.
    for frame in frames:
        assert_no_overflow(frame, "body > *")
        assert assert_contrast(frame, "body") > 3
        lines = [n for _, n in text_lines(frame, ".gj-header, .gj-help")]
        assert lines == [1, 1], f"header and help take {lines} lines"

    assert ours(console) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_hover_click_search_and_legend_show_what_the_graph_holds(
    lab: Lab, console: list[ConsoleMessage], theme: Theme
) -> None:
    lab.page.set_viewport_size(WIDTHS[1400])
    notebook = lab.open_notebook(
        [
            two_logins_code(lab, privacy="public") + "\n" + NODES_CODE,
            "prod.plot(g, height=480)",
        ]
    )
    notebook.execute_all()
    if theme == "dark":
        set_lab_theme(lab.page, "dark")
    view = PlotOnPage(lab.page, notebook.output(1))
    frame = expect_viewer_ready(view, theme)
    viewer = view.framed

    # The legend names the bound columns and their values.
    legend = viewer.locator(".gj-legend")
    expect(legend).to_contain_text("Node color: color")
    expect(legend).to_contain_text("green")
    expect(legend).to_contain_text("Node size: score")

    # The buttons are named and reachable with Tab.
    for name in ("Zoom in", "Zoom out", "Reset view", "Full screen"):
        expect(viewer.get_by_role("button", name=name)).to_be_visible()
    search = viewer.get_by_role("combobox", name="Find a node by label or id")
    search.focus()
    lab.page.keyboard.press("Tab")
    expect(viewer.get_by_role("button", name="Zoom in")).to_be_focused()

    # Search: type, pick with Enter; the view centres on the node and its details show.
    search.fill("b")
    expect(viewer.get_by_role("option", name="b")).to_be_visible()
    search.press("Enter")
    details = viewer.get_by_role("region", name="Details")
    expect(details).to_contain_text("kind")
    expect(details).to_contain_text("y")
    expect(details.locator("th", has_text="score")).to_be_visible()
    frame.wait_for_function(_CAMERA_SETTLED_JS, polling=150, timeout=10_000)

    # Hover: the node is now at the centre of the graph; its attributes show next to the pointer.
    box = viewer.locator("#gj-viewer").bounding_box()
    assert box is not None
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lab.page.mouse.move(centre[0] - 40, centre[1] - 40)
    lab.page.mouse.move(*centre, steps=4)
    tooltip = viewer.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip.locator("table")).to_contain_text("green")
    shoot(lab.page, f"{theme}-1400-hover")
    assert assert_contrast(frame, "body") > 10

    # Escape clears the selection and its details.
    viewer.locator("#gj-viewer").focus()
    lab.page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    assert ours(console) == []


def test_compare_panes_of_one_graph_look_alike_and_move_together(
    lab: Lab, console: list[ConsoleMessage]
) -> None:
    lab.page.set_viewport_size(WIDTHS[1400])
    # Private plots: each frame gets a grant from its notebook first (needs-grant mode).
    notebook, left, right = compare_notebook(lab, with_form=False, privacy="private")
    left_frame, right_frame = (expect_viewer_ready(pane, "light") for pane in (left, right))

    # The same dataset on two servers: the same positions, hence the same picture.
    digests = [f.evaluate("document.body.dataset.layoutDigest") for f in (left_frame, right_frame)]
    assert digests[0]
    assert digests[0] == digests[1]
    summary = notebook.output(1).locator(".gj-compare-summary")
    expect(summary.nth(0)).to_contain_text("alice")
    expect(summary.nth(1)).to_contain_text("bob")
    expect(summary.nth(0)).to_contain_text("3 nodes · 3 edges")
    expect(summary.nth(0).locator(".gj-differs")).to_have_count(2)  # server and user

    def camera(frame: Frame) -> str:
        value = frame.evaluate("document.body.dataset.camera")
        assert isinstance(value, str)
        return value

    def drag(view: PlotOnPage, dx: float, dy: float) -> None:
        box = view.framed.locator("#gj-viewer").bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.6
        lab.page.mouse.move(x, y)
        lab.page.mouse.down()
        lab.page.mouse.move(x + dx, y + dy, steps=10)
        lab.page.mouse.up()

    for frame in (left, right):  # linked by default, once the setting has reached the frame
        expect(frame.framed.locator("body")).to_have_attribute("data-linked", "true")
    before = camera(right_frame)
    drag(left, 90, 40)
    left_frame.wait_for_function(_CAMERA_SETTLED_JS, polling=150, timeout=10_000)
    moved = camera(left_frame)
    assert moved != before
    expect(right.framed.locator("body")).to_have_attribute("data-camera", moved)
    shoot(notebook.output(1), "light-1400-compare-linked")

    # Zooming with the buttons follows too. The zoom animates: a "settled" left camera read
    # between two slow frames is not its last, so wait for the panes to agree on a new one.
    left.framed.get_by_role("button", name="Zoom in").click()
    wait_for(
        lambda: camera(left_frame) != moved and camera(left_frame) == camera(right_frame),
        "the right pane to follow the left's zoom",
        timeout=10,
    )

    # Selection: a node found in one pane is selected in the other, its details shown there.
    search = left.framed.get_by_role("combobox", name="Find a node by label or id")
    search.fill("c")
    search.press("Enter")
    expect(right.framed.get_by_role("region", name="Details")).to_contain_text("blue")

    # "Link views" off: each pane moves on its own.
    notebook.output(1).get_by_label("Link views", exact=True).uncheck()
    for frame in (left, right):  # the setting reaches each frame by a message
        expect(frame.framed.locator("body")).to_have_attribute("data-linked", "false")
    left_frame.wait_for_function(_CAMERA_SETTLED_JS, polling=150, timeout=10_000)
    still = camera(right_frame)
    drag(left, -120, 30)
    left_frame.wait_for_function(_CAMERA_SETTLED_JS, polling=150, timeout=10_000)
    assert camera(left_frame) != still
    right_frame.wait_for_function(_CAMERA_SETTLED_JS, polling=150, timeout=10_000)
    assert camera(right_frame) == still
    assert ours(console) == []


def test_the_frames_sign_in_message_follows_the_notebooks_dark_theme(
    lab: Lab, console: list[ConsoleMessage]
) -> None:
    # A server without single sign-in (no view-grant endpoint): the frame asks to sign in.
    lab.hub.faults.inject("/api/v2/datasets/*", "status", status=404)
    lab.page.set_viewport_size(WIDTHS[1400])
    notebook = lab.open_notebook(
        [two_logins_code(lab, privacy="private"), "prod.plot(g, height=360)"]
    )
    notebook.execute_all()
    set_lab_theme(lab.page, "dark")
    view = PlotOnPage(lab.page, notebook.output(1))
    view.iframe.scroll_into_view_if_needed(timeout=DRAWN_TIMEOUT_MS)
    heading = view.framed.get_by_role("heading", name="Log in to view this graph")
    expect(heading).to_be_visible(timeout=DRAWN_TIMEOUT_MS)
    expect(view.framed.locator("html")).to_have_attribute("data-gj-theme", "dark")
    frame = view.frame()
    background = frame.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert max(channels) < 64, f"the sign-in page is not dark: {background}"
    assert assert_contrast(frame, "body") >= 2
    assert assert_contrast(lab.page, ".gj-root") > 3
    shoot(notebook.output(1), "dark-1400-sign-in")
    assert ours(console) == []


def test_the_login_form_logs_no_multiple_forms_warning(
    lab: Lab, console: list[ConsoleMessage]
) -> None:
    notebook = lab.open_notebook(
        ["import graphistry_jupyter as gj\n" + login_widget_code(lab.hub, "form") + "\nform"]
    )
    notebook.execute_all()
    expect(notebook.output(0).get_by_label("Password", exact=True)).to_be_visible(
        timeout=DRAWN_TIMEOUT_MS
    )
    # Chromium reports on password forms a moment after they appear: wait for that report, up
    # to a deadline; none by then is the pass.
    with contextlib.suppress(PlaywrightTimeoutError):
        lab.page.wait_for_event(
            "console", lambda m: bool(LOGIN_FORM_WARNING.search(m.text)), timeout=10_000
        )
    assert not any(LOGIN_FORM_WARNING.search(m.text) for m in console)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_an_unverified_login_warns_on_its_form_and_on_its_plots(
    lab: Lab, console: list[ConsoleMessage], theme: Theme
) -> None:
    """certificate_validation=False is said before a password is typed (a warning line the
    password input and the Log in button are described by) and in the header of its plots."""
    lab.page.set_viewport_size(WIDTHS[1400])
    code = login_widget_code(lab.hub, "risky", certificate_validation=False)
    notebook = lab.open_notebook(
        [
            f"import pandas as pd\nimport graphistry_jupyter as gj\n{code}\nrisky",
            f"{EDGES_CODE}\nrisky.plot(risky.client.edges(edges, 'src', 'dst'), height=200)",
        ]
    )
    set_lab_theme(lab.page, theme)
    notebook.execute_all()
    form = notebook.output(0)
    password = form.get_by_label("Password", exact=True)
    expect(password).to_be_visible(timeout=DRAWN_TIMEOUT_MS)
    warning = form.locator(".gj-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("does not check the server's certificate")
    # What a screen reader says on reaching the password input and the button.
    expect(password).to_have_accessible_description(re.compile("Unverified TLS: this login"))
    expect(form.get_by_role("button", name="Log in")).to_have_accessible_description(
        re.compile("certificate_validation=False")
    )
    plot = notebook.output(1)
    expect(plot.locator(".gj-toolbar .gj-unverified")).to_be_visible(timeout=DRAWN_TIMEOUT_MS)
    expect(plot.get_by_role("group", name=re.compile("unverified TLS"))).to_be_visible()
    assert assert_contrast(lab.page, ".gj-warning, .gj-unverified") >= 2
    shoot(form, f"{theme}-unverified-login-form")
    shoot(plot, f"{theme}-unverified-plot-header")
    assert ours(console) == []


def side_by_side_code(lab: Lab) -> list[str]:
    """Two logins (prod, staging) side by side in an ``HBox``, then the same two and a third
    (dev, left logged out) in another: the notebooks' way of showing forms together. The last
    cell, run once prod is logged in, puts a switcher beside the dev login."""
    prod = login_widget_code(lab.hub, "prod", privacy="public")
    staging = login_widget_code(lab.staging_hub, "staging", label="staging", privacy="public")
    dev = login_widget_code(lab.hub, "dev", label="dev")
    return [
        f"import ipywidgets as widgets\nimport pandas as pd\nimport graphistry_jupyter as gj\n"
        f"{prod}\n{staging}\nwidgets.HBox([prod, staging])",
        f"{dev}\nwidgets.HBox([prod, staging, dev])",
        f"{EDGES_CODE}\ng = prod.client.edges(edges, 'src', 'dst')\n"
        "widgets.HBox([gj.SwitcherWidget(g, height=360), dev])",
    ]


@pytest.mark.parametrize("width", [1400, 700])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_logins_side_by_side_keep_inputs_wide_and_tokens_whole(
    lab: Lab, console: list[ConsoleMessage], theme: Theme, width: int
) -> None:
    lab.page.set_viewport_size(WIDTHS[width])
    notebook = lab.open_notebook(side_by_side_code(lab))
    two, three = notebook.execute(0), notebook.execute(1)
    if theme == "dark":
        set_lab_theme(lab.page, "dark")
    expect(two.locator(".gj-login")).to_have_count(2)
    expect(three.locator(".gj-login")).to_have_count(3)
    for area in (two, three):
        expect(area.get_by_label("Server", exact=True)).to_have_count(
            area.locator(".gj-login").count()
        )
        expect(area.get_by_label("Password", exact=True).last).to_be_visible()

    name = f"{theme}-{width}-side-by-side"
    shoot(two, f"{name}-two-forms")
    shoot(three, f"{name}-three-forms")
    assert_inputs_wide_and_tokens_whole(lab.page, "forms")
    if width == 1400:
        # Wide enough for three forms: side by side, not one under the other.
        for area in (two, three):
            tops: list[float] = area.locator(".gj-login").evaluate_all(
                "(logins) => logins.map((login) => login.getBoundingClientRect().top)"
            )
            assert max(tops) - min(tops) < 1, f"logins not on one row: {tops}"

    # Logged in through each form, as a person does; the second HBox shows the same accounts.
    form_widths = login_widths(two)
    LoginView(two.locator(".gj-login").nth(0)).log_in_as("alice")
    LoginView(two.locator(".gj-login").nth(1)).log_in_as("bob")
    # A card as wide as the form it replaces: logging in does not reflow the row.
    assert login_widths(two) == pytest.approx(form_widths, abs=1)
    expect(three.locator(".gj-account:visible")).to_have_count(2)
    expect(three.locator(".gj-facts dd", has_text="expires in")).to_have_count(2)

    shoot(two, f"{name}-two-cards")
    shoot(three, f"{name}-cards-and-form")
    assert_inputs_wide_and_tokens_whole(lab.page, "cards")

    # A switcher beside a login: its account select keeps its width too.
    switcher = notebook.execute(2)
    expect(switcher.get_by_label("Account", exact=True)).to_be_enabled()
    expect_viewer_ready(PlotOnPage(lab.page, switcher), theme)
    shoot(switcher, f"{name}-switcher-and-form")
    assert_inputs_wide_and_tokens_whole(lab.page, "switcher")
    assert assert_contrast(lab.page, ".gj-root") > 20
    assert ours(console) == []
