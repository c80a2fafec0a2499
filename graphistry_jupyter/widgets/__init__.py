"""Thin anywidget views over accounts."""

from .compare import CompareWidget, compare
from .login import LoginWidget
from .plot import PlotWidget
from .registry import live as accounts
from .switcher import SwitcherWidget

__all__ = ["CompareWidget", "LoginWidget", "PlotWidget", "SwitcherWidget", "accounts", "compare"]
