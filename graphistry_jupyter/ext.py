"""``%load_ext graphistry_jupyter``: plottables bound to a login display as inline plots.

pygraphistry's plottables have no rich display of their own (pygraphistry issue #727 asks for
one). With the extension loaded, a plottable built from one of this kernel's login clients (a
hypergraph from ``login.client.hypergraph(df)`` included) or bound to one with
``login.client.set_client_for(g)``, left as a cell's value, shows as a :class:`PlotWidget` on that
account. Any other plottable keeps its ordinary repr.
"""

from __future__ import annotations

from typing import Any

from graphistry.Plottable import Plottable

from .session.registry import account_of
from .widgets.plot import PlotWidget


def _plottable_bundle(g: Plottable) -> Any:
    # The mime-bundle formatter, unlike the ipython-display one, falls back to the other
    # formatters (the plain repr) when a printer returns None.
    account = account_of(g)
    if account is None:
        return None
    return PlotWidget(g, account=account)._repr_mimebundle_()


def load_ipython_extension(ipython: Any) -> None:
    ipython.display_formatter.mimebundle_formatter.for_type(Plottable, _plottable_bundle)


def unload_ipython_extension(ipython: Any) -> None:
    ipython.display_formatter.mimebundle_formatter.type_printers.pop(Plottable, None)
