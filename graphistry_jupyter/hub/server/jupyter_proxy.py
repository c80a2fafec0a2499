"""A local hub's pages through the notebook server's proxy (jupyter-server-proxy).

A hub started in a kernel listens on the kernel machine's 127.0.0.1. When the person's browser is
on another machine (JupyterHub, a cloud VM, a tunnel to Jupyter's port only) it cannot open that
address, so plot frames would stay blank. jupyter-server-proxy serves ``<base_url>proxy/PORT/...``
of the notebook server from ``localhost:PORT``, with the browser's own Jupyter login, so the hub's
pages (all of whose URLs are relative, web/pages.py) work there unchanged. The kernel keeps calling
the hub's API directly; only browsers go through the proxy.

The address is a path on the notebook's own server (``/user/alice/proxy/8080``): the kernel does
not know the host name browsers use for Jupyter (a tunnel, a load balancer), and needs not to,
since the plot view resolves the path against its own page.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ...protocol.settings import yes_or_no
from ..context import proxied_from

#: Turns the proxy on (``1``) or off (``0``) for hubs that do not say (``behind_jupyter_proxy``).
BEHIND_PROXY_ENV = "GRAPHISTRY_JUPYTER_HUB_BEHIND_PROXY"
#: Set by JupyterHub in single-user servers, and so in their kernels: ``/user/<name>/``.
JUPYTERHUB_PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"


def proxy_installed() -> bool:
    """Whether jupyter-server-proxy is importable here (the notebook server usually shares the
    kernel's environment)."""
    return importlib.util.find_spec("jupyter_server_proxy") is not None


def wanted(option: bool | None) -> bool:
    """Whether a hub goes behind the proxy: as ``option`` says, else as the environment says
    (``GRAPHISTRY_JUPYTER_HUB_BEHIND_PROXY``), else when the kernel runs under JupyterHub, where
    a browser never reaches the kernel's loopback, and the proxy is installed."""
    if option is not None:
        return bool(option)
    setting = yes_or_no(os.environ.get(BEHIND_PROXY_ENV))
    if setting is not None:
        return setting
    return bool(os.environ.get(JUPYTERHUB_PREFIX_ENV, "").strip()) and proxy_installed()


def jupyter_base_url() -> str:
    """The base URL path of the notebook server this kernel runs under, as browsers use it.

    JupyterHub's ``JUPYTERHUB_SERVICE_PREFIX``; else the ``base_url`` that the Jupyter server
    which started this kernel wrote into its runtime file (``jpserver-<pid>.json``); else ``/``.
    """
    prefix = os.environ.get(JUPYTERHUB_PREFIX_ENV, "").strip()
    if prefix:
        return _with_slashes(prefix)
    try:
        from jupyter_core.paths import jupyter_runtime_dir
    except ImportError:  # not in a Jupyter kernel's environment
        return "/"
    # jupyter_client names the server in JPY_PARENT_PID (POSIX); it is the kernel's parent.
    named = os.environ.get("JPY_PARENT_PID", "").strip()
    server_pid = named if named.isdigit() else str(os.getppid())
    info_file = Path(jupyter_runtime_dir()) / f"jpserver-{server_pid}.json"
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "/"
    base = info.get("base_url") if isinstance(info, dict) else None
    return _with_slashes(base) if isinstance(base, str) and base.startswith("/") else "/"


def address(port: int, base_url: str | None = None) -> str:
    """The hub's browser address through the proxy: ``<base_url>proxy/<port>``.

    ``base_url`` is the notebook server's address as browsers use it: a path (``/user/alice/``)
    or a whole URL (``https://jupyter.example.com/user/alice/``); by default
    :func:`jupyter_base_url`.
    """
    base = jupyter_base_url() if base_url is None else base_url.strip()
    if "://" not in base and not base.startswith("/"):
        raise ValueError(
            "base_url is the notebook server's address: a path such as /user/alice/, or a URL "
            f"such as https://jupyter.example.com/user/alice/, not {base_url!r}"
        )
    if any(c in base for c in "?#") or any(c.isspace() for c in base):
        raise ValueError(f"base_url must not have a query, fragment or space: {base_url!r}")
    return f"{base.rstrip('/')}/proxy/{int(port)}"


def _with_slashes(path: str) -> str:
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


class OwnProxyOnly:
    """A hub in a kernel answers, through Jupyter's proxy, only its own notebook server's.

    Kernels of different people can share one machine (JupyterHub with a local spawner), and each
    person's notebook server proxies to *any* port of its loopback: bob's ``/user/bob/proxy/PORT/``
    reaches alice's hub as well as alice's ``/user/alice/proxy/PORT/`` does. JupyterHub lets only
    alice use ``/user/alice/``, and jupyter-server-proxy names the path a request came through in
    a header (``PROXY_CONTEXT_HEADER``, hub/context.py), so a request that came through any other
    path gets a bare 404: bob sees no index, sign-in form or viewer to try passwords on. A hub not
    behind the proxy answers no proxied request. The kernel's own calls come directly, without
    the header; proxying by absolute path sends the whole path on, which no route of the hub has.
    """

    def __init__(self, app: ASGIApp, own_path: str | None) -> None:
        self.app = app
        self.own_path = own_path.rstrip("/") if own_path is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            came_through = proxied_from(scope["headers"])
            if came_through is not None and came_through != self.own_path:
                await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
                return
        await self.app(scope, receive, send)
