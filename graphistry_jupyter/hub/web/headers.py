"""Who may frame the hub's responses: only the pages a notebook's plot frame shows.

Viewer pages (``/graph/graph.html``) and the sign-in pages a frame may lead to (``/login``, the
SSO sign-in page and their messages) declare themselves frameable by any origin (pages.py), since
notebooks run on any host and port. Everything else, the index page and every API or data reply,
gets ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` here, so no other site can frame it
(clickjacking). Every reply also gets ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: What a page that a notebook's frame may show sends (pages.py).
FRAMEABLE = {"Content-Security-Policy": "frame-ancestors *"}
_NOT_FRAMEABLE = [
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
]
_NOSNIFF = (b"x-content-type-options", b"nosniff")
# The paths a plot frame may show: the viewer, and the sign-in pages it links to.
_FRAME_PATHS = ("/graph/graph.html", "/login", "/sso/signin")


def frame_may_show(path: str) -> bool:
    """Whether a page at ``path`` (an error page, say) belongs to what a plot frame shows."""
    return path in _FRAME_PATHS


class SecurityHeadersMiddleware:
    """Adds the headers of the module docstring to every reply that did not set its own CSP."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {bytes(name).lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.extend(_NOT_FRAMEABLE)
                if _NOSNIFF[0] not in names:
                    headers.append(_NOSNIFF)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
