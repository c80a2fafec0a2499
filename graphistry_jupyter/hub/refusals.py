"""How the hub says no: one exception, rendered by the family of the route that raised it.

Whatever refuses a request (an access rule, a route checking what it was sent, the failed-login
limit) raises :class:`Refused` with an HTTP status and a sentence a person can act on. It builds no
reply, because the same refusal reads differently to each client: pygraphistry parses a different
JSON shape from each group of endpoints (docs/graphistry-protocol.md section 1), and a browser
wants the page it was on, with the sentence in its alert. So routes are grouped in families, each
made with :meth:`Family.route`, and the family renders every refusal of its routes: no route turns
a refusal into a reply by hand. The API's families are here; the pages' are in ``web/``.

A request refused before any route runs (no such path or method, a body over its limit) is
answered by the app (app.py): JSON on API paths, a page elsewhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class Refused(Exception):
    """A request that may not do what it asked: an HTTP ``status`` and a ``message`` for a person.

    ``retry_after`` (whole seconds) says when trying again may work, and is sent as
    ``Retry-After``. ``title`` makes a page's refusal a page of its own, under that heading,
    instead of an alert on the page the person was on; JSON replies ignore it.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        retry_after: int | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.title = title

    @property
    def headers(self) -> dict[str, str]:
        """The headers every rendering of this refusal carries."""
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}

    def __repr__(self) -> str:
        extra = "" if self.retry_after is None else f", retry_after={self.retry_after}"
        extra += "" if self.title is None else f", title={self.title!r}"
        return f"Refused({self.status}, {self.message!r}{extra})"


#: Makes the reply to a refusal of one family's route.
Render = Callable[[Request, Refused], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Family:
    """Routes whose refusals one ``render`` answers."""

    render: Render

    def route(self, path: str, endpoint: Endpoint, *, methods: list[str]) -> Route:
        """A route to ``endpoint`` whose :class:`Refused` this family renders."""

        async def answer(request: Request) -> Response:
            try:
                return await endpoint(request)
            except Refused as refused:
                return await self.render(request, refused)

        return Route(path, answer, methods=methods, name=endpoint.__name__)


def json_family(
    body: Callable[[Refused], dict[str, Any]],
    *,
    status: Callable[[Refused], int] = lambda refused: refused.status,
    headers: Mapping[str, str] | None = None,
) -> Family:
    """A family answering each refusal with ``body(refused)`` as JSON, its ``status`` and, besides
    the refusal's own headers, ``headers``."""

    async def render(_request: Request, refused: Refused) -> Response:
        return JSONResponse(
            body(refused),
            status_code=status(refused),
            headers={**refused.headers, **(headers or {})},
        )

    return Family(render)


#: The password login (E1), token refresh (E3) and token verify (E4): Graphistry answers them
#: from DRF-JWT serializers, so every refused credential or token is a validation error, 400
#: with ``non_field_errors``, whatever the reason (the client reads "Token has expired." there).
#: The failed-login limit answers as DRF's throttling does: 429, the sentence also in ``detail``.
TOKEN_ENDPOINTS = json_family(
    lambda refused: {
        "non_field_errors": [refused.message],
        **({"detail": refused.message} if refused.retry_after is not None else {}),
    },
    status=lambda refused: refused.status if refused.retry_after is not None else 400,
)

#: DRF's own error shape, ``{"detail": ...}``: the personal-key login (E2) and the viewer's data
#: endpoints (web/viewer.py).
DETAIL = json_family(lambda refused: {"detail": refused.message})

#: The organization switch (E5), SSO start (E6) and SSO poll (E7): ``status: "ERR"`` and a
#: ``message``, which the client shows.
ORGANIZATION_ENDPOINTS = json_family(lambda refused: {"status": "ERR", "message": refused.message})

#: Dataset creation (E8), table uploads (E9, E10), file creation and upload (E11, E12), sharing
#: (E13) and dataset lookup (E14): ``success: false`` and a ``message``. The client reads
#: ``success`` from every reply of dataset creation and the table uploads; without it, it
#: fails with a bare KeyError.
UPLOAD_ENDPOINTS = json_family(lambda refused: {"success": False, "message": refused.message})

#: The view-grant endpoint (docs/single-sign-in.md): the upload endpoints' shape, so that a client
#: tells "this server has the extension and said no" from "no such endpoint"; never cached, as
#: none of its replies is.
VIEW_GRANT_ENDPOINT = json_family(
    lambda refused: {"success": False, "message": refused.message},
    headers={"Cache-Control": "no-store"},
)


def api_error(refused: Refused) -> JSONResponse:
    """A refusal on an API path outside any family (app.py): every key a client of any family
    reads a sentence from, ``success: false`` for the clients that look at that first."""
    body = {"success": False, "message": refused.message, "detail": refused.message}
    return JSONResponse(body, status_code=refused.status, headers=refused.headers)
