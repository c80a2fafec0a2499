"""Thin anywidget views over accounts and plot jobs: each shows its model's state (synced
traits, never a secret) and forwards what the person does (custom messages).

May import: ``protocol/``, ``http/``, ``plots/`` and ``session/``; never the hub. Nothing but the
package's entry points imports a widget.
"""

from .compare import CompareWidget, compare
from .login import LoginWidget, accounts, logins
from .plot import PlotWidget
from .switcher import SwitcherWidget

__all__ = [
    "CompareWidget",
    "LoginWidget",
    "PlotWidget",
    "SwitcherWidget",
    "accounts",
    "compare",
    "logins",
]
