"""Print, one a line, what the oldest-stack venv needs on top of ``graphistry-jupyter[hub]`` to run
the tests that need no browser: the ``test`` extra of pyproject.toml without the Jupyter front
ends, browsers' hosts and linters (those only serve the browser tests and the lint steps, which run
in ``.venv``). Whatever else a test comes to need through the ``test`` extra arrives here too.

Used by ``scripts/setup.sh oldest``; runs on any Python >= 3.10, without third-party packages.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip's copy of the same parser
    from pip._vendor import tomli as tomllib

# Front ends and browsers' hosts (the browser tests' business); linters, type stubs and mutation
# testing; building and installing the package, JupyterHub, the docs site (.venv's: the
# install, jupyter and docs tests run there only).
LEFT_OUT = {
    "graphistry-jupyter",
    "build",
    "hatchling",
    "hatch-jupyter-builder",
    "hatch-fancy-pypi-readme",
    "jupyterhub",
    "jupyterlab",
    "notebook",
    "voila",
    "marimo",
    "ruff",
    "mypy",
    "pandas-stubs",
    "mutmut",
}


def name_of(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement.strip())
    assert match, f"not a requirement: {requirement!r}"
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def main() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    test_extra = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["test"]
    for requirement in test_extra:
        name = name_of(requirement)
        if name not in LEFT_OUT and not name.startswith("types-"):
            sys.stdout.write(requirement + "\n")


if __name__ == "__main__":
    main()
