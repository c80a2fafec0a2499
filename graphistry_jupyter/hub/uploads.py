"""Receiving an upload body: streamed to a file in chunks, never held whole in memory.

The body limit (limits.py) stops the stream once it passes ``max_upload_bytes``; whatever happens
(too large, the client gone, an error), a partial file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

# Chunks from the server are at most 64 KiB: gather them into fewer, larger disk writes, made on
# a worker thread so that a slow disk never stalls the event loop.
_WRITE_BYTES = 1024 * 1024


async def receive_upload(request: Request, directory: Path) -> Path:
    """The request body, written to a new file in ``directory``; the caller moves or removes it."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=".upload-")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            pending = bytearray()
            async for chunk in request.stream():
                pending += chunk
                if len(pending) >= _WRITE_BYTES:
                    await run_in_threadpool(out.write, pending)
                    pending.clear()
            if pending:
                await run_in_threadpool(out.write, pending)
    except BaseException:
        discard(path)
        raise
    return path


def discard(path: Path) -> None:
    """Remove an upload that is not kept."""
    with contextlib.suppress(OSError):
        path.unlink()
