"""How the hub's route families answer a refusal (hub/refusals.py): each API family in the JSON
shape its client reads, whatever raised it (the pages' family: web/test_pages.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphistry_jupyter.hub.refusals import (
    DETAIL,
    ORGANIZATION_ENDPOINTS,
    TOKEN_ENDPOINTS,
    UPLOAD_ENDPOINTS,
    VIEW_GRANT_ENDPOINT,
    Family,
    Refused,
    api_error,
)

T = TypeVar("T")
REFUSED = Refused(403, "Not yours.")
THROTTLED = Refused(429, "Too many failed logins for alice: try again in 7 seconds.", retry_after=7)


def run(coroutine: Awaitable[T]) -> T:
    # On a thread of its own: in a whole-suite run, Playwright's sync API (the e2e tests) keeps
    # an event loop running on the main thread, where asyncio.run refuses to start another.
    async def wait() -> T:
        return await coroutine

    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, wait()).result()


def scope(path: str) -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}


def request(path: str = "/api/v2/x") -> Request:
    return Request(scope(path))


def rendered(family: Family, refused: Refused, path: str = "/api/v2/x") -> Response:
    return run(family.render(request(path), refused))


def answer(response: Response) -> tuple[int, Any, dict[str, str]]:
    """Status, JSON body and the headers a refusal may add."""
    wanted = ("retry-after", "cache-control")
    headers = {k: v for k, v in response.headers.items() if k in wanted}
    return response.status_code, json.loads(bytes(response.body)), headers


# -- the API's families ---------------------------------------------------------------------------


def test_the_token_endpoints_answer_every_refusal_as_a_validation_error() -> None:
    assert answer(rendered(TOKEN_ENDPOINTS, Refused(401, "Token has expired."))) == (
        400,
        {"non_field_errors": ["Token has expired."]},
        {},
    )


def test_the_token_endpoints_answer_the_failed_login_limit_as_drf_throttling_does() -> None:
    assert answer(rendered(TOKEN_ENDPOINTS, THROTTLED)) == (
        429,
        {"non_field_errors": [THROTTLED.message], "detail": THROTTLED.message},
        {"retry-after": "7"},
    )


@pytest.mark.parametrize(
    ("family", "body"),
    [
        (DETAIL, {"detail": "Not yours."}),
        (ORGANIZATION_ENDPOINTS, {"status": "ERR", "message": "Not yours."}),
        (UPLOAD_ENDPOINTS, {"success": False, "message": "Not yours."}),
    ],
    ids=["detail", "organization", "upload"],
)
def test_the_other_api_families_keep_the_status_and_say_why_in_their_shape(
    family: Family, body: dict[str, Any]
) -> None:
    assert answer(rendered(family, REFUSED)) == (403, body, {})


def test_the_personal_key_login_says_when_to_try_again() -> None:
    assert answer(rendered(DETAIL, THROTTLED)) == (
        429,
        {"detail": THROTTLED.message},
        {"retry-after": "7"},
    )


def test_no_cache_keeps_a_view_grant_refusal() -> None:
    assert answer(rendered(VIEW_GRANT_ENDPOINT, REFUSED)) == (
        403,
        {"success": False, "message": "Not yours."},
        {"cache-control": "no-store"},
    )


def test_a_refusal_outside_any_family_carries_every_key_a_client_reads() -> None:
    assert answer(api_error(Refused(405, "Method Not Allowed"))) == (
        405,
        {"success": False, "message": "Method Not Allowed", "detail": "Method Not Allowed"},
        {},
    )


# -- routes made with a family --------------------------------------------------------------------


def called(route_app: Any, path: str = "/api/v2/x") -> Response:
    """What a family's route answers, without a server."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    run(route_app(scope(path), receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return Response(
        body,
        status_code=start["status"],
        headers={k.decode(): v.decode() for k, v in start["headers"]},
    )


def test_a_route_answers_what_its_endpoint_returns() -> None:
    async def fine(_request: Request) -> Response:
        return JSONResponse({"success": True})

    route = UPLOAD_ENDPOINTS.route("/api/v2/x", fine, methods=["GET"])

    assert (route.path, route.name, route.methods) == ("/api/v2/x", "fine", {"GET", "HEAD"})
    assert answer(called(route.app))[:2] == (200, {"success": True})


def test_a_route_answers_a_refusal_its_endpoint_raises_in_its_familys_shape() -> None:
    async def refusing(_request: Request) -> Response:
        raise REFUSED

    route = ORGANIZATION_ENDPOINTS.route("/api/v2/x", refusing, methods=["GET"])

    assert answer(called(route.app)) == (403, {"status": "ERR", "message": "Not yours."}, {})


def test_a_route_leaves_any_other_error_to_the_app() -> None:
    async def broken(_request: Request) -> Response:
        raise KeyError("bug")

    route = UPLOAD_ENDPOINTS.route("/api/v2/x", broken, methods=["GET"])

    with pytest.raises(KeyError, match="bug"):
        called(route.app)


def test_a_refusal_shows_what_it_says_and_nothing_else() -> None:
    assert repr(THROTTLED) == (
        "Refused(429, 'Too many failed logins for alice: try again in 7 seconds.', retry_after=7)"
    )
    assert repr(Refused(404, "gone", title="Sign-in link expired")) == (
        "Refused(404, 'gone', title='Sign-in link expired')"
    )
    assert (str(REFUSED), REFUSED.headers) == ("Not yours.", {})
