"""A hostile stand-in server that answers every request with 400 and the request echoed back
(body and Authorization header): the worst case for secrets leaking through error messages. And
one that echoes only uploads, passing the rest to a real hub, so that a login succeeds and its
session token comes back in a plot's error."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import pytest
import requests
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.waiting import wait_for


async def _echo(request: Request) -> Response:
    body = (await request.body()).decode("utf-8", "replace")
    echoed = f"{body} {request.headers.get('authorization', '')}"
    return JSONResponse({"non_field_errors": [f"cannot accept {echoed}"]}, status_code=400)


@pytest.fixture
def echo_server() -> Iterator[str]:
    """``host:port`` of a running echo server (plain http)."""
    app = Starlette(routes=[Route("/{path:path}", _echo, methods=["GET", "POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the echo server to start")
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


async def _echo_upload(request: Request) -> Response:
    """As a Graphistry server refuses an upload (pygraphistry raises the whole reply)."""
    echoed = f"cannot accept {request.headers.get('authorization', '')}"
    return JSONResponse({"success": False, "message": echoed}, status_code=400)


def _forward_to(upstream: str) -> Callable[[Request], Awaitable[Response]]:
    async def forward(request: Request) -> Response:
        if request.url.path.startswith("/api/v2/upload/"):
            return await _echo_upload(request)
        body = await request.body()
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")
        }
        reply = await run_in_threadpool(
            requests.request,
            request.method,
            f"{upstream}{request.url.path}?{request.url.query}",
            data=body,
            headers=headers,
            timeout=30,
            allow_redirects=False,
        )
        return Response(
            reply.content,
            status_code=reply.status_code,
            media_type=reply.headers.get("content-type"),
        )

    return forward


@contextmanager
def echoing_uploads(upstream: str) -> Iterator[str]:
    """``host:port`` of a server that passes every request on to ``upstream`` (a hub's URL), so
    logins work, but answers each upload with 400 and the request echoed, Authorization header
    included: the session token comes back in the plot's error."""
    app = Starlette(
        routes=[Route("/{path:path}", _forward_to(upstream), methods=["GET", "POST", "PUT"])]
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the echoing server to start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
