"""The declared floors are the stack the oldest-stack run installs: every dependency of the package
and of its hub has a ``>=`` floor, and ``ci/oldest-constraints.txt`` pins exactly that version.

pip cannot resolve to the lowest versions by itself, so a floor raised in pyproject.toml, or a
dependency added, without the same change there would leave the floor untested.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "ci" / "oldest-constraints.txt"


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["hub"]]
    return [Requirement(text) for text in wanted]


def pins() -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            name, _, pinned = text.partition("==")
            assert pinned, f"{CONSTRAINTS.name}: {line!r} is not a pin (name==version)"
            found[canonicalize_name(name)] = Version(pinned)
    return found


def floor_of(requirement: Requirement) -> Version:
    floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    assert len(floors) == 1, f"{requirement} needs exactly one >= floor"
    return floors[0]


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_each_dependency_is_pinned_at_its_floor_in_the_oldest_stack(requirement):
    pinned = pins().get(canonicalize_name(requirement.name))

    assert pinned is not None, f"{CONSTRAINTS.name} does not pin {requirement.name}"
    assert pinned == floor_of(requirement), (
        f"{CONSTRAINTS.name} pins {requirement.name}=={pinned}, pyproject.toml says {requirement}"
    )
