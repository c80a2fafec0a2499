"""Where people's browsers reach servers that this process runs itself.

A ``LocalHub`` started in a kernel listens on the kernel machine's loopback address, which a
person's browser cannot reach when Jupyter runs elsewhere (JupyterHub, a cloud VM). Behind the
notebook server's proxy (jupyter-server-proxy) its pages are served under the server's own
``/proxy/PORT`` path instead: the hub notes that address here while it runs, and a login to it
that was given no browser address of its own opens plots there (session_state.py).

The ``graphistry-jupyter demo`` command runs its hub in another process, so it tells the kernels
through the environment instead: ``GRAPHISTRY_JUPYTER_DEMO_HUB`` (the hub's ``host:port``) and
``GRAPHISTRY_JUPYTER_DEMO_HUB_BROWSER`` (its browser address).
"""

from __future__ import annotations

import os
import threading

DEMO_HUB_ENV = "GRAPHISTRY_JUPYTER_DEMO_HUB"
DEMO_HUB_BROWSER_ENV = "GRAPHISTRY_JUPYTER_DEMO_HUB_BROWSER"

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
