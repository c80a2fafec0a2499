"""Real PNG files of a chosen size (zlib and the PNG chunk layout only), and a plot view's
snapshot message carrying them, for snapshot tests."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from tests.support.comm import send_from_view


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, *, padding: int = 0) -> bytes:
    """A grey ``width`` x ``height`` PNG; ``padding`` bytes of a text chunk make it larger."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    chunks = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows))
    if padding:
        chunks += _chunk(b"tEXt", b"pad\x00" + b"x" * padding)
    return b"\x89PNG\r\n\x1a\n" + chunks + _chunk(b"IEND", b"")


def send_snapshot(view: Any, dataset: str, *pictures: bytes) -> None:
    """What a plot view does with its viewer's snapshot: a ``snapshot`` message, the PNG its
    buffer (widgets/messages.py)."""
    send_from_view(view, {"type": "snapshot", "dataset": dataset}, list(pictures))
