"""What pygraphistry asks for, drawn by the hub's viewer in a real headless Chromium (issue 20):
the unmodified ``graphistry`` client encodes and uploads, the page at the URL it returns is
screenshotted, and the pixels are read. Light and dark (the system's colour scheme, as in a tab of
its own); each screenshot is saved under tests/e2e/artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from graphistry_jupyter import LoginWidget
from graphistry_jupyter.hub import LocalHub
from tests.support.browser import count_non_background_pixels, save_screenshot
from tests.support.hubs import USERS

pytestmark = pytest.mark.browser

DRAWN_DEADLINE_MS = 30_000
LAYOUT_DEADLINE_MS = 30_000

THEMES = ["light", "dark"]

# Runs in the page: decodes an element screenshot and counts its strongly blue and strongly red
# pixels, and the distinct saturated colours (channels in steps of 32) that fill at least a node's
# disc, ignoring greys, the background and anti-aliased rims.
_HUES_JS = """
async ({bytes}) => {
  const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], {type: "image/png"}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  let blue = 0, red = 0;
  const colours = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    if (b > 150 && r < 90 && g < 90) blue++;
    if (r > 150 && b < 90 && g < 90) red++;
    const max = Math.max(r, g, b), min = Math.min(r, g, b);
    if (max - min < 40) continue;  // grey, white, black: not a colour
    const key = `${r >> 5},${g >> 5},${b >> 5}`;
    colours.set(key, (colours.get(key) || 0) + 1);
  }
  const hues = [...colours].filter(([, n]) => n >= 150).map(([key]) => key);
  return {blue, red, hues};
}
"""


def hues(page: Page) -> dict[str, Any]:
    png = page.locator("#gj-viewer").screenshot(timeout=10_000)
    result: dict[str, Any] = page.evaluate(_HUES_JS, {"bytes": list(png)})
    return result


def open_viewer(page: Page, url: str, theme: str, *, settled: bool = True) -> None:
    page.emulate_media(color_scheme="dark" if theme == "dark" else "light")
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(url)
    page.locator("body[data-state=drawn]").wait_for(state="attached", timeout=DRAWN_DEADLINE_MS)
    if settled:
        page.locator("body[data-layout=done]").wait_for(
            state="attached", timeout=LAYOUT_DEADLINE_MS
        )


def public_client(hub: LocalHub, client_for: Callable[..., Any]) -> Any:
    client = client_for(hub, "alice")
    client.privacy(mode="public")
    return client


def ring(n: int) -> pd.DataFrame:
    table: pd.DataFrame = pd.DataFrame(
        {"src": [f"n{i}" for i in range(n)], "dst": [f"n{(i + 1) % n}" for i in range(n)]}
    )
    return table


@pytest.mark.parametrize("theme", THEMES)
def test_a_continuous_palette_from_blue_to_red_shows_both_ends_and_a_gradient_legend(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, theme: str
) -> None:
    client = public_client(hub, client_for)
    nodes = pd.DataFrame(
        {"id": [f"n{i}" for i in range(12)], "score": [float(i) for i in range(12)]}
    )
    url = (
        client.edges(ring(12), "src", "dst")
        .nodes(nodes, "id")
        .encode_point_color("score", palette=["blue", "red"], as_continuous=True)
        .name("Scores")
        .description("Scores from low (blue) to high (red)")
        .settings(url_params={"pointSize": 2})
        .plot(render=False)
    )
    open_viewer(page, url, theme)
    save_screenshot(page, f"v20-continuous-{theme}")
    seen = hues(page)
    assert seen["blue"] >= 30, seen
    assert seen["red"] >= 30, seen
    expect(page.locator(".gj-legend .gj-gradient")).to_be_visible()
    expect(page.locator(".gj-legend")).to_contain_text("Node color: score")
    expect(page.locator(".gj-description")).to_have_text("Scores from low (blue) to high (red)")
    expect(page.locator(".gj-stats")).to_have_text("12 nodes · 12 edges")


@pytest.mark.parametrize("theme", THEMES)
def test_a_string_column_bound_as_colour_shows_several_hues_and_a_legend(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, theme: str
) -> None:
    client = public_client(hub, client_for)
    kinds = ["server", "laptop", "phone", "router"]
    nodes = pd.DataFrame(
        {"id": [f"n{i}" for i in range(12)], "kind": [kinds[i % 4] for i in range(12)]}
    )
    nodes["kind"] = nodes["kind"].astype("category")
    url = (
        client.edges(ring(12), "src", "dst")
        .nodes(nodes, "id")
        .bind(point_color="kind")
        .name("Kinds")
        .settings(url_params={"pointSize": 2})
        .plot(render=False)
    )
    open_viewer(page, url, theme)
    save_screenshot(page, f"v20-string-colour-{theme}")
    assert len(hues(page)["hues"]) >= 4, hues(page)
    legend = page.locator(".gj-legend")
    expect(legend).to_contain_text("Node color: kind")
    expect(legend.locator(".gj-swatch")).to_have_count(4)
    expect(legend).to_contain_text("router")


def test_edge_widths_differ_with_the_edge_weight(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    client = public_client(hub, client_for)
    edges = pd.DataFrame(
        {"src": ["a", "c", "e"], "dst": ["b", "d", "f"], "weight": [1.0, 1.0, 1.0]}
    )
    drawn: dict[str, int] = {}
    for name, weights in {"even": [1.0, 1.0, 1.0], "weighted": [1.0, 10.0, 10.0]}.items():
        url = (
            client.edges(edges.assign(weight=weights), "src", "dst")
            .bind(edge_weight="weight")
            .name(f"Weights {name}")
            # Still, so that both graphs are drawn at the same seeded places.
            .settings(url_params={"play": 0})
            .plot(render=False)
        )
        open_viewer(page, url, "light")
        save_screenshot(page, f"v20-edge-weight-{name}")
        drawn[name] = count_non_background_pixels(page, "#gj-viewer")[0]
    expect(page.locator(".gj-legend")).to_contain_text("Edge width: weight")
    # Two of three edges several times wider: many more pixels, with the same nodes.
    assert drawn["weighted"] >= drawn["even"] * 1.25, drawn


def icon_graph(client: Any, *, icons: bool) -> str:
    """Three nodes, still at their seeded places; with ``icons``, icons, a badge and edge icons."""
    nodes = pd.DataFrame({"id": ["a", "b", "c"], "kind": ["laptop", "server", "user"]})
    edges = pd.DataFrame(
        {"src": ["a", "b", "c"], "dst": ["b", "c", "a"], "proto": ["tcp", "udp", "tcp"]}
    )
    g = client.edges(edges, "src", "dst").nodes(nodes, "id")
    if icons:
        g = (
            g.encode_point_icon(
                "kind", categorical_mapping={"laptop": "laptop", "server": "server"}
            )
            .encode_edge_icon("proto", categorical_mapping={"tcp": "bolt"})
            .encode_point_badge("kind", "TopRight", categorical_mapping={"user": "flag"})
        )
    url: str = (
        g.name("Icons" if icons else "No icons")
        .settings(url_params={"play": 0, "pointSize": 3})
        .plot(render=False)
    )
    return url


# Runs in the page: the marks layer's pixels that are drawn, and how many are light (an icon's
# code on a dark node) or of the badge's dark fill.
_MARKS_JS = """
() => {
  const canvas = document.querySelector("canvas.gj-marks");
  if (canvas === null) return null;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0, light = 0, badge = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 128) continue;
    drawn++;
    if (data[i] > 200 && data[i + 1] > 200 && data[i + 2] > 200) light++;
    const [r, g, b] = [data[i] - 0x37, data[i + 1] - 0x47, data[i + 2] - 0x4f];
    if (Math.abs(r) < 12 && Math.abs(g) < 12 && Math.abs(b) < 12) badge++;
  }
  return {drawn, light, badge};
}
"""


@pytest.mark.parametrize("theme", THEMES)
def test_point_icons_and_badges_are_drawn_on_the_nodes_with_a_legend_of_their_codes(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, theme: str
) -> None:
    client = public_client(hub, client_for)
    shown: dict[str, int] = {}
    for icons in (False, True):
        open_viewer(page, icon_graph(client, icons=icons), theme)
        name = "icons" if icons else "plain"
        save_screenshot(page, f"i20-{name}-{theme}")
        shown[name] = count_non_background_pixels(page, "#gj-viewer")[0]
    marks = page.evaluate(_MARKS_JS)
    # Two icon codes (L and S; the user has no icon) in white, and one badge's disc.
    assert marks is not None, "no layer of marks"
    assert marks["light"] >= 40, marks
    assert marks["badge"] >= 40, marks
    # The same nodes at the same places: the marks change what is on screen.
    assert shown["icons"] != shown["plain"], shown
    legend = page.locator(".gj-legend")
    expect(legend).to_contain_text("Node icon: kind")
    expect(legend).to_contain_text("Node badge (TopRight): kind")
    expect(legend.locator(".gj-mark-code")).to_have_text(["L", "S", "F"])
    notice = page.locator("[data-gj-notice]")
    expect(notice).to_have_text("Not shown here: edge icons (Graphistry's viewer shows them).")
    expect(notice).to_have_count(1)


def test_play_0_leaves_the_layout_still(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    client = public_client(hub, client_for)
    g = client.edges(ring(30), "src", "dst")
    shots: dict[str, tuple[bytes, bytes]] = {}
    for name, params in {"still": {"play": 0}, "laid out": {}}.items():
        url = g.name(f"Ring {name}").settings(url_params=params).plot(render=False)
        open_viewer(page, url, "light", settled=False)
        first = page.locator("#gj-viewer").screenshot(timeout=10_000)
        page.locator("body[data-layout=done]").wait_for(
            state="attached", timeout=LAYOUT_DEADLINE_MS
        )
        shots[name] = (first, page.locator("#gj-viewer").screenshot(timeout=10_000))
    # Still: the first frame is the last, and the nodes stay where the layout would have moved
    # them from (the laid-out control ends elsewhere).
    assert shots["still"][0] == shots["still"][1]
    assert shots["still"][1] != shots["laid out"][1]
    expect(page.locator("[data-gj-notice]")).to_have_count(0)


def test_hover_reads_a_datetime_as_iso_text_and_a_uuid_as_its_canonical_string(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    client = public_client(hub, client_for)
    ident = uuid.UUID("12345678-9abc-def0-1234-56789abcdef0")
    nodes = pd.DataFrame(
        {
            "id": ["a", "b"],
            "seen": pd.to_datetime(["2024-01-02 03:04:05", "2024-06-30 00:00:00"]),
            "seen_ny": pd.to_datetime(["2024-01-02 03:04:05", "2024-06-30 00:00:00"]).tz_localize(
                "America/New_York"
            ),
            "uid": [ident, uuid.UUID(int=1)],
            "account": [1234567890, 42],
        }
    )
    edges = pd.DataFrame({"src": ["a"], "dst": ["b"]})
    url = client.edges(edges, "src", "dst").nodes(nodes, "id").name("Times").plot(render=False)
    open_viewer(page, url, "light")

    search = page.get_by_role("combobox", name="Find a node by label or id")
    search.fill("a")
    search.press("Enter")
    page.wait_for_function(
        """() => {
          const now = document.body.dataset.camera;
          const settled = now !== undefined && now === window.__gjLastCamera;
          window.__gjLastCamera = now;
          return settled;
        }""",
        polling=150,
        timeout=10_000,
    )
    box = page.locator("#gj-viewer").bounding_box()
    assert box is not None
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(centre[0] - 40, centre[1] - 40)
    page.mouse.move(*centre, steps=4)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    save_screenshot(page, "v20-hover-values")
    rows = tooltip.locator("tr")
    expect(rows.filter(has=page.locator("th", has_text="seen_ny")).locator("td")).to_have_text(
        "2024-01-02T03:04:05-05:00[America/New_York]"
    )
    expect(rows.filter(has=page.locator("th", has_text="uid")).locator("td")).to_have_text(
        str(ident)
    )
    expect(rows.filter(has=page.locator("th", has_text="account")).locator("td")).to_have_text(
        "1234567890"
    )
    seen = rows.filter(has=page.locator("th", has_text="seen")).first.locator("td")
    expect(seen).to_have_text("2024-01-02T03:04:05")
    assert datetime.datetime.fromisoformat("2024-01-02T03:04:05")  # the text parses as ISO


def test_multi_edges_are_drawn_apart_as_curves(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    client = public_client(hub, client_for)
    edges = pd.DataFrame({"src": ["a", "a", "a"], "dst": ["b", "b", "b"]})
    drawn: dict[str, int] = {}
    for name, table in {"multi": edges, "single": edges.head(1)}.items():
        url = client.edges(table, "src", "dst").name(name).settings(url_params={"play": 0})
        open_viewer(page, url.plot(render=False), "light")
        save_screenshot(page, f"v20-{name}-edges")
        drawn[name] = count_non_background_pixels(page, "#gj-viewer")[0]
        if name == "multi":
            expect(page.locator(".gj-stats")).to_have_text("2 nodes · 3 edges")
    # Three a→b edges curve apart: about three lines' ink, where one on top of another is one.
    assert drawn["multi"] >= drawn["single"] + 800, drawn


def test_nodes_missing_from_the_node_table_are_counted_once_and_the_title_agrees(
    hub: LocalHub, page: Page
) -> None:
    # Issue 20's example, plotted as a login plots it: the plot's title is its node and edge
    # count (plots/upload.py), and the viewer's header counts the graph it draws.
    login = LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")
    try:
        login.login(username="alice", password=USERS["alice"])
        login.client.privacy(mode="public")
        nodes = pd.DataFrame({"id": ["a", "b", "c"]})
        edges = pd.DataFrame({"src": ["a", "b", "x"], "dst": ["b", "y", "a"]})
        view = login.plot(login.client.edges(edges, "src", "dst").nodes(nodes, "id"))
        url = view.wait(30)
        open_viewer(page, url, "light")
    finally:
        login.close()
    expect(page.locator(".gj-stats")).to_have_text("5 nodes · 3 edges")
    expect(page.locator("h1, .gj-title").first).to_have_text("5 nodes · 3 edges")


def test_a_sampled_graph_counts_the_whole_graph_and_says_once_what_is_drawn(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    # Headless Chromium draws in software WebGL: at most 10,000 edges (graph.ts).
    client = public_client(hub, client_for)
    n = 20_000
    edges = pd.DataFrame(
        {"src": [i % 3_000 for i in range(n)], "dst": [(i * 7 + 1) % 3_500 for i in range(n)]}
    )
    nodes_total = len(set(edges["src"]) | set(edges["dst"]))
    url = client.edges(edges, "src", "dst").name("Sampled").plot(render=False)
    open_viewer(page, url, "light", settled=False)
    expect(page.locator(".gj-stats")).to_have_text(
        f"{nodes_total:,} nodes · 20,000 edges", timeout=10_000
    )
    expect(page.locator("[data-gj-notice]")).to_contain_text("drawing 10,000 of 20,000 edges")
    assert page.locator("body").inner_text().count("of 20,000 edges") == 1


def test_url_settings_arrows_background_and_labels_apply(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    client = public_client(hub, client_for)
    g = client.edges(ring(6), "src", "dst")
    drawn: dict[str, int] = {}
    cases: dict[str, dict[str, Any]] = {
        "plain": {"play": 0, "showArrows": False},
        "arrows": {"play": 0, "showArrows": True},
        "no labels": {"play": 0, "pointsOfInterestMax": 0},
        "black": {"play": 0, "bg": "%23000000"},
    }
    for name, params in cases.items():
        url = g.name(f"Ring {name}").settings(url_params=params).plot(render=False)
        open_viewer(page, url, "light")
        save_screenshot(page, f"v20-url-{name.replace(' ', '-')}")
        drawn[name] = count_non_background_pixels(page, "#gj-viewer")[0]
        expect(page.locator("[data-gj-notice]")).to_have_count(0)
    assert drawn["arrows"] >= drawn["plain"] + 120, drawn  # six arrow heads
    assert drawn["no labels"] <= drawn["plain"] - 100, drawn  # six labels gone
    background = page.locator("#gj-viewer").evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert background == "rgb(0, 0, 0)"
