"""The same graph on several accounts or servers, side by side."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Generator
from typing import Any

from graphistry.Plottable import Plottable
from ipywidgets import widget_serialization
from traitlets import Instance, Int, List

from ..plots.checks import require_plottable
from ..session.account import Account, AccountLike
from ._static import css, esm
from .base import ViewWidget
from .plot import PlotWidget


class CompareWidget(ViewWidget):
    """A grid of :class:`PlotWidget` views, one per account, that wraps on narrow screens."""

    _esm = esm("compare")
    _css = css()

    views = List(Instance(PlotWidget)).tag(sync=True, **widget_serialization)
    """One plot per account, in order."""
    columns_min_px = Int(420).tag(sync=True)
    """The narrowest column, in pixels, before the grid wraps to fewer columns."""

    def __init__(self, views: list[PlotWidget], **kwargs: Any) -> None:
        super().__init__(kwargs, views=views)
        self._on_close(self._close_views)

    def _publish_static(self) -> None:
        # Each pane's static output of its own, each following its own plot.
        for view in self.views:
            view._publish_static()

    def _static_inner(self) -> str:
        return "".join(view._static_inner() for view in self.views)

    def _close_views(self) -> None:
        # compare() made these views: nothing else will close them.
        for view in self.views:
            view.close()

    def wait(self, timeout: float = 60.0) -> list[str]:
        """Blocks until every view is ready or failed, ``timeout`` seconds at most in all;
        returns the URLs (PlotError on a failure, or when one is not ready in time)."""
        deadline = time.monotonic() + timeout
        return [view._wait_until(deadline, timeout) for view in self.views]

    def __await__(self) -> Generator[Any, None, list[str]]:
        """``urls = await side_by_side``: :meth:`wait` without blocking the event loop.
        Cancelling the awaiting task stops every upload still under way."""
        return self._gathered().__await__()

    async def _gathered(self) -> list[str]:
        # Futures, not tasks: cancelling the gather reaches each upload at once, even one whose
        # task would not have run yet.
        outcomes = [asyncio.wrap_future(view._job.outcome()) for view in self.views]
        try:
            return list(await asyncio.gather(*outcomes))
        finally:
            for view in self.views:  # from the loop's thread, as wait() does from its own
                view._static.settle()


def compare(g: Plottable, *accounts: AccountLike, height: int = 600) -> CompareWidget:
    """``g`` uploaded to every account at once and shown side by side.

    Each account uploads on its own thread; one account failing shows its error in its own cell
    and does not stop the others.
    """
    if not accounts:
        raise ValueError("compare() needs at least one account: compare(g, prod, staging).")
    g = require_plottable(g, "compare()")
    resolved = [Account.of(a) for a in accounts]  # every argument checked before any upload
    return CompareWidget([PlotWidget(g, account=a, height=height) for a in resolved])
