"""Single sign-in in a real headless Chromium (docs/single-sign-in.md): a private graph framed by
a "notebook" on another host draws with the grant its parent posts, without any sign-in; a new
tab opened with ``#grant=`` draws and drops the grant from its address at once.

The notebook stand-in is a static page served from another port and under another host name
(``localhost`` while the hub is ``127.0.0.1``): another site than the hub, as a notebook may be.
It must be a real loopback server: Chromium refuses to let a page it cannot place on the local
network (a Playwright-routed or ``about:blank`` page) frame a loopback address.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Frame, Page, expect

from graphistry_jupyter.hub import LocalHub
from tests.support.browser import canvas_has_drawing
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_id_of
from tests.support.waiting import wait_for
from tests.support.widget_views import sign_in_on_hub_page

pytestmark = pytest.mark.browser

DRAWN_DEADLINE_MS = 30_000  # cold Chromium, a 700 kB bundle, 2 busy cores

# The parent's side of the protocol, as a notebook plot view would speak it: answer
# "viewer-ready" with the first grant of GRANTS, and each "grant-rejected" with the next one.
PARENT_SCRIPT = """
const grants = %s, answer = %s, hub = %s;
window.received = [];
window.addEventListener("message", (event) => {
  const frame = document.querySelector("iframe").contentWindow;
  if (event.source !== frame) return;
  window.received.push(event.data);
  const {type, dataset} = event.data;
  if (type !== "graphistry:viewer-ready" && type !== "graphistry:grant-rejected") return;
  const grant = grants.shift();
  const reply = grant ? {type: "graphistry:grant", dataset, grant} : {...answer, dataset};
  frame.postMessage(reply, hub);
});
"""


def private_plot(client: Any, name: str) -> str:
    client.privacy(mode="private")
    url: str = client.edges(EDGES, "src", "dst").name(name).plot(render=False)
    return url


def grant_for(hub: LocalHub, client: Any, url: str) -> str:
    reply = requests.post(
        f"{hub.url}/api/v2/datasets/{dataset_id_of(url)}/view-grant",
        headers={"Authorization": f"Bearer {client.api_token()}"},
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    grant: str = reply.json()["data"]["grant"]
    return grant


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``(folder, base URL)``: files put in ``folder`` are served at ``http://localhost:PORT/``."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=httpd.serve_forever, daemon=True)
    serving.start()
    try:
        yield tmp_path, f"http://localhost:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        serving.join(timeout=5)


def open_notebook(
    page: Page,
    notebook: tuple[Path, str],
    hub: LocalHub,
    url: str,
    grants: list[str],
    answer: dict[str, str] | None = None,
) -> Frame:
    """Opens the notebook stand-in framing ``url``; returns the viewer's frame."""
    script = PARENT_SCRIPT % (json.dumps(grants), json.dumps(answer or {}), json.dumps(hub.url))
    folder, base = notebook
    (folder / "notebook.html").write_text(
        "<!doctype html><title>Notebook</title>"
        f'<iframe title="Graph" src="{url}" width="900" height="600"></iframe>'
        f"<script>{script}</script>"
    )
    page.goto(f"{base}notebook.html")
    frame = page.locator("iframe[title=Graph]").element_handle().content_frame()
    assert frame is not None
    return frame


def wait_state(target: Page | Frame, state: str) -> None:
    target.locator(f"body[data-state={state}]").wait_for(
        state="attached", timeout=DRAWN_DEADLINE_MS
    )


def test_a_framed_private_graph_draws_with_the_grant_its_notebook_posts(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, notebook: tuple[Path, str]
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "Framed by grant")
    grant = grant_for(hub, alice, url)
    hub.clear_requests()

    frame = open_notebook(page, notebook, hub, url, [grant])
    wait_state(frame, "drawn")

    assert canvas_has_drawing(frame, "#gj-viewer")
    expect(frame.locator("header")).to_contain_text("Framed by grant")
    expect(frame.locator("body")).not_to_contain_text("Log in")
    dataset = dataset_id_of(url)
    assert page.evaluate("window.received") == [
        {"type": "graphistry:viewer-ready", "dataset": dataset}
    ]
    seen = {(r.path, r.status, r.user) for r in hub.requests}
    assert (f"/graph/api/datasets/{dataset}", 200, "alice") in seen
    assert all(grant not in r.path for r in hub.requests)


def test_a_rejected_grant_is_reported_and_a_fresh_one_from_the_notebook_draws(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, notebook: tuple[Path, str]
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "Second grant")

    frame = open_notebook(
        page, notebook, hub, url, ["expired.grant.value", grant_for(hub, alice, url)]
    )
    wait_state(frame, "drawn")

    types = [m["type"] for m in page.evaluate("window.received")]
    assert types == ["graphistry:viewer-ready", "graphistry:grant-rejected"]
    assert canvas_has_drawing(frame, "#gj-viewer")


def test_a_notebook_without_a_grant_gets_the_sign_in_message_with_its_reason(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, notebook: tuple[Path, str]
) -> None:
    url = private_plot(client_for(hub, "alice"), "No grant")
    answer = {"type": "graphistry:no-grant", "reason": "This server does not offer single sign-in."}

    frame = open_notebook(page, notebook, hub, url, [], answer)
    wait_state(frame, "signin")

    expect(frame.get_by_role("alert")).to_contain_text("This graph is private")
    expect(frame.locator("body")).to_contain_text("does not offer single sign-in")
    expect(frame.get_by_role("link", name="Log in to view this graph")).to_have_attribute(
        "target", "_self"
    )
    expect(frame.locator("#gj-viewer")).to_have_count(0)


def test_a_new_tab_with_a_grant_fragment_drops_it_at_once_and_draws(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "New tab")
    grant = grant_for(hub, alice, url)

    page.goto(f"{url}#grant={grant}")
    wait_state(page, "drawn")

    assert "grant" not in page.evaluate("location.href")
    assert page.evaluate("location.hash") == ""
    assert re.search(r"dataset=[0-9a-f]+", page.url)
    assert canvas_has_drawing(page, "#gj-viewer")
    expect(page.locator("header")).to_contain_text("New tab")
    stored = page.evaluate("JSON.stringify([localStorage, sessionStorage, document.cookie])")
    assert grant not in stored


# A sibling frame of the viewer (another frame of the same notebook page, or an ad) posts a
# no-grant that would send the person to sign in elsewhere, then tells the parent it did; only
# then does the parent answer with its grant.
SIBLING_SCRIPT = """
window.addEventListener("message", (event) => {
  if (event.data?.go === undefined) return;
  const viewer = window.parent.frames[0];
  viewer.postMessage({type: "graphistry:no-grant", dataset: event.data.go,
                      reason: "Session expired: sign in at https://evil.example/"}, "*");
  viewer.postMessage({type: "graphistry:grant", dataset: event.data.go,
                      grant: "forged.grant.value"}, "*");
  window.parent.postMessage({posted: true}, "*");
});
"""

PARENT_AFTER_SIBLING_SCRIPT = """
const grant = %s, hub = %s;
window.received = [];
const viewer = () => document.querySelector("iframe[title=Graph]").contentWindow;
const sibling = () => document.querySelector("iframe[title=Sibling]").contentWindow;
let dataset = null;
window.addEventListener("message", (event) => {
  if (event.source === sibling() && event.data?.posted) {
    viewer().postMessage({type: "graphistry:grant", dataset, grant}, hub);
    return;
  }
  if (event.source !== viewer()) return;
  window.received.push(event.data);
  if (event.data.type !== "graphistry:viewer-ready") return;
  dataset = event.data.dataset;
  sibling().postMessage({go: dataset}, "*");
});
"""


def test_a_sibling_frame_can_neither_grant_nor_send_the_viewer_to_sign_in_elsewhere(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, notebook: tuple[Path, str]
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "Among siblings")
    grant = grant_for(hub, alice, url)
    folder, base = notebook
    (folder / "sibling.html").write_text(f"<!doctype html><script>{SIBLING_SCRIPT}</script>")
    script = PARENT_AFTER_SIBLING_SCRIPT % (json.dumps(grant), json.dumps(hub.url))
    (folder / "notebook.html").write_text(
        "<!doctype html><title>Notebook</title>"
        f'<iframe title="Graph" src="{url}" width="900" height="600"></iframe>'
        '<iframe title="Sibling" src="sibling.html"></iframe>'
        f"<script>{script}</script>"
    )
    page.goto(f"{base}notebook.html")
    frame = page.locator("iframe[title=Graph]").element_handle().content_frame()
    assert frame is not None

    # The sibling's messages reached the viewer before the parent's grant (posted after them):
    # had it listened to them, it would show the sign-in message and never draw.
    wait_state(frame, "drawn")
    assert canvas_has_drawing(frame, "#gj-viewer")
    expect(frame.locator("body")).not_to_contain_text("evil.example")
    assert [m["type"] for m in page.evaluate("window.received")] == ["graphistry:viewer-ready"]


# A page on another port of the hub's host: the same site, so the browser sends the hub's cookie
# to a viewer it frames. It asks to link as compare() would, and answers a request for a grant
# with GRANT (null: it has none to give).
LINKING_PARENT_SCRIPT = """
const grant = %s, hub = %s;
window.received = [];
window.addEventListener("message", (event) => {
  const viewer = document.querySelector("iframe").contentWindow;
  if (event.source !== viewer) return;
  window.received.push(event.data);
  const {type, dataset} = event.data;
  if (type === "graphistry:viewer-loaded") {
    viewer.postMessage({type: "graphistry:link", enabled: true}, hub);
  }
  if (type === "graphistry:viewer-ready" && grant !== null) {
    viewer.postMessage({type: "graphistry:grant", dataset, grant}, hub);
  }
});
"""


def sign_browser_in_as_alice(page: Page, hub: LocalHub) -> None:
    """Signs the browser in on the hub's own sign-in page: it then holds a hub session cookie."""
    page.goto(f"{hub.url}/login")
    sign_in_on_hub_page(page, "alice", USERS["alice"])
    page.wait_for_url(lambda address: "/login" not in address)


def frame_on_another_port(
    page: Page, notebook: tuple[Path, str], hub: LocalHub, url: str, grant: str | None
) -> Frame:
    """Signs the browser in to the hub as alice, then opens a page on another port of the hub's
    host that frames ``url`` and asks to link; returns the viewer's frame, drawn."""
    sign_browser_in_as_alice(page, hub)
    folder, base = notebook
    script = LINKING_PARENT_SCRIPT % (json.dumps(grant), json.dumps(hub.url))
    (folder / "other.html").write_text(
        f'<!doctype html><iframe title="Graph" src="{url}" width="900" height="600"></iframe>'
        f"<script>{script}</script>"
    )
    assert hub.url.startswith("http://127.0.0.1:")
    page.goto(base.replace("//localhost:", "//127.0.0.1:") + "other.html")
    frame = page.locator("iframe[title=Graph]").element_handle().content_frame()
    assert frame is not None
    wait_state(frame, "drawn")  # by the browser's own session: the page needed no grant
    return frame


def select_node_then_barrier(page: Page, frame: Frame) -> list[dict[str, Any]]:
    """Selects node ``c`` in the viewer, then has the viewer's window post a barrier to its
    parent: messages from one window arrive in order, so once the barrier is in, any selection
    message posted before it is too. Returns what the parent received."""
    search = frame.get_by_role("combobox", name="Find a node by label or id")
    search.fill("c")
    search.press("Enter")
    expect(frame.get_by_role("region", name="Details")).to_be_visible()
    frame.evaluate("window.parent.postMessage({type: 'barrier'}, '*')")
    page.wait_for_function("window.received.some((m) => m.type === 'barrier')")
    received: list[dict[str, Any]] = page.evaluate("window.received")
    return received


def test_a_page_on_another_port_of_the_hubs_host_never_learns_the_selection(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, notebook: tuple[Path, str]
) -> None:
    url = private_plot(client_for(hub, "alice"), "Framed elsewhere")

    frame = frame_on_another_port(page, notebook, hub, url, grant=None)
    received = select_node_then_barrier(page, frame)

    # It is asked for a grant (it has none), and gets nothing the person does.
    dataset = dataset_id_of(url)
    assert received == [
        {"type": "graphistry:viewer-loaded", "dataset": dataset},
        {"type": "graphistry:viewer-ready", "dataset": dataset},
        {"type": "barrier"},
    ]
    expect(frame.locator("body")).to_have_attribute("data-linked", "false")


def test_a_notebook_that_grants_the_view_links_with_a_viewer_drawn_by_the_browsers_session(
    hub: LocalHub, client_for: Callable[..., Any], page: Page, notebook: tuple[Path, str]
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "Framed by its notebook")

    frame = frame_on_another_port(page, notebook, hub, url, grant=grant_for(hub, alice, url))
    expect(frame.locator("body")).to_have_attribute("data-linked", "true")
    received = select_node_then_barrier(page, frame)

    selections = [m for m in received if m["type"] == "graphistry:selection"]
    assert [m["node"] for m in selections] == ["c"]


def test_a_grant_fragment_works_once_so_the_address_in_the_browsers_history_opens_nothing(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "Once")
    grant = grant_for(hub, alice, url)
    address = f"{url}#grant={grant}"

    page.goto(address)
    wait_state(page, "drawn")

    # The address as Chromium's history keeps it, opened again, in a new tab: the grant was spent.
    again = page.context.new_page()
    again.goto(address)
    wait_state(again, "signin")
    expect(again.locator("#gj-viewer")).to_have_count(0)
    expect(again.get_by_role("link", name="Log in to view this graph")).to_be_visible()
    # ...and as a bearer of any request.
    dataset = dataset_id_of(url)
    replayed = requests.get(
        f"{hub.url}/graph/api/datasets/{dataset}/edges.arrow",
        headers={"Authorization": f"Bearer {grant}"},
        timeout=10,
    )
    assert replayed.status_code == 403
    assert "already used" in replayed.json()["detail"]


def test_a_browser_signed_in_to_the_hub_spends_the_fragments_grant_too(
    hub: LocalHub, client_for: Callable[..., Any], page: Page
) -> None:
    alice = client_for(hub, "alice")
    url = private_plot(alice, "Signed in already")
    grant = grant_for(hub, alice, url)
    sign_browser_in_as_alice(page, hub)

    page.goto(f"{url}#grant={grant}")
    wait_state(page, "drawn")  # by the browser's session

    meta = f"{hub.url}/graph/api/datasets/{dataset_id_of(url)}"
    headers = {"Authorization": f"Bearer {grant}"}
    wait_for(
        lambda: requests.get(meta, headers=headers, timeout=10).status_code == 403,
        "the page to spend the grant of its address",
        timeout=10,
    )
