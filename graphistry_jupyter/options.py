"""What a person types for a server and a privacy mode, made into what pygraphistry needs."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from .errors import LoginError

PROTOCOLS = ("http", "https")
PRIVACY_MODES = ("private", "organization", "public")
PRIVACY_CHOICES = ("", *PRIVACY_MODES)
"""A privacy setting: ``""`` leaves it to the server (private on Graphistry servers)."""
PrivacyMode = Literal["private", "organization", "public"]


def normalize_server(server: str, protocol: str) -> tuple[str, str]:
    """``(host[:port], protocol)`` from what a person types: a bare host, or a URL.

    pygraphistry builds ``f"{protocol}://{server}{path}"``, so a scheme or a path in ``server``
    would produce broken URLs; a pasted URL is understood rather than rejected.
    """
    text = (server or "").strip()
    if not text:
        raise LoginError("Enter a server, such as hub.graphistry.com or 127.0.0.1:8080.")
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https"):
            raise LoginError(f"Server '{text}' should start with http:// or https://, or neither.")
        protocol, text = parts.scheme, parts.netloc
        if parts.path.strip("/"):
            raise LoginError(
                f"Server '{server.strip()}' has a path; enter only the host (and port), "
                f"such as {parts.netloc}."
            )
    text = text.rstrip("/")
    if protocol not in PROTOCOLS:
        raise LoginError(f"Protocol must be http or https, not '{protocol}'.")
    try:
        parsed = urlsplit(f"{protocol}://{text}")
        port = parsed.port
    except ValueError:
        port = -1
    if not parsed.hostname or port == -1 or "/" in text or any(c.isspace() for c in text):
        raise LoginError(
            f"Server '{text}' is not a valid address: use a host name and optional port, "
            "such as hub.graphistry.com or 127.0.0.1:8080."
        )
    return text, protocol


def normalize_privacy(mode: str | None) -> str:
    """``""`` (server default) or one of :data:`PRIVACY_MODES`; ``"org"`` means organization."""
    value = (mode or "").strip().lower()
    if value == "org":
        value = "organization"
    if value and value not in PRIVACY_MODES:
        choices = ", ".join(PRIVACY_MODES)
        raise ValueError(f"privacy must be one of {choices} (or None), not {mode!r}")
    return value
