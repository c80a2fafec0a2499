"""Receiving an upload body: streamed to a file in chunks, never held whole in memory.

The body limit (hub/limits.py) stops the stream once it passes ``max_upload_bytes``; whatever
happens (too large, the client gone, an error), a partial file is removed.

The chunks go to the file as the server hands them over (up to 256 KiB each with uvloop), each
with one ``os.write`` from the event loop: no buffer in between, no second copy, no hop to a
worker thread per write. A write lands in the page cache (a copy, ~0.1 ms per chunk), so the loop
is not held longer than by reading the chunk; gathering chunks and writing them on a worker
thread cost 15-20% more CPU per upload (bench/figures_hub.py).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from starlette.requests import ClientDisconnect, Request


async def receive_upload(request: Request, directory: Path) -> Path:
    """The request body, written to a new file in ``directory``; the caller moves or removes it.

    Raises :class:`ClientDisconnect` when the client goes away first, and whatever the body limit
    raises (``BodyTooLarge``) when the body passes it."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=".upload-")
    path = Path(name)
    receive = request.receive  # the body limit's counting receive (hub/limits.py)
    try:
        try:
            while True:
                message = await receive()
                if message["type"] != "http.request":  # http.disconnect
                    raise ClientDisconnect()
                body = message.get("body", b"")
                if body:
                    _write_all(fd, body)
                if not message.get("more_body", False):
                    break
        finally:
            os.close(fd)
    except BaseException:
        discard(path)
        raise
    return path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def discard(path: Path) -> None:
    """Remove an upload that is not kept."""
    with contextlib.suppress(OSError):
        path.unlink()
