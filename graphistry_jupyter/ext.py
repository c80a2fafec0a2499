"""``%load_ext graphistry_jupyter``: plottables bound to a login display as inline plots.

pygraphistry's plottables have no rich display of their own (pygraphistry issue #727 asks for
one). With the extension loaded, a plottable built from one of this kernel's login clients (a
hypergraph from ``login.client.hypergraph(df)`` included) or bound to one with
``login.client.set_client_for(g)``, left as a cell's value, shows as a :class:`PlotWidget` on that
account: its view and its static output, which follows the plot (widgets/static_output.py). Any
other plottable keeps its ordinary repr.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from graphistry.Plottable import Plottable
from IPython.lib import pretty

from .session.registry import account_of
from .widgets.plot import PlotWidget
from .widgets.static_output import display_bundle

# IPython's plain-text formatter (what a cell's value shows without rich display); untyped.
_plain = cast(Callable[[object], str], pretty.pretty)


def _display_plottable(g: Plottable) -> None:
    # IPython's display formatter, the one way to give an output the display id its static copy
    # is updated by; a printer there handles every plottable, so the others get their repr here.
    account = account_of(g)
    if account is None:
        display_bundle({"text/plain": _plain(g)}, {})
        return
    PlotWidget(g, account=account)._ipython_display_()


def load_ipython_extension(ipython: Any) -> None:
    ipython.display_formatter.ipython_display_formatter.for_type(Plottable, _display_plottable)


def unload_ipython_extension(ipython: Any) -> None:
    ipython.display_formatter.ipython_display_formatter.type_printers.pop(Plottable, None)
