"""How large a request body the hub accepts, enforced before any handler reads one.

The table uploads (E9, E10) and the file upload (E12) may send up to ``max_upload_bytes``,
streamed to disk (storage/uploads.py); every other body (logins, JSON descriptors, forms) is
small, so it is capped at :data:`SMALL_BODY_LIMIT`. A declared ``Content-Length`` over the limit
is refused before the app runs; a body without one (chunked) is counted as it streams and refused
once it passes the limit. Either way nothing is buffered beyond the limit: the server discards
the rest of a refused body.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The most any non-upload request may send: far more than a login or a dataset descriptor.
SMALL_BODY_LIMIT = 64 * 1024
#: The default ``max_upload_bytes``: generous for a local hub, still a bound.
DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024**3

# The table uploads (E9, E10) and the file upload (E12) of graphistry-protocol.md section 1:
# the only routes that take large bodies.
_UPLOAD_PATH = re.compile(r"^/api/v2/upload/(?:datasets/[^/]+/[^/]+/arrow|files/[^/]+)$")


def is_upload_path(path: str) -> bool:
    return _UPLOAD_PATH.match(path) is not None


def byte_size(count: int) -> str:
    """``count`` bytes for a person: "2 GiB", "64 KiB", "1.5 MiB", "512 bytes"."""
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= size:
            return f"{count / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


class BodyTooLarge(HTTPException):
    """A request body over its limit; ``str(detail)`` is the sentence the client sees (413)."""

    def __init__(self, limit: int, *, upload: bool) -> None:
        self.limit = limit
        self.upload = upload
        if upload:
            detail = (
                f"The upload is larger than this hub's limit of {byte_size(limit)} "
                f"({limit} bytes). To accept it, start the hub with a larger limit: "
                "LocalHub(max_upload_bytes=...) or graphistry-jupyter hub --max-upload-bytes N."
            )
        else:
            detail = (
                f"The request body is larger than {byte_size(limit)}, the most this hub "
                "accepts for anything but an upload."
            )
        super().__init__(413, detail)


class BodyLimitMiddleware:
    """Refuses request bodies over their limit (see the module docstring): ``refuse(path,
    error)`` answers a request whose Content-Length is too large; a streamed body that grows too
    large raises :class:`BodyTooLarge` in the handler reading it, whose exception handler answers
    with the same ``refuse`` (app.py)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_upload_bytes: int,
        refuse: Callable[[str, BodyTooLarge], Response],
    ) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = is_upload_path(str(scope["path"]))
        limit = self.max_upload_bytes if upload else SMALL_BODY_LIMIT
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            # Answered without reading a byte of it; the server discards the body.
            await self.refuse(str(scope["path"]), BodyTooLarge(limit, upload=upload))(
                scope, receive, send
            )
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, upload=upload)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP layer refuses a malformed one before the app runs
    return None
