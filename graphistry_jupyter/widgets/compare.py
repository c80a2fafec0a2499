"""The same graph on several accounts or servers, side by side."""

from __future__ import annotations

from typing import Any

import anywidget
from graphistry.Plottable import Plottable
from ipywidgets import widget_serialization
from traitlets import Instance, Int, List

from ..account import Account
from ._static import CSS, esm, require_built
from .login import LoginWidget
from .plot import PlotWidget


class CompareWidget(anywidget.AnyWidget):
    """A grid of :class:`PlotWidget` views, one per account, that wraps on narrow screens."""

    _esm = esm("compare")
    _css = CSS

    views = List(Instance(PlotWidget), help="one plot per account, in order").tag(
        sync=True, **widget_serialization
    )
    columns_min_px = Int(420, help="narrowest column before the grid wraps").tag(sync=True)

    def __init__(self, views: list[PlotWidget], **kwargs: Any) -> None:
        require_built(self._esm)
        super().__init__(views=views, **kwargs)

    def wait(self, timeout: float = 60.0) -> list[str]:
        """Blocks until every view is ready or failed; returns the URLs (PlotError on a failure)."""
        return [view.wait(timeout) for view in self.views]


def compare(g: Plottable, *accounts: LoginWidget | Account, height: int = 600) -> CompareWidget:
    """``g`` uploaded to every account at once and shown side by side.

    Each account uploads on its own thread; one account failing shows its error in its own cell
    and does not stop the others.
    """
    if not accounts:
        raise ValueError("compare() needs at least one account: compare(g, prod, staging).")
    return CompareWidget([PlotWidget(g, account=a, height=height) for a in accounts])
