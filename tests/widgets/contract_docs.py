"""The contract between the widgets and their views as both sides declare it, and
docs/contracts.md's tables written from those declarations.

Python's side is read from the package: each widget's synced traits (type, default, and the
docstring under the declaration) and the custom messages of ``graphistry_jupyter.widgets.messages``.
The front end's side is read by running its TypeScript modules (``js/contract.mjs``): the models'
defaults, the custom messages, the login methods and the frame message types. The TypeScript model
types are compile-time only, so they are read from ``js/src/widgets/types.ts``.

docs/contracts.md keeps its prose; each table sits between ``<!-- generated: NAME -->`` and
``<!-- end generated -->`` and is rewritten by::

    .venv/bin/python -m tests.widgets.contract_docs

``tests/widgets/test_contracts.py`` fails, naming that command, when the file is not what it
would write.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ipywidgets import DOMWidget
from traitlets import Bool, Dict, Enum, Float, HasTraits, Instance, Int, List, TraitType, Unicode

from graphistry_jupyter import CompareWidget, LoginWidget, PlotWidget, SwitcherWidget
from graphistry_jupyter.widgets.messages import CONVERSATIONS, Message, describe

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "contracts.md"
TYPES_TS = ROOT / "js" / "src" / "widgets" / "types.ts"
REGENERATE = ".venv/bin/python -m tests.widgets.contract_docs"


@dataclass(frozen=True)
class WidgetContract:
    """One widget as both sides name it."""

    widget: type[DOMWidget]
    model: str  # its model type in types.ts
    defaults: str  # its defaults in defaults.ts
    conversation: str  # its key in messages.CONVERSATIONS and widget_messages.ts
    shares: type[DOMWidget] | None = None  # a widget whose traits its table leaves out


WIDGETS = (
    WidgetContract(LoginWidget, "LoginModel", "LOGIN_DEFAULTS", "login"),
    WidgetContract(PlotWidget, "PlotModel", "PLOT_DEFAULTS", "plot"),
    WidgetContract(SwitcherWidget, "SwitcherModel", "SWITCHER_DEFAULTS", "switcher", PlotWidget),
    WidgetContract(CompareWidget, "CompareModel", "COMPARE_DEFAULTS", "compare"),
)
_INHERITED = set(DOMWidget.class_trait_names(sync=True))


# --------------------------------------------------------------------------- Python's side


def synced_traits(widget: type[HasTraits]) -> dict[str, TraitType[Any, Any]]:
    """The traits a widget adds to what every ipywidget syncs."""
    return {
        name: trait
        for name, trait in widget.class_traits(sync=True).items()
        if name not in _INHERITED and not name.startswith("_")
    }


def trait_docs(widget: type) -> dict[str, str]:
    """Each trait's docstring (the string under its declaration), in declaration order, base
    classes first."""
    docs: dict[str, str] = {}
    for cls in reversed(widget.__mro__):
        if not cls.__module__.startswith("graphistry_jupyter."):
            continue
        body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
        assert isinstance(body, ast.ClassDef)
        for statement, following in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.targets[0], ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[statement.targets[0].id] = " ".join(following.value.value.split())
    return docs


def trait_type(trait: TraitType[Any, Any]) -> str:
    """A trait's type as docs/contracts.md writes it."""
    if isinstance(trait, Enum):
        return " | ".join(json.dumps(value) for value in trait.values or [])
    if isinstance(trait, List):
        item = trait._trait  # traitlets keeps the item trait here, with no public name
        inner = item.klass.__name__ if isinstance(item, Instance) else trait_type(item)
        return f"list[{inner}]"
    names = {Unicode: "str", Int: "int", Float: "float", Bool: "bool", Dict: "dict"}
    return next((text for kind, text in names.items() if isinstance(trait, kind)), "?")


# ----------------------------------------------------------------------- the front end's side


@cache
def front_end() -> dict[str, Any]:
    """What ``js/contract.mjs`` prints: the front end's declarations, as it runs them."""
    done = subprocess.run(
        ["node", str(ROOT / "js" / "contract.mjs")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, f"node js/contract.mjs failed:\n{done.stderr}"
    contract: dict[str, Any] = json.loads(done.stdout)
    return contract


def _types_source() -> str:
    # Comments name things too; only declarations count.
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", TYPES_TS.read_text(), flags=re.S)


def ts_unions() -> dict[str, list[str]]:
    """The union types of string literals: spelled out in types.ts, or derived from a table
    (which contract.mjs prints)."""
    found: dict[str, list[str]] = dict(front_end()["unions"])
    for name, body in re.findall(r"export type (\w+) =([^;{]*);", _types_source()):
        literals = re.findall(r'"([^"]*)"', body)
        if literals and re.fullmatch(r'[\s|]*("[^"]*"[\s|]*)+', body):
            found[name] = literals
    return found


def ts_fields(model: str) -> dict[str, str]:
    """``{field: type}`` of an ``export type Model = [Base &] { ... }`` object type."""
    match = re.search(rf"export type {model} = (?:(\w+) & )?\{{(.*?)\n\}};", _types_source(), re.S)
    assert match, f"types.ts declares no object type {model}"
    fields = ts_fields(match.group(1)) if match.group(1) else {}
    for name, kind in re.findall(r"^\s+(\w+): ([^;]+);", match.group(2), re.M):
        fields[name] = kind.strip()
    return fields


def ts_defaults(constant: str) -> dict[str, Any]:
    defaults: dict[str, Any] = front_end()["defaults"][constant]
    return defaults


# ------------------------------------------------------------------------------- the tables


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _trait_table(widget: type[DOMWidget], leave_out: set[str]) -> str:
    traits, docs = synced_traits(widget), trait_docs(widget)
    undocumented = sorted(set(traits) - set(docs))
    assert not undocumented, f"{widget.__name__}: no docstring under {undocumented}"
    rows = [
        (f"`{name}`", f"`{trait_type(traits[name])}`", docs[name])
        for name in docs
        if name in traits and name not in leave_out
    ]
    return _table(("trait", "type", "meaning"), rows)


def _fields(message: Message) -> str:
    fields = [
        f"`{f.name}`: {describe(f.kind)}{' (secret)' if f.secret else ''}" for f in message.fields
    ]
    fields += [f"`{name}`: binary buffer" for name in message.buffers]
    if message.method_fields:
        fields.append("and the fields of its method (login methods, below)")
    return ", ".join(fields) or "none"


def _message_table(conversation: str) -> str:
    talk = CONVERSATIONS[conversation]
    rows = [("view → kernel", f"`{m.type}`", _fields(m), m.meaning) for m in talk.view]
    rows += [("kernel → view", f"`{m.type}`", _fields(m), m.meaning) for m in talk.kernel]
    if not rows:
        return "No custom messages: the view only shows its children."
    return _table(("from", "type", "fields", "meaning"), rows)


def _login_methods_table() -> str:
    rows = []
    for method in front_end()["login_methods"]:
        fields = ", ".join(f'`{f}` ("{method["labels"][f]}")' for f in method["fields"])
        secrets = ", ".join(f"`{f}`" for f in method["secretFields"])
        offered = "yes" if method["offered"] else "no: a button of its own"
        rows.append(
            (f"`{method['name']}`", offered, fields or "none", secrets or "none", method["submit"])
        )
    header = ("method", "in the Method select", "fields (input label)", "secrets", "button")
    return _table(header, rows)


def tables() -> dict[str, str]:
    """Every generated table of docs/contracts.md, by the name its markers give it."""
    made = {"traits of every widget": _common_trait_table()}
    for contract in WIDGETS:
        name = contract.widget.__name__
        leave_out = {"settle_count"}
        if contract.shares is not None:
            leave_out |= set(synced_traits(contract.shares))
        made[f"traits of {name}"] = _trait_table(contract.widget, leave_out)
        made[f"messages of {name}"] = _message_table(contract.conversation)
    made["login methods"] = _login_methods_table()
    return made


def _common_trait_table() -> str:
    common = set.intersection(*(set(synced_traits(c.widget)) for c in WIDGETS))
    widget = WIDGETS[0].widget
    return _trait_table(widget, set(synced_traits(widget)) - common)


_BLOCK = re.compile(r"(<!-- generated: (.+?) -->\n)(.*?)(<!-- end generated -->)", re.S)


def rewrite(text: str) -> str:
    """``text`` with every generated table as the declarations make it now."""
    made = tables()
    named = [match.group(2) for match in _BLOCK.finditer(text)]
    assert sorted(named) == sorted(made), (
        f"docs/contracts.md marks the tables {sorted(named)}; the generator makes {sorted(made)}"
    )
    return _BLOCK.sub(lambda m: f"{m.group(1)}{made[m.group(2)]}\n{m.group(4)}", text)


def main() -> None:
    text = DOC.read_text()
    DOC.write_text(rewrite(text))
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
