"""The package as people meet it, ``pip install graphistry-jupyter``: the sdist and the wheel built
once from this checkout with no node on PATH, each installed into a fresh venv with no node on
PATH, then what a new user does first there (tests/install/smoke.py) and the CLI's messages.

Slow (fresh venvs; about a minute with a warm pip cache): marked ``install``, so a run that wants
other tests only skips it with ``-m "not install"``; the whole suite runs it.
"""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

import graphistry_jupyter

pytestmark = [pytest.mark.install, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[2]
SMOKE = Path(__file__).with_name("smoke.py")
FRONT_ENDS = ["compare.js", "login.js", "plot.js", "switcher.js", "viewer.js", "widgets.css"]
VERSION = graphistry_jupyter.__version__


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path


def without_node(*folders: Path) -> dict[str, str]:
    """This process's environment with PATH holding only ``folders`` (none has node or npm) and
    nothing that would let the repository's tree shadow an install."""
    path = os.pathsep.join(str(f) for f in folders)
    for tool in ("node", "npm"):
        assert shutil.which(tool, path=path) is None, f"{tool} is on {path}"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PATH": path}


def run(command: list[str | Path], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [str(c) for c in command], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """The sdist from the checkout, then the wheel from that sdist, as ``python -m build`` makes
    them for a release; node is not on PATH, so the wheel's front ends are the sdist's. The
    backend is this venv's (build checks it meets [build-system] requires); the sdist's own
    install below builds in isolation, as pip does for a user."""
    out = tmp_path_factory.mktemp("dist")
    env = without_node(Path(sys.executable).parent)
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPO], env, cwd=out)
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dist(sdist, wheel)


def fresh_venv(folder: Path) -> Path:
    """A new venv without pip of its own (this interpreter's pip installs into it: the same
    install, without the seconds ensurepip takes); returns its python."""
    venv = [sys.executable, "-m", "venv", "--without-pip", folder]
    run(venv, dict(os.environ), cwd=folder.parent)
    return folder / "bin" / "python"


def pip_install(python: Path, *requirements: str | Path) -> None:
    """pip install into the venv of ``python``, with no node on PATH. No byte-compiling of every
    installed module (pandas and pyarrow are thousands): the smoke run compiles what it imports."""
    env = without_node(python.parent)
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile"]
    run([*pip, *requirements], env, cwd=python.parent)


def smoke(python: Path, step: str) -> dict[str, object]:
    here = python.parent.parent
    script = shutil.copy(SMOKE, here / SMOKE.name)
    output = run([python, script, step], without_node(python.parent), cwd=here)
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    assert str(result["file"]).startswith(str(here)), "the smoke run imported another copy"
    return result


def cli(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(python.parent / "graphistry-jupyter"), *args]
    env = without_node(python.parent)
    return subprocess.run(
        command, env=env, cwd=python.parent, capture_output=True, text=True, timeout=120
    )


def plotted_on_the_hub(seen: dict[str, object]) -> None:
    """The hub smoke run logged alice in and her plot's URL is her two-edge dataset's viewer."""
    assert seen["status"] == "logged_in"
    datasets = seen["datasets"]
    assert isinstance(datasets, list)
    (dataset,) = datasets
    assert (dataset["owner"], dataset["edges"]) == ("alice", 2)
    url = str(seen["url"])
    assert url.startswith(str(seen["hub_url"]))
    assert dataset["id"] in url


def metadata_of(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(f"graphistry_jupyter-{VERSION}.dist-info/METADATA").decode()
    return email.message_from_string(text)


def test_both_artifacts_carry_the_license_and_the_built_front_ends(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(dist.sdist) as archive:
        root = f"graphistry_jupyter-{VERSION}/"
        in_sdist = {name.removeprefix(root) for name in archive.getnames()}

    assert f"graphistry_jupyter-{VERSION}.dist-info/licenses/LICENSE" in in_wheel
    assert "LICENSE" in in_sdist
    for name in FRONT_ENDS:
        assert f"graphistry_jupyter/static/{name}" in in_wheel
        assert f"graphistry_jupyter/static/{name}" in in_sdist
    assert "graphistry_jupyter/py.typed" in in_wheel
    assert "graphistry_jupyter/notebooks/quickstart.ipynb" in in_wheel
    assert not any(n.startswith(("js/node_modules", ".venv")) for n in in_sdist)


def test_the_metadata_is_ready_for_an_index(dist: Dist) -> None:
    meta = metadata_of(dist.wheel)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL", []))
    classifiers = meta.get_all("Classifier", [])
    description = meta.get_payload()
    assert isinstance(description, str)

    assert meta["License-Expression"] == "BSD-3-Clause"
    assert meta["License-File"] == "LICENSE"
    assert meta["Author"]
    assert {"Homepage", "Documentation", "Source", "Issues"} <= set(urls)
    declared = re.match(r">=3\.(\d+)", meta["Requires-Python"])
    assert declared
    for minor in range(int(declared.group(1)), 14):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert "Framework :: Jupyter" in classifiers
    assert meta["Description-Content-Type"] == "text/markdown"
    assert "# graphistry-jupyter" in description
    targets = re.findall(r"\]\(([^)]+)\)", description)
    assert targets, "the long description has no links at all"
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert relative == [], "links that will not resolve on an index"


def test_the_wheel_installs_without_node_and_works_before_and_after_its_hub_extra(
    dist: Dist, tmp_path: Path
) -> None:
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, dist.wheel)

    seen = smoke(python, "base")
    assert seen["version"] == seen["metadata_version"] == VERSION
    assert seen["front_ends"] == FRONT_ENDS
    assert seen["status"] == "logged_out"
    assert seen["hub_message"] == (
        "LocalHub needs the hub extra: pip install 'graphistry-jupyter[hub]'"
    )
    for command, extra, module in (("hub", "hub", "starlette"), ("demo", "demo", "starlette")):
        result = cli(python, command, *(["--user", "alice:alice-pw"] if command == "hub" else []))
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            f"graphistry-jupyter {command}: needs the {extra} extra ({module} is not installed): "
            f"pip install 'graphistry-jupyter[{extra}]'"
        ]
    help_text = cli(python, "demo", "--help")
    assert help_text.returncode == 0, help_text.stderr
    assert "--notebook" in help_text.stdout
    assert cli(python, "--version").stdout == f"graphistry-jupyter {VERSION}\n"

    pip_install(python, f"graphistry-jupyter[hub] @ {dist.wheel.as_uri()}")
    plotted_on_the_hub(smoke(python, "hub"))
    pip_check = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert pip_check.returncode == 0, pip_check.stdout


def test_the_sdist_installs_without_node_and_serves_a_plot_with_its_hub_extra(
    dist: Dist, tmp_path: Path
) -> None:
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, f"graphistry-jupyter[hub] @ {dist.sdist.as_uri()}")

    plotted_on_the_hub(smoke(python, "hub"))
