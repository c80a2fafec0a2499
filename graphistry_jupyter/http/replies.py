"""What a Graphistry server's error reply says, for the sentences of failed logins and plots."""

from __future__ import annotations

import json


def server_detail(text: str) -> str:
    """The human part of a Graphistry error body such as ``{"non_field_errors": ["..."]}``,
    found in ``text`` (pygraphistry puts the body after its own words); the text itself when it
    holds no such body."""
    start = text.find("{")
    if start < 0:
        return text.strip()
    try:
        body = json.loads(text[start:])
    except ValueError:
        return text.strip()
    if isinstance(body, dict):
        for key in ("non_field_errors", "detail", "message", "errors"):
            value = body.get(key)
            if isinstance(value, list) and value:
                return str(value[0])
            if isinstance(value, str) and value:
                return value
    return text.strip()
