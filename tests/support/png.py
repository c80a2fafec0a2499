"""Real PNG files of a chosen size, for snapshot tests (zlib and the PNG chunk layout only)."""

from __future__ import annotations

import struct
import zlib


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
