"""The pygraphistry client each account owns.

pygraphistry's ``plot()`` calls ``refresh()`` before every upload, whatever the token's age: one
extra round trip per plot. :class:`JupyterClient` skips that refresh while the session's JWT has
more than :data:`REFRESH_MARGIN_S` left, so a plot costs only the dataset create and the uploads.
Tokens that are not JWTs, or carry no ``exp``, are refreshed exactly as pygraphistry would.

A client also keeps its account's HTTP connections open between requests
(:attr:`JupyterClient.connections`), where pygraphistry opens a new one per request.

``client.hypergraph(df)['graph']`` is bound to the client it was built from: pygraphistry builds it
on the global client, so its plot would go through the global session, and a display could not
tell which login it belongs to.

``certificate_validation`` also takes a CA bundle's path, as ``requests``' ``verify`` does:
pygraphistry passes the session's value to every request as ``verify``, but its setter only
understands a boolean (a string such as ``"/etc/ca.pem"`` raises "invalid truth value").
"""

from __future__ import annotations

import time
from typing import Any

from graphistry.plotter import Plotter
from graphistry.pygraphistry import GraphistryClient, PyGraphistry

from ..protocol.settings import yes_or_no
from .jwt_claims import token_expiry
from .transport import ConnectionPool

REFRESH_MARGIN_S = 60.0
"""Refresh before a plot when the token has less than this many seconds left."""


class JupyterClient(GraphistryClient):
    """A ``GraphistryClient`` that refreshes its token only when it is about to expire, and keeps
    its connections alive for the requests our worker threads make on its behalf."""

    def __init__(self) -> None:
        super().__init__()
        self.connections = ConnectionPool()
        """Kept-alive connections to this client's server, for :func:`~.transport.request_scope`."""

    def refresh(self, token: str | None = None, fail_silent: bool = False) -> str | None:
        if token is None:
            current = self.api_token()
            exp = token_expiry(current)
            if current and exp is not None and exp - time.time() > REFRESH_MARGIN_S:
                return str(current)
        result: str | None = super().refresh(token, fail_silent)
        return result

    def certificate_validation(  # type: ignore[override]
        self, value: bool | str | None = None
    ) -> bool | str:
        """pygraphistry's setting, and a CA bundle's path besides (see the module docstring); the
        getter returns what requests receive as ``verify``."""
        if value is None:
            current: bool | str = self.session.certificate_validation
            return current
        if isinstance(value, str):
            # A yes/no word is pygraphistry's boolean in a string; anything else is a path.
            word = yes_or_no(value)
            if word is None:
                self.session.certificate_validation = value  # type: ignore[assignment]
                return value
            value = word
        return super().certificate_validation(value)

    def hypergraph(self, *args: Any, **kwargs: Any) -> Any:
        """pygraphistry's, with the graph it returns bound to this client (see the module
        docstring; pygraphistry 0.45.10 up to at least 0.61.2 bind it to the global client)."""
        result = super().hypergraph(*args, **kwargs)
        graph = result.get("graph") if isinstance(result, dict) else None
        if isinstance(graph, Plotter) and graph._pygraphistry is not self:
            result = {**result, "graph": self.set_client_for(graph)}
        return result

    def token_expires_at(self) -> float | None:
        """When the current session token expires (epoch seconds), if known."""
        return token_expiry(self.api_token())


def new_client() -> JupyterClient:
    """A fresh client with its own session, as ``graphistry.client()`` makes one.

    ``graphistry.client()`` also switches the library into client mode (so that a later global
    ``register()`` warns about shared state); we keep that behaviour by going through it once.
    """
    PyGraphistry.client()
    return JupyterClient()
