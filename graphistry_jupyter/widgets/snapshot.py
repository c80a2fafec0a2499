"""The snapshot of a drawn plot: a PNG the viewer makes, checked here before it is shown.

The viewer copies its canvas once the graph is drawn and laid out, and the plot view forwards the
PNG as the ``png`` buffer of a ``snapshot`` message (widgets/messages.py). It becomes a ``data:``
URL in the plot's static output (static_output.py), so it is saved in the notebook: it shows the
picture and its labels as drawn, and nothing else of the data. ``snapshot=False`` on a plot, or on
the login as its plots' default, turns it off.

The view is in the browser, so what it sends is checked as untrusted input: a PNG signature, at
most :data:`MAX_BYTES` bytes, at most :data:`MAX_WIDTH` pixels wide (js/src/protocol/frames.ts
declares the same limits for the viewer, which steps its width down until the PNG fits).
"""

from __future__ import annotations

import base64
import struct
import weakref

MAX_BYTES = 200_000
"""Largest snapshot accepted, in bytes (it is saved in the notebook, base64-encoded)."""
MAX_WIDTH = 800
"""Widest snapshot accepted, in pixels."""
MAX_HEIGHT = 2_000
"""Tallest snapshot accepted, in pixels (a plot is at most a few screens high)."""

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The first chunk of every PNG: its length (13), type, then width and height (big-endian).
_IHDR = struct.Struct(">I4sII")


class SnapshotRefused(ValueError):
    """What a view sent is not a snapshot this package shows."""


def checked_png(png: object) -> bytes:
    """``png`` (a snapshot message's buffer, widgets/messages.py) if it is a PNG this package
    shows; :class:`SnapshotRefused` says what is wrong."""
    if not isinstance(png, bytes):
        raise SnapshotRefused("a snapshot's buffer is not bytes")
    if len(png) > MAX_BYTES:
        raise SnapshotRefused(f"a snapshot is at most {MAX_BYTES} bytes, not {len(png)}")
    if not png.startswith(PNG_SIGNATURE) or len(png) < len(PNG_SIGNATURE) + _IHDR.size:
        raise SnapshotRefused("a snapshot is a PNG image")
    length, chunk, width, height = _IHDR.unpack_from(png, len(PNG_SIGNATURE))
    if length != 13 or chunk != b"IHDR":
        raise SnapshotRefused("a snapshot is a PNG image")
    if not 0 < width <= MAX_WIDTH:
        raise SnapshotRefused(f"a snapshot is at most {MAX_WIDTH} pixels wide, not {width}")
    if not 0 < height <= MAX_HEIGHT:
        raise SnapshotRefused(f"a snapshot is at most {MAX_HEIGHT} pixels high, not {height}")
    return png


def data_url(png: bytes) -> str:
    """``png`` as a ``data:`` URL for an ``<img>``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# Whether each login's plots take snapshots when the plot does not say (LoginWidget(snapshot=)).
# Keyed by the account, weakly: a closed and dropped login leaves nothing behind.
_defaults: weakref.WeakKeyDictionary[object, bool] = weakref.WeakKeyDictionary()


def set_default(account: object, snapshot: bool) -> None:
    """Plots of ``account`` take snapshots unless told otherwise (``snapshot``)."""
    _defaults[account] = snapshot


def default_for(account: object) -> bool:
    """Whether a plot of ``account`` takes a snapshot when its own ``snapshot`` is ``None``."""
    return _defaults.get(account, True)
