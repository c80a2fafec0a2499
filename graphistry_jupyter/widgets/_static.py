"""Where the built front ends are: ``js/`` is bundled into ``graphistry_jupyter/static``.

A missing build must fail at import with this package's own message, naming the command that
builds it: anywidget would otherwise fail first, reading the file as the widget class is defined,
with a bare ``FileNotFoundError``.

The widgets get the files' *text*, not their paths: given a path, anywidget connects every
instance to a class-level file-watch signal (for hot reload while developing) that nothing ever
disconnects, so a closed widget, and its account, client, sockets and tables, would stay alive.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
BUILD_COMMAND = "pip install -e . (which runs the npm build), or `npm run build` in js/"


class FrontEndNotBuilt(ImportError):
    """The bundled JavaScript of the widgets is missing from the installed package."""


def built(name: str, static: Path = STATIC) -> Path:
    """The bundled file ``name`` (``login.js``, ``widgets.css``), which must exist."""
    path = static / name
    if not path.is_file():
        raise FrontEndNotBuilt(
            f"graphistry-jupyter's front ends are not built ({path} is missing). "
            f"Build them with {BUILD_COMMAND}."
        )
    return path


def esm(name: str) -> str:
    """The bundled ES module of one widget view (its text)."""
    return built(f"{name}.js").read_text(encoding="utf-8")


def css() -> str:
    """The widgets' shared style sheet (its text)."""
    return built("widgets.css").read_text(encoding="utf-8")
