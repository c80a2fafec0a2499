"""The hub's graph viewer in a real headless Chromium: graphs uploaded by the unmodified
``graphistry`` client are drawn (WebGL pixels on screen), private graphs need a browser session,
and that session can be started from the hub's login page inside an iframe on another origin.

Browser fixtures (``page``, ``browser_context``, failure screenshots) come from
``tests.support.browser``; the hub and logged-in clients from ``tests/conftest.py``.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest
import requests
from playwright.sync_api import Frame, Page, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.browser import canvas_has_drawing, count_non_background_pixels
from tests.support.graphs import EDGES
from tests.support.hubs import dataset_id_of
from tests.support.waiting import wait_for
from tests.support.widget_views import sign_in_on_hub_page

pytestmark = pytest.mark.browser

# Cold Chromium plus a 700 kB bundle on a busy 2-core machine: generous, but bounded.
DRAWN_DEADLINE_MS = 30_000
LAYOUT_DEADLINE_MS = 30_000


def plot_url(client: Any, name: str, privacy: str) -> str:
    """Uploads EDGES with ``client`` (a logged-in ``graphistry.client()``) as ``name`` with
    ``privacy``, and returns the viewer URL the client gives back."""
    client.privacy(mode=privacy)
    url: str = client.edges(EDGES, "src", "dst").name(name).plot(render=False)
    return url


def wait_drawn(target: Page | Frame) -> None:
    target.locator("body[data-state=drawn]").wait_for(state="attached", timeout=DRAWN_DEADLINE_MS)


@pytest.fixture
def parent_page_server() -> Iterator[Callable[[str], str]]:
    """``serve(html)``: serves ``html`` at ``/`` from another port of 127.0.0.1 (a notebook's
    origin stand-in) and returns its URL. Test-only: stdlib ``http.server`` on a thread."""
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get("html")
            if self.path != "/" or body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html: str) -> str:
        pages["html"] = html.encode()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_public_graph_is_drawn_with_its_name_and_owner_in_the_header(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    url = plot_url(client_for(hub, "alice"), "Public ring", "public")

    page.goto(url)
    wait_drawn(page)

    assert canvas_has_drawing(page, "#gj-viewer")
    header = page.locator("header")
    expect(header).to_contain_text("Public ring")
    expect(header).to_contain_text("alice")
    expect(header).to_contain_text("3 nodes")


def test_graph_view_is_keyboard_operable_and_named_for_screen_readers(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    url = plot_url(client_for(hub, "alice"), "Keyboard ring", "public")
    page.goto(url)
    view = page.get_by_role("application", name=re.compile(r"Graph Keyboard ring"))
    page.locator("body[data-layout=done]").wait_for(state="attached", timeout=LAYOUT_DEADLINE_MS)
    view.focus()
    page.keyboard.press("Shift")  # a key press, so the focus ring shows before the first shot
    settled = view.screenshot()

    page.keyboard.press("+")
    wait_for(lambda: view.screenshot() != settled, "+ to zoom the graph view")
    page.keyboard.press("0")
    wait_for(lambda: view.screenshot() == settled, "0 to restore the initial view")

    expect(view).to_be_focused()
    help_line = page.locator(f"#{view.get_attribute('aria-describedby')}")
    expect(help_line).to_contain_text("arrow keys pan")


def test_viewer_shows_an_alert_when_the_hub_refuses_the_graph_data(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    url = plot_url(client_for(hub, "alice"), "Refused", "public")
    hub.faults.inject(f"/graph/api/datasets/{dataset_id_of(url)}/edges.arrow", "status", status=403)

    page.goto(url)
    page.locator("body[data-state=error]").wait_for(state="attached", timeout=DRAWN_DEADLINE_MS)

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("do not have access")
    expect(alert.get_by_role("link", name="Log in")).to_have_attribute(
        "href", re.compile(r"^\.\./login\?next=%2Fgraph%2Fgraph\.html")
    )


def test_viewer_explains_that_it_needs_webgl_when_the_browser_has_none(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    url = plot_url(client_for(hub, "alice"), "No WebGL", "public")
    page.add_init_script(
        """
        const getContext = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
          return String(type).startsWith("webgl") ? null : getContext.call(this, type, ...rest);
        };
        """
    )

    page.goto(url)
    page.locator("body[data-state=error]").wait_for(state="attached", timeout=DRAWN_DEADLINE_MS)

    expect(page.get_by_role("alert")).to_contain_text("WebGL 2 is not available")


def test_private_graph_without_a_session_shows_the_403_page_with_a_login_link(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    url = plot_url(client_for(hub, "alice"), "Secret ring", "private")

    response = page.goto(url)

    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("private")
    expect(page.get_by_role("link", name=re.compile("Log in"))).to_be_visible()
    expect(page.locator("#gj-viewer")).to_have_count(0)


def test_private_graph_draws_after_logging_in_inside_an_iframe_on_another_origin(
    hub: LocalHub,
    client_for: Callable[..., Any],
    page: Page,
    parent_page_server: Callable[[str], str],
) -> None:
    url = plot_url(client_for(hub, "alice"), "Framed secret", "private")
    parent = parent_page_server(
        "<!doctype html><title>Notebook</title>"
        f'<iframe title="Graph" src="{url}" width="900" height="600"></iframe>'
    )
    assert str(hub.port) not in parent

    page.goto(parent)
    frame_element = page.locator("iframe[title=Graph]")
    framed = page.frame_locator("iframe[title=Graph]")
    framed.get_by_role("link", name=re.compile("Log in")).click()
    sign_in_on_hub_page(framed, "alice", "alice-pw")

    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    wait_drawn(frame)
    assert canvas_has_drawing(frame, "#gj-viewer")
    expect(framed.locator("header")).to_contain_text("Framed secret")


def test_a_viewer_loading_in_a_hidden_frame_draws_without_an_error(
    hub: LocalHub,
    client_for: Callable[..., Any],
    page: Page,
    parent_page_server: Callable[[str], str],
) -> None:
    # A plot view hides its frame when the plot has nothing to show (its account logged out):
    # the viewer inside may be starting, or drawing, with a container of no size.
    url = plot_url(client_for(hub, "alice"), "Hidden ring", "public")
    parent = parent_page_server(
        f'<!doctype html><title>Notebook</title><iframe title="Graph" src="{url}" hidden></iframe>'
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(error.message))
    # The hub's errors (the stand-in parent page has no favicon: Chromium reports that 404).
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and m.location.get("url", "").startswith(hub.url)
            else None
        ),
    )

    page.goto(parent)
    frame = page.locator("iframe[title=Graph]").element_handle().content_frame()
    assert frame is not None
    # Polled: a hidden frame gets no animation frames.
    frame.wait_for_function(
        "['drawn', 'error'].includes(document.body.dataset.state)",
        polling=100,
        timeout=DRAWN_DEADLINE_MS,
    )
    assert frame.evaluate("document.body.dataset.state") == "drawn"
    assert errors == []


def test_viewer_names_the_missing_table_of_an_upload_that_did_not_complete(
    hub: LocalHub, page: Page
) -> None:
    token = {"Authorization": f"Bearer {hub.issue_token('alice')}"}
    created = requests.post(
        f"{hub.url}/api/v2/upload/datasets/", json={"name": "Half"}, headers=token, timeout=10
    )
    dataset = created.json()["data"]["dataset_id"]
    share = {"obj_pk": dataset, "obj_type": "dataset", "mode": "public"}
    requests.post(f"{hub.url}/api/v2/share/link/", json=share, headers=token, timeout=10)

    page.goto(f"{hub.url}/graph/graph.html?dataset={dataset}&type=arrow")
    page.locator("body[data-state=error]").wait_for(state="attached", timeout=DRAWN_DEADLINE_MS)

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This graph is incomplete")
    expect(alert).to_contain_text("the edges table is missing because its upload never arrived")


def test_self_loops_are_drawn_as_loops_around_their_nodes(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    # The viewer starts its renderer for straight edges before the graph is built; a graph with
    # self-loops needs sigma's loop path, so it gets a renderer of its own (renderer.ts).
    client = client_for(hub, "alice")
    client.privacy(mode="public")
    loops = pd.DataFrame({"src": ["a", "b", "c"], "dst": ["a", "b", "c"], "weight": [4, 5, 6]})
    urls = {
        "ring": client.edges(EDGES, "src", "dst").name("Ring").plot(render=False),
        "looped": client.edges(pd.concat([EDGES, loops]), "src", "dst")
        .name("Ring with loops")
        .plot(render=False),
    }
    drawn: dict[str, int] = {}
    for name, url in urls.items():
        page.goto(url)
        settled = page.locator("body[data-layout=done]")
        settled.wait_for(state="attached", timeout=LAYOUT_DEADLINE_MS)
        drawn[name] = count_non_background_pixels(page, "#gj-viewer")[0]
    expect(page.locator("header")).to_contain_text("6 edges")
    # Same nodes at the same places (the loops pull no node), plus a small ring by each of them
    # (~70 pixels here; drawn as straight edges, a loop shows ~20 stray pixels at most).
    assert drawn["looped"] >= drawn["ring"] + 45, drawn
