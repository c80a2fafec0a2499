"""The package's layering: the model never imports a view, no module imports itself back through
others, modules stay small, and a missing front-end build says how to build it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "graphistry_jupyter"
MOST_LINES = 300
LONG_MODULE_NOTE = "Long module:"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(
        node.test
    )


def imports_of(path: Path) -> set[str]:
    """The package modules ``path`` imports at run time, wherever the import stands (a lazy
    import inside a function is still a dependency); ``if TYPE_CHECKING:`` blocks do not count."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
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

    visit(ast.parse(path.read_text()))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path) & set(modules) - {name} for name, path in modules.items()}


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


def test_the_package_imports_without_cycles() -> None:
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_model_never_imports_a_view() -> None:
    graph = import_graph()
    model = [
        m
        for m in graph
        if not m.startswith(("graphistry_jupyter.widgets", "graphistry_jupyter.hub"))
    ]
    allowed_entry_points = {
        "graphistry_jupyter",
        "graphistry_jupyter.ext",
        "graphistry_jupyter.cli",
        "graphistry_jupyter.demo",
    }
    leaks = {
        m: sorted(i for i in graph[m] if i.startswith("graphistry_jupyter.widgets"))
        for m in model
        if m not in allowed_entry_points
    }
    assert {m: v for m, v in leaks.items() if v} == {}


def test_modules_are_small_or_say_why_not() -> None:
    long = {
        module_name(p): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MOST_LINES
        and LONG_MODULE_NOTE not in p.read_text()
    }
    assert long == {}


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
