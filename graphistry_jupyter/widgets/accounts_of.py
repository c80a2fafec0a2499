"""Finding the account a plot belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphistry.Plottable import Plottable

from ..account import Account
from . import registry

if TYPE_CHECKING:
    from .login import LoginWidget


def resolve(account: LoginWidget | Account | None, g: Plottable | None = None) -> Account:
    """The :class:`Account` for ``account``, or the login whose client made ``g``."""
    if isinstance(account, Account):
        return account
    if account is not None:
        return account.account
    bound = bound_account(g)
    if bound is not None:
        return bound
    raise ValueError(
        "Which account should plot this? Pass account=<a LoginWidget>, or build the plottable "
        "from a login's client (login.client.edges(...))."
    )


def bound_account(g: object) -> Account | None:
    """The account whose client ``g`` is bound to, if it is one of this kernel's logins."""
    client = getattr(g, "_pygraphistry", None)
    for widget in registry.live():
        if widget.client is client:
            return widget.account
    return None
