"""The hub's pages (hub/web/pages.py): escaping, the unbuilt-viewer message, and refusals shown as
pages of their own."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from starlette.requests import Request
from starlette.responses import Response

from graphistry_jupyter.hub.refusals import Refused
from graphistry_jupyter.hub.web import pages
from graphistry_jupyter.hub.web.pages import viewer_page

CONFIG = {"dataset": "d1", "meta": "/m", "edges": "/e", "nodes": None}
THROTTLED = Refused(429, "Too many failed logins for alice: try again in 7 seconds.", retry_after=7)


def page_text(**kwargs) -> str:
    options = {"name": "G", "owner": "alice", "org": None, "privacy": "public", "built": True}
    return bytes(viewer_page(config=CONFIG, **{**options, **kwargs}).body).decode()


def test_without_a_built_front_end_the_viewer_says_so_in_an_alert():
    text = page_text(built=False)

    assert 'data-state="error"' in text
    assert 'role="alert"' in text
    assert "viewer.js is missing" in text
    assert "/graph/static/viewer.js" not in text


def test_names_cannot_inject_markup_into_the_page_or_its_config():
    text = page_text(name="</script><script>alert(1)</script>", owner="<b>")

    assert "<script>alert(1)" not in text
    assert "<b>" not in text


def refusal_page(refused: Refused, path: str) -> Response:
    """What the page family answers to ``refused`` at ``path``, without a server."""
    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    coroutine = pages.PAGES.render(Request(scope), refused)
    # On a thread of its own: in a whole-suite run, Playwright's sync API (the e2e tests) keeps
    # an event loop running on the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def body_of(response: Response) -> str:
    return bytes(response.body).decode()


def test_a_page_refusal_is_a_page_under_its_title_framed_where_its_page_may_be() -> None:
    refused = Refused(404, "No dataset d0 on this hub", title="Dataset not found")

    response = refusal_page(refused, "/graph/graph.html")

    assert response.status_code == 404
    assert "<title>Dataset not found</title>" in body_of(response)
    assert '<p role="alert">No dataset d0 on this hub</p>' in body_of(response)
    assert response.headers["content-security-policy"] == "frame-ancestors *"


def test_a_page_refusal_without_a_title_is_headed_by_its_status_and_framed_by_nobody() -> None:
    response = refusal_page(THROTTLED, "/")

    assert response.status_code == 429
    assert "<title>429</title>" in body_of(response)
    assert "content-security-policy" not in response.headers  # the headers layer denies framing
    assert response.headers["retry-after"] == "7"
