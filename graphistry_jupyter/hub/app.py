"""The hub's ASGI application: every route, wrapped in request recording and network conditions."""

from __future__ import annotations

import threading
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from . import api_data, api_grants, api_login, pages, signin, viewer
from .context import HubContext
from .faults import FaultRegistry, NetworkConditionsMiddleware
from .records import RecordingMiddleware, RequestLog


async def _http_error(request: Request, exc: Exception) -> Response:
    # API clients get JSON (pygraphistry parses every reply it reads), browsers a page.
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Internal Server Error"
    if request.url.path.startswith(("/api", "/graph/api")):
        return JSONResponse({"detail": detail, "success": False}, status_code=status)
    return pages.message_page(f"{status}", str(detail), status)


def build_app(
    ctx: HubContext,
    *,
    log: RequestLog,
    faults: FaultRegistry,
    latency_ms: Callable[[], float],
    stopping: threading.Event,
) -> ASGIApp:
    """The complete ASGI app of one hub."""
    app = Starlette(
        routes=[
            *api_login.routes(ctx),
            *api_data.routes(ctx),
            *api_grants.routes(ctx),
            *signin.routes(ctx),
            *viewer.routes(ctx),
        ],
        exception_handlers={HTTPException: _http_error},
    )
    # The client never follows a slash redirect correctly (requests turns a redirected POST
    # into a GET): exact paths only, as on a real server.
    app.router.redirect_slashes = False
    conditions = NetworkConditionsMiddleware(app, faults, latency_ms=latency_ms, stopping=stopping)
    return RecordingMiddleware(conditions, log)
