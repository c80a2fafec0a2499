"""Graphistry's sharing modes, as pygraphistry's ``privacy(mode=...)`` and the share endpoint
(``POST /api/v2/share/link/``) name them.

``"org"`` is accepted for ``"organization"`` on both ends: pygraphistry sends the mode unchecked,
and Graphistry's examples use the short form.
"""

from __future__ import annotations

from typing import Literal

PRIVACY_MODES = ("private", "organization", "public")
PRIVACY_CHOICES = ("", *PRIVACY_MODES)
"""A privacy setting: ``""`` leaves it to the server (private on Graphistry servers)."""
PrivacyMode = Literal["private", "organization", "public"]
_ALIASES = {"org": "organization"}


def normalize_privacy(mode: str | None) -> str:
    """``""`` (server default) or one of :data:`PRIVACY_MODES`; ``"org"`` means organization.

    Raises :class:`ValueError` naming the modes for anything else.
    """
    value = (mode or "").strip().lower()
    value = _ALIASES.get(value, value)
    if value and value not in PRIVACY_MODES:
        choices = ", ".join(PRIVACY_MODES)
        raise ValueError(f"privacy must be one of {choices} (or None), not {mode!r}")
    return value
