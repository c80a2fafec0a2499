"""A plot plus an "Account" picker that moves it between logged-in accounts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphistry.Plottable import Plottable
from traitlets import Dict, List, Unicode

from ..plots.checks import require_plottable
from ..session import registry
from ..session.account import Account, AccountLike
from ._static import css, esm
from .plot import PlotView

_ACCOUNT_TRAITS = ["status", "username", "label"]


class SwitcherWidget(PlotView):
    """Shows ``g`` on one account, with a select labelled "Account" to move it to another.

    Moving uses ``account.client.set_client_for(g)`` and uploads once per account: moving back to
    an account that already holds this plot shows its URL again without uploading.
    ``accounts=None`` lists every login of this kernel and follows logins as they come and go.
    """

    _esm = esm("switcher")
    _conversation = "switcher"
    _css = css()

    options = List(Dict()).tag(sync=True)
    """``[{id, name}]`` of the accounts the plot can move to (the logged-in ones)."""
    selected = Unicode("").tag(sync=True)
    """``id`` of the account showing the plot."""

    def __init__(
        self,
        g: Plottable,
        accounts: Sequence[AccountLike] | None = None,
        height: int = 600,
        *,
        deadline_s: float = 60.0,
        snapshot: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """``snapshot``: whether the saved notebook shows a picture of the drawn graph, as on
        :class:`PlotWidget`; ``None`` follows the first account's login."""
        g = require_plottable(g, "SwitcherWidget")
        fixed = [Account.of(a) for a in accounts] if accounts is not None else None
        if fixed is not None and not fixed:
            raise ValueError("SwitcherWidget needs at least one account: accounts=[prod, ...].")
        candidates = fixed if fixed is not None else registry.live()
        bound = registry.account_of(g)
        start = (
            (bound if bound in candidates else None)
            or next((a for a in candidates if a.status == "logged_in"), None)
            or next(iter(candidates), None)
        )
        if start is None:
            raise ValueError("SwitcherWidget needs at least one login: create a LoginWidget first.")
        self._fixed = fixed
        self._watched: list[Account] = []
        super().__init__(
            g, start, height=height, deadline_s=deadline_s, snapshot=snapshot, extra=kwargs
        )
        if fixed is None:
            listener = registry.listen(self._refresh_options)
            self._on_close(listener.stop)
        self._refresh_options()
        self.selected = _account_id(start)

    def select(self, login: AccountLike) -> None:
        """Moves the plot to ``login``'s account (uploading only if it has not got it yet)."""
        account = Account.of(login)
        if account not in self._candidates():
            raise ValueError(f"{account.label} is not one of this switcher's accounts.")
        self.selected = _account_id(account)
        self._job.switch(account)

    def _candidates(self) -> list[Account]:
        return self._fixed if self._fixed is not None else registry.live()

    def _refresh_options(self, _change: Any = None) -> None:
        candidates = self._candidates()
        for account in candidates:
            if account not in self._watched:
                self._watch(account, self._refresh_options, _ACCOUNT_TRAITS)
                self._watched.append(account)
        current = self._job.account
        self.options = [
            {"id": _account_id(a), "name": f"{a.label} ({a.title})"}
            for a in candidates
            if a.status == "logged_in" or a is current
        ]

    def _on_select_message(self, content: dict[str, Any]) -> None:
        wanted = content.get("id")
        for account in self._candidates():
            if _account_id(account) == wanted:
                self.select(account)
                return


def _account_id(account: Account) -> str:
    return f"account-{id(account):x}"
