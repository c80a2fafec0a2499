"""The widgets' contract with their views is declared once per side and the two sides agree:
every synced trait has a field of the same name in ``js/src/widgets/types.ts``, an enumerated
trait allows exactly the string literals of its TypeScript union, and each trait's default is the
view's default in ``js/src/widgets/defaults.ts``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ipywidgets import DOMWidget
from traitlets import Bool, Enum, Float, HasTraits, Int, List, TraitType, Unicode

from graphistry_jupyter import CompareWidget, LoginWidget, PlotWidget, SwitcherWidget
from graphistry_jupyter.session.account import Account
from graphistry_jupyter.widgets.base import mirrored_names

WIDGETS_SRC = Path(__file__).resolve().parents[2] / "js" / "src" / "widgets"
MODELS = [
    (LoginWidget, "LoginModel", "LOGIN_DEFAULTS"),
    (PlotWidget, "PlotModel", "PLOT_DEFAULTS"),
    (SwitcherWidget, "SwitcherModel", "SWITCHER_DEFAULTS"),
    (CompareWidget, "CompareModel", "COMPARE_DEFAULTS"),
]
_INHERITED = set(DOMWidget.class_trait_names(sync=True))


def synced_traits(widget: type[HasTraits]) -> dict[str, TraitType[Any, Any]]:
    """The traits a widget adds to what every ipywidget syncs."""
    return {
        name: trait
        for name, trait in widget.class_traits(sync=True).items()
        if name not in _INHERITED and not name.startswith("_")
    }


def _source(name: str) -> str:
    # Comments name things too; only declarations count.
    text = (WIDGETS_SRC / name).read_text()
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def ts_unions() -> dict[str, list[str]]:
    """``export type X = "a" | "b";`` declarations, as lists of their literals."""
    found = {}
    for name, body in re.findall(r"export type (\w+) =([^;{]*);", _source("types.ts")):
        literals = re.findall(r'"([^"]*)"', body)
        if literals and re.fullmatch(r'[\s|]*("[^"]*"[\s|]*)+', body):
            found[name] = literals
    return found


def ts_fields(model: str) -> dict[str, str]:
    """``{field: type}`` of an ``export type Model = [Base &] { ... }`` object type."""
    source = _source("types.ts")
    match = re.search(rf"export type {model} = (?:(\w+) & )?\{{(.*?)\n\}};", source, re.S)
    assert match, f"types.ts declares no object type {model}"
    fields = ts_fields(match.group(1)) if match.group(1) else {}
    for name, kind in re.findall(r"^\s+(\w+): ([^;]+);", match.group(2), re.M):
        fields[name] = kind.strip()
    return fields


def ts_defaults(constant: str) -> dict[str, Any]:
    """The object literal ``export const CONSTANT: Model = { ... }`` of defaults.ts."""
    source = _source("defaults.ts")
    match = re.search(rf"export const {constant}: \w+ = \{{(.*?)\n\}};", source, re.S)
    assert match, f"defaults.ts declares no {constant}"
    values: dict[str, Any] = {}
    for line in match.group(1).splitlines():
        line = line.strip().rstrip(",")
        if line.startswith("..."):
            values.update(ts_defaults(line[3:]))
        elif line:
            key, _, literal = line.partition(": ")
            values[key] = json.loads(literal)
    return values


def _ts_kind_allows(trait: TraitType[Any, Any], kind: str, unions: dict[str, list[str]]) -> bool:
    if isinstance(trait, Enum):
        literals = unions.get(kind, re.findall(r'"([^"]*)"', kind))
        return sorted(literals) == sorted(trait.values or [])
    if isinstance(trait, Unicode):
        return kind == "string"
    if isinstance(trait, Int | Float):
        return kind == "number"
    if isinstance(trait, Bool):
        return kind == "boolean"
    if isinstance(trait, List):
        return kind.endswith("[]")
    return False


@pytest.mark.parametrize(("widget", "model", "defaults"), MODELS)
def test_every_synced_trait_is_a_field_of_the_views_model_type(
    widget: type[HasTraits], model: str, defaults: str
) -> None:
    assert set(synced_traits(widget)) == set(ts_fields(model))


@pytest.mark.parametrize(("widget", "model", "defaults"), MODELS)
def test_each_trait_has_the_type_the_view_expects(
    widget: type[HasTraits], model: str, defaults: str
) -> None:
    unions, fields = ts_unions(), ts_fields(model)
    wrong = {
        name: (type(trait).__name__, fields.get(name))
        for name, trait in synced_traits(widget).items()
        if not _ts_kind_allows(trait, fields.get(name, ""), unions)
    }
    assert wrong == {}


@pytest.mark.parametrize(("widget", "model", "defaults"), MODELS)
def test_the_views_defaults_are_the_traits_defaults(
    widget: type[HasTraits], model: str, defaults: str
) -> None:
    python = {name: trait.default() for name, trait in synced_traits(widget).items()}
    assert python == ts_defaults(defaults)


def test_the_login_widget_mirrors_every_account_trait_it_shows() -> None:
    account_traits = Account.class_traits()
    for name in mirrored_names(LoginWidget):
        mine, theirs = LoginWidget.class_traits()[name], account_traits[name]
        assert type(mine) is type(theirs)
        assert mine.default() == theirs.default()
        assert getattr(mine, "values", None) == getattr(theirs, "values", None)
    own = {"method", "environment_key_id", "settled"}
    assert set(synced_traits(LoginWidget)) == {*mirrored_names(LoginWidget), *own}
