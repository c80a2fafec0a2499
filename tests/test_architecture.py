"""The package's layering: each room imports only the rooms below it (ARCH's table, checked for
every module), no module imports itself back through others, and a missing front-end build says
how to build it.

The rooms, lowest first: ``protocol/`` (what both ends of the API share), ``http/``, ``plots/``,
``session/``, then ``widgets/`` over all of them; the hub beside them. A module is as long as its
one idea needs: what keeps the package findable is where a module may reach, not its length.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graphistry_jupyter"
ROOT = "graphistry_jupyter"

ENTRY_POINTS = {ROOT, f"{ROOT}.cli", f"{ROOT}.demo", f"{ROOT}.ext"}
"""The public entry points at the package's root: they may import anything."""

MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "protocol": (),
    "http": ("protocol",),
    "plots": ("protocol", "http"),
    "session": ("protocol", "http", "plots"),
    "widgets": ("protocol", "http", "plots", "session"),
    "hub": ("protocol", "http.addresses"),  # addresses: to say where browsers reach a hub
    # The hub's rooms, lowest first; its root modules (app, context, refusals, limits) are what
    # every room's routes share, and may import any room.
    "hub.storage": ("protocol",),
    "hub.auth": ("protocol", "hub.storage", "hub.context", "hub.refusals"),
    "hub.instruments": ("hub.context",),
    "hub.api": ("protocol", "hub.storage", "hub.auth", "hub.context", "hub.refusals", "hub.limits"),
    "hub.web": ("protocol", "hub.storage", "hub.auth", "hub.context", "hub.refusals", "hub.limits"),
    "hub.server": ("protocol", "http.addresses", "hub"),
}
"""What each room may import at run time besides itself (``if TYPE_CHECKING:`` imports do not
count: they name types, and run nothing)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(
        node.test
    )


def imports_in(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The modules ``source`` (the code of ``module``) imports at run time, wherever the import
    stands (a lazy import inside a function is still a dependency); ``if TYPE_CHECKING:``
    blocks do not count."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the package, and the modules of the package it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: imports_in(path.read_text(), name, is_package=path.name == "__init__.py")
        & set(modules) - {name}
        for name, path in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            # A package's __init__ re-exporting its submodules is not a cycle of theirs.
            if node.startswith(f"{nxt}.") and nxt in graph:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := walk(start)):
            return cycle
    return None


def broken_rules(graph: dict[str, set[str]]) -> list[str]:
    """Every import that the table forbids, and every module outside the entry points and the
    rooms, each as a sentence naming the module."""
    broken: list[str] = []
    for module, imported in sorted(graph.items()):
        if module in ENTRY_POINTS:
            continue
        parts = module.split(".")
        room = parts[1]
        if len(parts) > 3 and f"{room}.{parts[2]}" in MAY_IMPORT:  # a module in a hub room
            room = f"{room}.{parts[2]}"
        if room not in MAY_IMPORT:
            broken.append(f"{module} is neither an entry point nor in a room")
            continue
        allowed = [f"{ROOT}.{name}" for name in (room, *MAY_IMPORT[room])]
        for target in sorted(imported):
            # A package on the way to an allowed module is allowed too (importing
            # ``..http.addresses`` runs ``http/__init__``), but never the package's root.
            reachable = target != ROOT and any(
                target == name or target.startswith(f"{name}.") or name.startswith(f"{target}.")
                for name in allowed
            )
            if not reachable:
                broken.append(f"{module} imports {target}")
    return broken


def test_every_module_imports_only_what_its_room_may() -> None:
    assert broken_rules(import_graph()) == []


def test_the_rules_catch_an_import_against_the_table() -> None:
    graph = {
        f"{ROOT}.http.client": {f"{ROOT}.session.account", f"{ROOT}.protocol.settings"},
        f"{ROOT}.plots.job": {f"{ROOT}.session.account"},
        f"{ROOT}.session.account": {f"{ROOT}.plots.upload", f"{ROOT}.widgets.login"},
        f"{ROOT}.widgets.login": {f"{ROOT}.session.account", f"{ROOT}.hub"},
        f"{ROOT}.hub.server.local_hub": {f"{ROOT}.http.addresses", f"{ROOT}.http.client"},
        f"{ROOT}.hub.storage.users": {f"{ROOT}.hub.auth.access", f"{ROOT}.hub.storage.db"},
        f"{ROOT}.hub.api.login": {f"{ROOT}.hub.auth.access", f"{ROOT}.hub.web.pages"},
        f"{ROOT}.protocol.privacy": {ROOT},
        f"{ROOT}.helpers": set(),
        f"{ROOT}.cli": {f"{ROOT}.hub", f"{ROOT}.widgets.login"},
    }
    assert broken_rules(graph) == [
        f"{ROOT}.helpers is neither an entry point nor in a room",
        f"{ROOT}.http.client imports {ROOT}.session.account",
        f"{ROOT}.hub.api.login imports {ROOT}.hub.web.pages",
        f"{ROOT}.hub.server.local_hub imports {ROOT}.http.client",
        f"{ROOT}.hub.storage.users imports {ROOT}.hub.auth.access",
        f"{ROOT}.plots.job imports {ROOT}.session.account",
        f"{ROOT}.protocol.privacy imports {ROOT}",
        f"{ROOT}.session.account imports {ROOT}.widgets.login",
        f"{ROOT}.widgets.login imports {ROOT}.hub",
    ]


def test_imports_for_type_checkers_only_do_not_count_and_lazy_ones_do() -> None:
    source = """
from typing import TYPE_CHECKING
from ..protocol import privacy
if TYPE_CHECKING:
    from ..session.account import Account
else:
    from . import fallback
def later():
    from ..http import transport
"""
    assert imports_in(source, f"{ROOT}.plots.job") == {
        "typing",
        "typing.TYPE_CHECKING",
        f"{ROOT}.protocol",
        f"{ROOT}.protocol.privacy",
        f"{ROOT}.plots",
        f"{ROOT}.plots.fallback",
        f"{ROOT}.http",
        f"{ROOT}.http.transport",
    }


def test_the_package_imports_without_cycles() -> None:
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_a_missing_front_end_build_names_the_command_that_builds_it(tmp_path: Path) -> None:
    unbuilt = tmp_path / "graphistry_jupyter"
    shutil.copytree(PACKAGE, unbuilt, ignore=shutil.ignore_patterns("static", "__pycache__"))
    result = subprocess.run(
        [sys.executable, "-c", "import graphistry_jupyter"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("graphistry_jupyter.widgets._static.FrontEndNotBuilt:")
    assert "npm run build" in last_line
    assert ".js is missing" in last_line


@pytest.mark.parametrize("name", ["login", "plot", "switcher", "compare"])
def test_every_widget_front_end_is_built(name: str) -> None:
    assert (PACKAGE / "static" / f"{name}.js").is_file()
