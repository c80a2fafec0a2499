"""One plottable, rendered inline as an iframe of its viewer URL on one account."""

from __future__ import annotations

import html
from typing import Any

import anywidget
from graphistry.Plottable import Plottable

from ..account import Account
from ._static import CSS, esm, require_built
from .accounts_of import resolve
from .login import LoginWidget
from .plot_state import PlotDriver, PlotState


class PlotWidget(PlotState, anywidget.AnyWidget):
    """An inline plot: progress while uploading, then the Graphistry viewer in an iframe.

    >>> view = PlotWidget(g, account=prod)      # or prod.plot(g)
    >>> view.wait(30)                            # the viewer URL, or PlotError
    """

    _esm = esm("plot")
    _css = CSS

    def __init__(
        self,
        g: Plottable,
        account: LoginWidget | Account | None = None,
        height: int = 600,
        *,
        deadline_s: float = 60.0,
        **kwargs: Any,
    ) -> None:
        unknown = set(kwargs) - {"layout"}
        if unknown:
            raise TypeError(f"PlotWidget got unexpected arguments: {', '.join(sorted(unknown))}")
        require_built(self._esm)
        super().__init__(height=height, deadline_s=deadline_s, **kwargs)
        self._driver = PlotDriver(self, g, resolve(account, g))
        self.on_msg(self._on_view_message)

    def __repr__(self) -> str:
        return f"PlotWidget({self.account_title or self.account_label}, status={self.status!r})"

    @property
    def account(self) -> Account:
        """The account this plot is on."""
        return self._driver.account

    def wait(self, timeout: float = 60.0) -> str:
        """Blocks until the plot is ready and returns its URL; raises PlotError if it failed."""
        return self._driver.wait(timeout)

    def replot(self) -> None:
        """Uploads again (after the data changed, or a failure)."""
        self._driver.start(reuse=False)

    def _on_view_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "replot":
            self.replot()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = dict(data or {})
        data["text/html"] = static_html(self)
        return data, metadata


def static_html(state: PlotState) -> str:
    """What renderers without widgets (nbconvert, a code host's preview) show: link and iframe."""
    who = html.escape(f"{state.account_label} ({state.account_title})")
    if state.status == "ready" and state.url:
        url = html.escape(state.url, quote=True)
        return (
            f'<div class="graphistry-plot"><p>Graphistry plot on {who}: '
            f'<a href="{url}" target="_blank" rel="noopener">open in a new tab</a></p>'
            f'<iframe src="{url}" title="Graphistry plot on {who}" '
            f'style="width:100%;height:{int(state.height)}px;border:1px solid #ddd" '
            f"allowfullscreen></iframe></div>"
        )
    return (
        f"<p>Graphistry plot on {who}: {html.escape(state.status)}. "
        "Run the notebook in Jupyter to see it.</p>"
    )
