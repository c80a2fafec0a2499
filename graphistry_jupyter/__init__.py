"""Notebook UI for Graphistry's multi-tenant clients.

import graphistry_jupyter as gj
prod = gj.LoginWidget(server="hub.graphistry.com", label="prod")
prod.plot(prod.client.edges(df, "src", "dst"))
"""

from typing import TYPE_CHECKING, Any

from .http.awaiting import Pending
from .http.kernel_thread import freeze_what_imports_made
from .plots.errors import PlotError
from .session.account import Account
from .session.errors import LoginError
from .widgets import (
    CompareWidget,
    LoginWidget,
    PlotWidget,
    SwitcherWidget,
    accounts,
    compare,
    logins,
)

__all__ = [
    "Account",
    "CompareWidget",
    "LocalHub",
    "LoginError",
    "LoginWidget",
    "Pending",
    "PlotError",
    "PlotWidget",
    "SwitcherWidget",
    "accounts",
    "compare",
    "logins",
]
__version__ = "0.1.0"
freeze_what_imports_made()

if TYPE_CHECKING:
    from .hub import LocalHub


def __getattr__(name: str) -> Any:
    # The hub needs the optional [hub] extra (starlette, uvicorn); import it only when asked for.
    if name == "LocalHub":
        try:
            from .hub import LocalHub
        except ImportError as exc:
            raise ImportError(
                "LocalHub needs the hub extra: pip install 'graphistry-jupyter[hub]'"
            ) from exc
        freeze_what_imports_made()  # starlette and uvicorn, as for the package's own imports
        return LocalHub
    raise AttributeError(f"module 'graphistry_jupyter' has no attribute {name!r}")


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext graphistry_jupyter``: plottables of a login display as inline plots."""
    from .ext import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: object) -> None:
    from .ext import unload_ipython_extension as unload

    unload(ipython)
