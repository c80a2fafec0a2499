"""A real forward proxy on loopback (proxy.py) that alone knows where ``proxied.invalid`` is.

A client told to use the server ``proxied.invalid:PORT`` can reach it only through the proxy (the
name resolves nowhere else), so every request that works went through HTTP_PROXY: the proof that
logins, uploads and grant requests honour the proxy settings, whatever connection reuse hides from
a log. proxy.py's acceptors may run in other processes: they read the target from the
environment they inherit (``GJ_PROXY_TARGET``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import proxy
import pytest
from proxy.http.parser import HttpParser
from proxy.http.proxy import HttpProxyBasePlugin

TARGET = "GJ_PROXY_TARGET"
HIDDEN_HOST = "proxied.invalid"


class ReachHiddenHost(HttpProxyBasePlugin):
    """Sends requests for ``proxied.invalid`` to the real host."""

    def before_upstream_connection(self, request: HttpParser) -> HttpParser | None:
        if request.host == HIDDEN_HOST.encode():
            request.host = os.environ[TARGET].encode()
        return request

    def handle_client_request(self, request: HttpParser) -> HttpParser | None:
        return request

    def handle_upstream_chunk(self, chunk: Any) -> Any:
        return chunk

    def on_upstream_connection_close(self) -> None:
        pass


@pytest.fixture
def forward_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A running proxy set as HTTP_PROXY/HTTPS_PROXY for the test; yields the host name only it
    can reach (127.0.0.1 behind it)."""
    monkeypatch.setenv(TARGET, "127.0.0.1")
    arguments = [
        "--hostname", "127.0.0.1", "--port", "0", "--threaded", "--num-workers", "1",
        "--num-acceptors", "1", "--plugins", f"{__name__}.ReachHiddenHost",
    ]  # fmt: skip
    with proxy.Proxy(arguments) as running:
        address = f"http://127.0.0.1:{running.flags.port}"
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.setenv(name, address)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.setenv(name, "")
        yield HIDDEN_HOST
