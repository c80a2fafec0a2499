"""Where the built front ends are: ``js/`` is bundled into ``graphistry_jupyter/static``."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
CSS = STATIC / "widgets.css"


def esm(name: str) -> Path:
    """The bundled ES module of one widget view."""
    return STATIC / f"{name}.js"


def require_built(path: Path) -> None:
    """A clear error at widget creation, rather than a blank cell, when the build is missing."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the front ends were not built. Reinstall the package "
            "(pip install -e . runs the npm build) or run `npm run build` in js/."
        )
