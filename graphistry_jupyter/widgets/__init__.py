"""Thin anywidget views over accounts and plot jobs."""

from .compare import CompareWidget, compare
from .login import LoginWidget, accounts
from .plot import PlotWidget
from .switcher import SwitcherWidget

__all__ = ["CompareWidget", "LoginWidget", "PlotWidget", "SwitcherWidget", "accounts", "compare"]
