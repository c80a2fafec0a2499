"""The hub's ASGI application: every route, wrapped in security headers and body limits (outermost
first), and, on a hub made with its test instruments, request records and network conditions.

A route's refusals are rendered by its family (refusals.py). What no route answers (an unknown path
or method, a body over its limit, an error) is answered here, in the shape its client reads: JSON
on API paths (pygraphistry parses every reply it reads), a page elsewhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from .api import data as api_data
from .api import grants as api_grants
from .api import login as api_login
from .context import HubContext, is_api_path
from .instruments.faults import FaultRegistry, NetworkConditionsMiddleware
from .instruments.records import RecordingMiddleware, RequestLog
from .limits import BodyLimitMiddleware, BodyTooLarge
from .refusals import Refused, api_error
from .web import pages, signin, viewer
from .web.headers import SecurityHeadersMiddleware


def error_reply(path: str, refused: Refused) -> Response:
    """A refusal that no route's family rendered, in the shape the client at ``path`` reads."""
    return api_error(refused) if is_api_path(path) else pages.refusal_page(path, refused)


def refuse_body(path: str, error: BodyTooLarge) -> Response:
    return error_reply(path, Refused(413, str(error.detail)))


async def _client_gone(_request: Request, _exc: Exception) -> Response:
    # The client hung up while we read its body (it timed out on a slow or held request): nothing
    # to answer, and nothing to print. Unhandled, it becomes a traceback on the kernel's stderr,
    # since the local hub runs inside the notebook's kernel.
    return Response(status_code=499)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Internal Server Error"
    return error_reply(request.url.path, Refused(status, str(detail)))


async def _refused(request: Request, exc: Exception) -> Response:
    # Every route belongs to a family that renders its refusals; this answers one raised outside
    # a route all the same, rather than as a 500.
    assert isinstance(exc, Refused)
    return error_reply(request.url.path, exc)


def routes(ctx: HubContext) -> list[BaseRoute]:
    """Every route of one hub."""
    return [
        *api_login.routes(ctx),
        *api_data.routes(ctx),
        *api_grants.routes(ctx),
        *signin.routes(ctx),
        *viewer.routes(ctx),
    ]


def route_table(ctx: HubContext) -> list[tuple[str, list[str]]]:
    """``(path, methods)`` of every route; a mount (static files) answers GET and HEAD."""
    table: dict[str, set[str]] = {}
    for route in routes(ctx):
        if isinstance(route, Route):
            table.setdefault(route.path, set()).update(route.methods or ())
        elif isinstance(route, Mount):
            table.setdefault(route.path, set()).update({"GET", "HEAD"})
    return sorted((path, sorted(methods)) for path, methods in table.items())


@dataclass(frozen=True)
class Instruments:
    """The test instruments of a hub made with them (instruments/): the request records, the
    injected faults, the latency added to API replies, and the event that ends hung requests."""

    log: RequestLog
    faults: FaultRegistry
    latency_ms: Callable[[], float]
    stopping: threading.Event


def build_app(
    ctx: HubContext, *, max_upload_bytes: int, instruments: Instruments | None = None
) -> ASGIApp:
    """The complete ASGI app of one hub; with ``instruments``, its requests are recorded and
    subject to injected latency and faults."""
    app = Starlette(
        routes=routes(ctx),
        exception_handlers={
            HTTPException: _http_error,
            ClientDisconnect: _client_gone,
            Refused: _refused,
        },
    )
    # The client never follows a slash redirect correctly (requests turns a redirected POST
    # into a GET): exact paths only, as on a real server.
    app.router.redirect_slashes = False
    served: ASGIApp = BodyLimitMiddleware(
        app, max_upload_bytes=max_upload_bytes, refuse=refuse_body
    )
    if instruments is not None:
        served = NetworkConditionsMiddleware(
            served,
            instruments.faults,
            latency_ms=instruments.latency_ms,
            stopping=instruments.stopping,
        )
    served = SecurityHeadersMiddleware(served)
    if instruments is not None:
        # Outermost: it times a request from its arrival, and records what the client got.
        served = RecordingMiddleware(served, instruments.log)
    return served
