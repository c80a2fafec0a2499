"""What every route of one hub shares, and small request/response helpers used by all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from .auth.grants import GrantService
from .auth.throttle import LoginThrottle
from .auth.tokens import TokenService
from .storage.store import Store
from .storage.tables import TableStore
from .web.csrf import FormTokens

#: Key in the ASGI ``scope["state"]`` dict where access rules note who a request authenticated
#: as (the request records read it, instruments/records.py).
USER_STATE_KEY = "user"
#: The header jupyter-server-proxy sets on every request it forwards (overwriting any the browser
#: sent): the path it serves the hub's port under, ``/user/alice/proxy/8080``. Only the hub's own
#: notebook server's path gets past server/jupyter_proxy.py.
PROXY_CONTEXT_HEADER = "x-proxycontextpath"


def is_api_path(path: str) -> bool:
    """Whether ``path`` is one a program calls and reads JSON from, rather than a page for a
    person: the Graphistry REST API (``/api-token-auth/``, ``/api-token-verify/``,
    ``/api/v2/...``) and the viewer's data endpoints (``/graph/api/...``)."""
    return path.startswith(("/api", "/graph/api"))


@dataclass
class HubContext:
    """The parts of one hub its routes use."""

    store: Store
    tables: TableStore
    tokens: TokenService
    #: View grants (docs/single-sign-in.md), signed with a key derived from the same secret.
    grants: GrantService
    #: The hidden anti-forgery field of the HTML forms, keyed from the same secret.
    forms: FormTokens
    #: Failed-login counts of the password and personal-key logins (E1, E2) and the HTML forms.
    throttle: LoginThrottle
    #: Name of the browser-session cookie. Unique per hub instance: cookies ignore ports, so
    #: two hubs on 127.0.0.1 share one cookie jar in a browser.
    cookie_name: str
    session_ttl: float
    static_dir: Path
    #: Username that approves every SSO login at once (for the unmodified client's SSO poll).
    sso_auto_approve: str | None = None


def note_user(request: Request, user: str | None) -> None:
    """Note who the request authenticated as, for ``hub.requests``."""
    request.scope.setdefault("state", {})[USER_STATE_KEY] = user


def reply(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def client_address(request: Request) -> str:
    """The address the request came from (the peer: the hub trusts no proxy headers)."""
    return request.client.host if request.client is not None else "unknown"


async def read_json(request: Request) -> dict[str, Any] | None:
    """The JSON object in the body, or None when the body is empty or not a JSON object of
    text (UTF-8, no lone surrogate).
    The body is small by then: the body limit (limits.py) caps it."""
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        value = json.loads(raw)
        # JSON may escape a lone surrogate ("\ud800"): it parses, but is no text, and would
        # fail later (hashing, SQLite) as a 500. Such a body is not a JSON object we take.
        json.dumps(value, ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError, UnicodeEncodeError, RecursionError):  # "[[[[..."
        return None
    return value if isinstance(value, dict) else None


def proxied_from(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The path of the jupyter-server-proxy a request came through, or None for a direct one."""
    wanted_name = PROXY_CONTEXT_HEADER.encode()
    for name, value in headers:
        if name.lower() == wanted_name:
            return value.decode("latin-1").rstrip("/")
    return None
