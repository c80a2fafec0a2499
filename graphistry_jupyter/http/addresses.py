"""Addresses: what a person types for a server, made into what pygraphistry needs, and where
people's browsers open a server's pages (its *browser address*).

A server is ``host[:port]`` plus a protocol. A browser address is ``scheme://host[:port][/path]``,
or a path on the notebook's own server; ``client_protocol_hostname`` is pygraphistry's name for the
browser address, on which it builds its viewer URLs. An address that cannot be used is an
argument value like any other: :class:`ValueError`, with a sentence that says how to write it (and
never repeats what stood before an ``@``).

Browser addresses this process knows: a ``LocalHub`` started in a kernel listens on the kernel
machine's loopback address, which a person's browser cannot reach when Jupyter runs elsewhere
(JupyterHub, a cloud VM). Behind the notebook server's proxy (jupyter-server-proxy) its pages are
served under the server's own ``/proxy/PORT`` path instead: the hub notes that address here while
it runs (:func:`remember`), and a login to it that was given no browser address of its own opens
plots there. The ``graphistry-jupyter demo`` command runs its hub in another process, so it tells
the kernels through the environment instead: :data:`DEMO_HUB_ENV` and :data:`DEMO_HUB_BROWSER_ENV`.
"""

from __future__ import annotations

import os
import threading
from urllib.parse import urlsplit

PROTOCOLS = ("http", "https")

DEMO_HUB_ENV = "GRAPHISTRY_JUPYTER_DEMO_HUB"
"""The demo hub's ``host:port``, set by ``graphistry-jupyter demo`` for the kernels it starts."""
DEMO_HUB_BROWSER_ENV = "GRAPHISTRY_JUPYTER_DEMO_HUB_BROWSER"
"""The demo hub's browser address, when it is not the hub's own (behind Jupyter's proxy)."""


def normalize_server(server: str, protocol: str) -> tuple[str, str]:
    """``(host[:port], protocol)`` from what a person types: a bare host, or a URL.

    pygraphistry builds ``f"{protocol}://{server}{path}"``, so anything but a host and a port in
    ``server`` would produce broken URLs, send requests somewhere else than the form shows, or
    (a user name and password) put a secret into widget state. A pasted viewer or hub URL is
    understood (its scheme becomes the protocol) when it has nothing after the host.
    """
    text = (server or "").strip()
    example = "such as hub.graphistry.com, 127.0.0.1:8080 or [::1]:8080"
    if not text:
        raise ValueError(f"Enter a server, {example}.")
    if "://" in text:
        scheme, _, text = text.partition("://")
        if scheme.lower() not in PROTOCOLS:
            raise ValueError("The server should start with http:// or https://, or neither.")
        protocol = scheme.lower()
    if protocol not in PROTOCOLS:
        raise ValueError(f"Protocol must be http or https, not '{protocol}'.")
    host, after = _split_host(text)
    if "@" in host:
        # Never repeat what stands before the @: it may be a password.
        raise ValueError(
            "The server must not contain a user name or password (before '@'): enter only the "
            "host and port, and log in with the form."
        )
    if after.strip("/"):  # a pasted URL's trailing slash is fine
        raise ValueError(
            f"The server has a path, query or fragment after the host; enter only the host "
            f"(and port), {example}."
        )
    try:
        parsed = urlsplit(f"{protocol}://{host}")
        port = parsed.port
        valid = bool(parsed.hostname) and not any(c.isspace() for c in host)
    except ValueError:
        valid, port = False, None
    if not valid or (port is None and host.endswith(":")):  # "h:" or "[::1]:", no port
        raise ValueError(
            f"Server '{host}' is not a valid address: use a host and optional port, {example}."
        )
    return host, protocol


def account_title(username: str, server: str) -> str:
    """``user@server``, as badges, pickers and saved outputs name an account; the server alone
    while nobody is logged in. The one place the two are joined: views get them apart."""
    return f"{username}@{server}" if username else server


def normalize_browser_address(address: str | None) -> str:
    """``scheme://host[:port][/path]`` where browsers open plots (pygraphistry appends
    ``/graph/graph.html?...`` to it), or ``""`` for the server's own address. A path alone
    (``/user/a/proxy/8080``) is on the notebook's own server, as a local hub behind Jupyter's
    proxy is: the plot view resolves it in the browser."""
    text = (address or "").strip().rstrip("/")
    if not text:
        return ""
    if text.startswith("/") and not text.startswith("//"):
        return _browser_path(text)
    scheme, found, rest = text.partition("://")
    if not found or scheme.lower() not in PROTOCOLS:
        raise ValueError(
            "The browser address needs its scheme, such as https://graphs.example.com "
            "(or is a path on the notebook's server, such as /proxy/8080)."
        )
    host, path = _split_host(rest)
    host, _ = normalize_server(host, scheme.lower())
    return f"{scheme.lower()}://{host}{_browser_path(path) if path else ''}"


def _browser_path(path: str) -> str:
    """A browser address's path, which pygraphistry's viewer URLs extend: no query or fragment."""
    if any(c in path for c in "?#\\") or any(c.isspace() or ord(c) < 32 for c in path):
        raise ValueError(
            "The browser address may have a path, but no query, fragment, backslash or "
            "space, such as https://jupyter.example.com/user/a/proxy/8080."
        )
    return path


def _split_host(text: str) -> tuple[str, str]:
    """``(host[:port], rest)`` where rest starts at the first ``/``, ``?`` or ``#``."""
    cut = min((i for i in (text.find(c) for c in "/?#") if i >= 0), default=len(text))
    return text[:cut], text[cut:]


# ------------------------------------------------------------ browser addresses this process knows

_lock = threading.Lock()
_addresses: dict[tuple[str, str], str] = {}


def remember(protocol: str, server: str, address: str) -> None:
    """Browsers open ``protocol://server``'s pages at ``address`` (while it runs)."""
    with _lock:
        _addresses[(protocol, server)] = address


def forget(protocol: str, server: str) -> None:
    """``protocol://server`` stopped: its address no longer applies."""
    with _lock:
        _addresses.pop((protocol, server), None)


def browser_address(protocol: str, server: str) -> str:
    """Where browsers open the pages of ``protocol://server``, if this process knows; else ``""``
    (the server's own address)."""
    with _lock:
        known = _addresses.get((protocol, server), "")
    if known:
        return known
    if protocol == "http" and server and os.environ.get(DEMO_HUB_ENV, "").strip() == server:
        return os.environ.get(DEMO_HUB_BROWSER_ENV, "").strip().rstrip("/")
    return ""
