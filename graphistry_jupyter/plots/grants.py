"""Single sign-in: asking the server for a short-lived grant that opens one dataset in a viewer.

A plot's frame is a page of the Graphistry server; without help it asks the person to sign in a
second time. With this documented extension (docs/single-sign-in.md) the kernel exchanges the
account's session token for a grant scoped to one dataset, and the plot view hands it to the frame
by ``postMessage`` only. pygraphistry has no call for it, so this is the one request the package
makes itself, with the account's token, certificate setting, deadline and kept-alive connections
(a grant per opened plot must not cost a new TCP and TLS handshake each).

A server without the extension answers 404 or 405 without the extension's JSON reply; that is
remembered by the account's :class:`GrantSource` (per server), and the frame keeps the server's
own sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import requests

from ..http.transport import ConnectionPool, request_scope

UNSUPPORTED = "This server does not support single sign-in: sign in inside the frame."


class GrantUnavailable(Exception):
    """No grant can be had; ``str()`` says why in one sentence a person can read."""

    def __init__(self, reason: str, *, unsupported: bool = False) -> None:
        super().__init__(reason)
        self.unsupported = unsupported


@dataclass(frozen=True)
class ViewGrant:
    """A grant for one dataset; the token is excluded from the repr."""

    dataset_id: str
    token: str = field(repr=False)
    expires_at: float


def dataset_of(viewer_url: str) -> str:
    """The ``dataset`` parameter of a viewer URL, or ``""``."""
    values = parse_qs(urlsplit(viewer_url).query).get("dataset", [])
    return values[0] if len(values) == 1 else ""


def request_grant(
    *,
    api_base: str,
    session_token: str,
    dataset_id: str,
    verify: bool | str,
    deadline_s: float,
    connections: ConnectionPool | None = None,
) -> ViewGrant:
    """``POST {api_base}/api/v2/datasets/{id}/view-grant`` with the session token, through
    ``connections`` when given (the account's pool; else a connection of its own).

    Raises :class:`GrantUnavailable`, with ``unsupported`` when the server lacks the extension.
    """
    url = f"{api_base}/api/v2/datasets/{quote(dataset_id, safe='')}/view-grant"
    try:
        with request_scope(deadline_s, connections=connections):
            reply = requests.post(
                url,
                json={},
                headers={"Authorization": f"Bearer {session_token}"},
                verify=verify,
                timeout=deadline_s,
            )
    except (requests.RequestException, TimeoutError) as exc:
        reason = f"The server did not give a viewing grant ({type(exc).__name__})."
        raise GrantUnavailable(reason) from None
    body = _json_object(reply)
    if reply.status_code in (404, 405) and "success" not in body:
        raise GrantUnavailable(UNSUPPORTED, unsupported=True)
    data = body.get("data")
    grant = data.get("grant") if isinstance(data, dict) else None
    if reply.status_code != 200 or not body.get("success") or not isinstance(grant, str):
        if reply.status_code == 401:
            raise GrantUnavailable("The session has ended: log in again.")
        message = body.get("message")
        detail = message if isinstance(message, str) and message else f"HTTP {reply.status_code}"
        raise GrantUnavailable(f"The server refused a viewing grant: {detail}")
    expires = data.get("expires_at") if isinstance(data, dict) else None
    return ViewGrant(dataset_id, grant, float(expires) if isinstance(expires, int | float) else 0.0)


class GrantSource:
    """One account's grants: asks its server (through ``connections``, the account's pool), and
    remembers a server without the extension."""

    def __init__(self, connections: ConnectionPool | None = None) -> None:
        self._unsupported: set[str] = set()
        self._connections = connections

    def request(self, *, api_base: str, **arguments: Any) -> ViewGrant:
        """:func:`request_grant` (same arguments), unless ``api_base`` is known to lack it."""
        if api_base in self._unsupported:
            raise GrantUnavailable(UNSUPPORTED, unsupported=True)
        arguments.setdefault("connections", self._connections)
        try:
            return request_grant(api_base=api_base, **arguments)
        except GrantUnavailable as exc:
            if exc.unsupported:
                self._unsupported.add(api_base)
            raise


def _json_object(reply: requests.Response) -> dict[str, object]:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
