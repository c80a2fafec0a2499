"""``%load_ext graphistry_jupyter``: plottables bound to a login display as inline plots.

pygraphistry's plottables have no rich display of their own (pygraphistry issue #727 asks for
one). With the extension loaded, a plottable built from one of this kernel's login clients, left as
a cell's value, shows as a :class:`PlotWidget` on that account. Any other plottable keeps its
ordinary repr.
"""

from __future__ import annotations

from typing import Any

from graphistry.Plottable import Plottable
from IPython.display import display

from .widgets.accounts_of import bound_account
from .widgets.plot import PlotWidget


def _display_plottable(g: Plottable) -> bool | None:
    account = bound_account(g)
    if account is None:
        return None  # not ours: IPython falls back to the plain repr
    display(PlotWidget(g, account=account))  # type: ignore[no-untyped-call]
    return True


def load_ipython_extension(ipython: Any) -> None:
    formatter = ipython.display_formatter.ipython_display_formatter
    formatter.for_type(Plottable, _display_plottable)


def unload_ipython_extension(ipython: Any) -> None:
    formatter = ipython.display_formatter.ipython_display_formatter
    formatter.type_printers.pop(Plottable, None)
