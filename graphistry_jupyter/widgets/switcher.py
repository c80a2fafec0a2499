"""A plot plus an "Account" picker that moves it between logged-in accounts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
from graphistry.Plottable import Plottable
from traitlets import Dict, List, Unicode

from ..account import Account
from . import registry
from ._static import CSS, esm, require_built
from .accounts_of import bound_account
from .login import LoginWidget
from .plot_state import PlotDriver, PlotState


class SwitcherWidget(PlotState, anywidget.AnyWidget):
    """Shows ``g`` on one account, with a select labelled "Account" to move it to another.

    Moving uses ``account.client.set_client_for(g)`` and uploads once per account: moving back to
    an account that already holds this plot shows its URL again without uploading.
    ``accounts=None`` lists every login of this kernel and follows logins as they come and go.
    """

    _esm = esm("switcher")
    _css = CSS

    options = List(Dict(), help="[{id, name}] of the logged-in accounts").tag(sync=True)
    selected = Unicode("", help="id of the account showing the plot").tag(sync=True)

    def __init__(
        self,
        g: Plottable,
        accounts: Sequence[LoginWidget] | None = None,
        height: int = 600,
        *,
        deadline_s: float = 60.0,
        **kwargs: Any,
    ) -> None:
        unknown = set(kwargs) - {"layout"}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise TypeError(f"SwitcherWidget got unexpected arguments: {names}")
        require_built(self._esm)
        super().__init__(height=height, deadline_s=deadline_s, **kwargs)
        self._g = g
        self._fixed = list(accounts) if accounts is not None else None
        self._watched: list[Account] = []
        self._driver: PlotDriver | None = None
        self._listener = registry.listen(self._refresh_options) if accounts is None else None
        self._refresh_options()
        start = bound_account(g) or self._first_logged_in() or self._first_any()
        if start is None:
            raise ValueError("SwitcherWidget needs at least one login: create a LoginWidget first.")
        self._driver = PlotDriver(self, g, start)
        self.selected = _account_id(start)
        self.on_msg(self._on_view_message)

    def __repr__(self) -> str:
        return f"SwitcherWidget({self.account_title or self.account_label}, status={self.status!r})"

    @property
    def account(self) -> Account:
        """The account showing the plot now."""
        assert self._driver is not None
        return self._driver.account

    def select(self, login: LoginWidget | Account) -> None:
        """Moves the plot to ``login``'s account (uploading only if it has not got it yet)."""
        account = login if isinstance(login, Account) else login.account
        if account not in self._candidates():
            raise ValueError(f"{account.label} is not one of this switcher's accounts.")
        assert self._driver is not None
        self.selected = _account_id(account)
        self._driver.switch(account)

    def wait(self, timeout: float = 60.0) -> str:
        """Blocks until the current plot is ready and returns its URL; raises PlotError."""
        assert self._driver is not None
        return self._driver.wait(timeout)

    def _candidates(self) -> list[Account]:
        widgets = self._fixed if self._fixed is not None else registry.live()
        return [w.account for w in widgets]

    def _first_logged_in(self) -> Account | None:
        return next((a for a in self._candidates() if a.status == "logged_in"), None)

    def _first_any(self) -> Account | None:
        return next(iter(self._candidates()), None)

    def _refresh_options(self, _change: Any = None) -> None:
        candidates = self._candidates()
        for account in candidates:
            if account not in self._watched:
                account.observe(self._refresh_options, names=["status", "username", "label"])
                self._watched.append(account)
        current = self._driver.account if self._driver is not None else None
        self.options = [
            {"id": _account_id(a), "name": f"{a.label} ({a.title})"}
            for a in candidates
            if a.status == "logged_in" or a is current
        ]

    def _on_view_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "replot" and self._driver is not None:
            self._driver.start(reuse=False)
        elif content.get("type") == "select":
            wanted = content.get("id")
            for account in self._candidates():
                if _account_id(account) == wanted:
                    self.select(account)
                    return


def _account_id(account: Account) -> str:
    return f"account-{id(account):x}"
