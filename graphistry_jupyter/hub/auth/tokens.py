"""The hub's session tokens: HS256 JWTs signed with a per-hub secret.

The claims follow Graphistry's DRF-JWT style (``user_id``, ``username``, ``email``, ``exp``,
``orig_iat``, ``jti``), plus ``gen``, the user's token generation when it was issued: a password
change raises the generation, which retires every older token (access.py checks it). pygraphistry
treats tokens as opaque except for the SSO org fallback, which reads ``username``
(graphistry-protocol.md section 4).
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

# The wording pygraphistry and Graphistry's DRF-JWT use (not secrets).
TOKEN_EXPIRED = "Token has expired."  # noqa: S105
TOKEN_INVALID = "Error decoding signature."  # noqa: S105
# Ours: a well-signed token issued before its user's password changed.
TOKEN_REVOKED = "Token was revoked: the password changed since it was issued. Log in again."  # noqa: S105


class TokenError(Exception):
    """A token that is expired, malformed or signed by someone else. ``str()`` is the reason."""


@dataclass(frozen=True)
class TokenClaims:
    """The claims of a valid token."""

    user_id: int
    username: str
    generation: int
    exp: float
    orig_iat: float


class TokenService:
    """Issues and checks this hub's JWTs (HS256, a random secret per hub instance)."""

    def __init__(self, ttl: float, secret: bytes | None = None) -> None:
        self.ttl = float(ttl)
        self._secret = secrets.token_bytes(32) if secret is None else secret

    def issue(
        self,
        user_id: int,
        username: str,
        *,
        generation: int = 0,
        ttl: float | None = None,
        orig_iat: float | None = None,
    ) -> str:
        """A new token for a user, valid ``ttl`` seconds (the hub's ``token_ttl`` by default);
        ``generation`` is the user's current token generation (storage/users.py)."""
        now = time.time()
        claims: dict[str, Any] = {
            "user_id": user_id,
            "username": username,
            "gen": generation,
            "email": f"{username}@localhub.invalid",
            "exp": int(now + (self.ttl if ttl is None else ttl)),
            "orig_iat": int(now if orig_iat is None else orig_iat),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def check(self, token: str) -> TokenClaims:
        """The claims of a valid token; raises :class:`TokenError` with the client's wording."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                # Expiry is checked below, against the clock issue() reads (PyJWT would read its
                # own), so that a test that sets the time sets it for both.
                options={"require": ["exp", "username", "user_id", "gen"], "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise TokenError(TOKEN_INVALID) from None
        username, user_id, generation = claims["username"], claims["user_id"], claims["gen"]
        exp = claims["exp"]
        if not (
            isinstance(username, str)
            and isinstance(user_id, int)
            and isinstance(generation, int)
            and isinstance(exp, (int, float))
            and not isinstance(exp, bool)
        ):
            raise TokenError(TOKEN_INVALID)
        if exp <= time.time():  # expired at exp itself, as PyJWT without leeway has it
            raise TokenError(TOKEN_EXPIRED)
        if "scope" in claims:  # a view grant (grants.py) is never a session token
            raise TokenError(TOKEN_INVALID)
        return TokenClaims(
            user_id=user_id,
            username=username,
            generation=generation,
            exp=float(exp),
            orig_iat=float(claims.get("orig_iat", 0)),
        )

    def refresh(self, token: str, claims: TokenClaims) -> tuple[str, TokenClaims]:
        """What the token refresh (E3) hands back, given the token's checked, current ``claims``.

        The same token while more than half its life is left, a new one with a fresh ``exp``
        otherwise: pygraphistry refreshes on every plot() and switches org again whenever the
        token changes (protocol section 3.6), so rotating would cost a round trip per plot.
        """
        if claims.exp - time.time() > self.ttl / 2:
            return token, claims
        fresh = self.issue(
            claims.user_id, claims.username, generation=claims.generation, orig_iat=claims.orig_iat
        )
        return fresh, self.check(fresh)
