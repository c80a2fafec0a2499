"""Reading a session token's claims: the one place the package looks inside a JWT.

The signature is the server's business: we read ``exp`` only to schedule refreshes and show when a
session ends, and ``username`` only to name who a token-based or SSO login belongs to. Anything
that is not a JWT reads as no claims, so opaque tokens keep working.
"""

from __future__ import annotations

from typing import Any

import jwt


def claims_of(token: str | None) -> dict[str, Any]:
    """The claims of a JWT, unverified; ``{}`` for anything that is not one."""
    if not token:
        return {}
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return {}
    return claims if isinstance(claims, dict) else {}


def token_expiry(token: str | None) -> float | None:
    """The ``exp`` claim (epoch seconds), or ``None`` when the token has no numeric one."""
    exp = claims_of(token).get("exp")
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


def token_username(token: str | None) -> str:
    """The ``username`` claim, or ``""``."""
    name = claims_of(token).get("username")
    return name if isinstance(name, str) else ""
