"""Cross-site request forgery protection for the hub's HTML forms (login and SSO sign-in).

Each form carries a hidden ``csrf`` field: a random nonce, the time it was issued and an HMAC of
both and of the form it belongs to (``login``, or ``sso:<state>``), keyed with a key derived from
the hub's secret. A POST is accepted only with a valid, unexpired token for its own form. No cookie
is involved, so the forms keep working inside a notebook's iframe on another site, where
third-party cookies are blocked or partitioned.

Where the browser says where a request comes from (``Sec-Fetch-Site``, sent on secure and local
origins), a form POST must also come from the hub's own pages: a page elsewhere can fetch a token
for itself, but it cannot make another person's browser submit it (login CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from starlette.requests import Request

#: How long a rendered form may wait before it is submitted (a framed login page may sit for hours).
FORM_TOKEN_TTL_S = 12 * 3600.0
FIELD = "csrf"
REFUSED = (
    "This form expired or did not come from this hub, so nothing was done. "
    "Enter your details again on this page."
)

_KEY_LABEL = b"graphistry-jupyter form token v1"
# Navigations a browser reports as started by the hub's own page ("none": typed by the person).
_OWN_SITE = {"same-origin", "none"}


class FormTokens:
    """Issues and checks one hub's form tokens."""

    def __init__(
        self,
        secret: bytes,
        ttl: float = FORM_TOKEN_TTL_S,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = hmac.new(secret, _KEY_LABEL, hashlib.sha256).digest()
        self.ttl = ttl
        self._clock = clock

    def _mac(self, form: str, nonce: str, issued: str) -> str:
        message = f"{form}\n{nonce}\n{issued}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def issue(self, form: str) -> str:
        """A token for one rendering of ``form``."""
        nonce, issued = secrets.token_urlsafe(16), str(int(self._clock()))
        return f"{nonce}.{issued}.{self._mac(form, nonce, issued)}"

    def check(self, token: object, form: str) -> bool:
        """Whether ``token`` was issued by this hub for ``form`` and has not expired."""
        if not isinstance(token, str) or token.count(".") != 2:
            return False
        nonce, issued, mac = token.split(".")
        if not issued.isdigit() or not hmac.compare_digest(mac, self._mac(form, nonce, issued)):
            return False
        age = self._clock() - int(issued)
        return -60 <= age <= self.ttl  # a minute of clock step backwards is tolerated


def from_elsewhere(request: Request) -> bool:
    """Whether the browser says the request was started by a page of another origin."""
    site = request.headers.get("sec-fetch-site")
    return site is not None and site.lower() not in _OWN_SITE
