"""View grants: short-lived JWTs that let a viewer frame open one dataset for one user.

A notebook that is logged in to the hub exchanges its session token for a grant
(``POST /api/v2/datasets/{id}/view-grant``, docs/single-sign-in.md) and hands it to the viewer
frame, so the widget's login is enough to see a private plot.

A grant must never pass for a session token, nor a session token for a grant. Three things keep
them apart: a grant carries ``scope: "view"`` and an ``aud`` naming this hub instance (session
tokens have neither, and the session check refuses both), and it is signed with a key derived
from the hub's secret for grants alone, so neither kind even verifies under the other's key.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from .tokens import TokenError

GRANT_SCOPE = "view"
DEFAULT_GRANT_TTL_S = 300.0

# Reasons a grant is refused, shown in the viewer endpoints' 403 (not secrets).
GRANT_EXPIRED = "Grant has expired."
GRANT_INVALID = "Grant is not valid on this hub."
GRANT_OTHER_DATASET = "Grant is for another dataset."
GRANT_USED = "Grant was already used: open the plot again from its notebook."

_KEY_LABEL = b"graphistry-jupyter view grant v1"
_REQUIRED = ["exp", "aud", "scope", "dataset", "user_id", "username", "gen", "jti"]


@dataclass(frozen=True)
class GrantClaims:
    """The claims of a valid grant."""

    user_id: int
    username: str
    #: The user's token generation when granted: a password change since retires the grant.
    generation: int
    dataset: str
    exp: int
    jti: str


class GrantService:
    """Issues and checks this hub's view grants (HS256 with a grant-only key)."""

    def __init__(self, ttl: float = DEFAULT_GRANT_TTL_S, secret: bytes | None = None) -> None:
        if ttl <= 0:
            raise ValueError("grant_ttl must be positive (seconds)")
        self.ttl = float(ttl)
        hub_secret = secrets.token_bytes(32) if secret is None else secret
        self._key = hmac.new(hub_secret, _KEY_LABEL, hashlib.sha256).digest()
        #: Names this hub instance: a grant from another hub (or an earlier run) is refused even
        #: before its signature is looked at.
        self.audience = f"urn:graphistry-jupyter:hub:{secrets.token_hex(8)}"
        # Grants redeemed once (spend()): their ids until they expire, after which the expiry
        # check refuses them anyway. In memory: a new run has a new audience, refusing them all.
        self._spent: dict[str, int] = {}
        self._spent_lock = threading.Lock()

    def issue(
        self, user_id: int, username: str, dataset_id: str, *, generation: int = 0
    ) -> tuple[str, int]:
        """``(grant, expires_at)`` for ``username`` to view ``dataset_id``; epoch seconds.
        ``generation`` is the user's current token generation (storage/users.py)."""
        now = time.time()
        # Rounded up: a grant is never born expired, whatever the ttl.
        exp = math.ceil(now + self.ttl)
        claims: dict[str, Any] = {
            "scope": GRANT_SCOPE,
            "aud": self.audience,
            "user_id": user_id,
            "username": username,
            "gen": generation,
            "dataset": dataset_id,
            "iat": int(now),
            "exp": exp,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._key, algorithm="HS256"), exp

    def check(self, grant: str, dataset_id: str) -> GrantClaims:
        """The claims of a valid grant for ``dataset_id``; raises :class:`TokenError` saying why
        not (expired, not from this hub, for another dataset)."""
        try:
            claims = jwt.decode(
                grant,
                self._key,
                algorithms=["HS256"],  # never "none", never another family
                audience=self.audience,
                # Expiry is checked below, against the clock issue() reads (PyJWT would read its
                # own), so that a test that sets the time sets it for both.
                options={"require": _REQUIRED, "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise TokenError(GRANT_INVALID) from None
        username, user_id, dataset = claims["username"], claims["user_id"], claims["dataset"]
        generation, exp, jti = claims["gen"], claims["exp"], claims["jti"]
        if (
            claims["scope"] != GRANT_SCOPE
            or not isinstance(jti, str)
            or not isinstance(username, str)
            or not isinstance(user_id, int)
            or not isinstance(generation, int)
            or not isinstance(dataset, str)
            or not isinstance(exp, int)
        ):
            raise TokenError(GRANT_INVALID)
        if exp <= time.time():  # expired at exp itself, as PyJWT without leeway has it
            raise TokenError(GRANT_EXPIRED)
        if dataset != dataset_id:
            raise TokenError(GRANT_OTHER_DATASET)
        with self._spent_lock:
            if jti in self._spent:
                raise TokenError(GRANT_USED)
        return GrantClaims(
            user_id=user_id,
            username=username,
            generation=generation,
            dataset=dataset,
            exp=exp,
            jti=jti,
        )

    def spend(self, claims: GrantClaims) -> None:
        """Marks a checked grant used: from now on it is refused everywhere. Raises
        :class:`TokenError` when it was already spent (two redemptions racing: one wins)."""
        now = time.time()
        with self._spent_lock:
            if claims.jti in self._spent:
                raise TokenError(GRANT_USED)
            for jti in [jti for jti, exp in self._spent.items() if exp <= now]:
                del self._spent[jti]
            self._spent[claims.jti] = claims.exp
