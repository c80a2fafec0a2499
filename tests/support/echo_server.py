"""A hostile stand-in server that answers every request with 400 and the request echoed back
(body and Authorization header): the worst case for secrets leaking through error messages."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
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
