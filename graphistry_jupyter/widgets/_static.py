"""Where the built front ends are: ``js/`` is bundled into ``graphistry_jupyter/static``."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
CSS = STATIC / "widgets.css"


def esm(name: str) -> Path:
    """The bundled ES module of one widget view."""
    return STATIC / f"{name}.js"


def require_built(esm_source: object) -> None:
    """A clear error at widget creation, rather than a blank cell, when the build is missing.

    anywidget turns an existing file into its contents when the class is defined and leaves a
    missing one as the bare ``Path``, which it would send to the browser as if it were code.
    """
    if isinstance(esm_source, Path) and not esm_source.exists():
        path = esm_source
        raise FileNotFoundError(
            f"{path} is missing: the front ends were not built. Reinstall the package "
            "(pip install -e . runs the npm build) or run `npm run build` in js/."
        )
