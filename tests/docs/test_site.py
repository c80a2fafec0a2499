"""The docs site (mkdocs.yml): it builds in strict mode with the guides, the notebooks and an API
reference of every public name, and its checks (ci/docs_site.py) catch what would otherwise
publish quietly: a public name undocumented or left off the API page, a link to nothing."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import graphistry_jupyter

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
GUIDES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))


def hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_site", ROOT / "ci" / "docs_site.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.timeout(300)
def test_the_site_builds_in_strict_mode_with_guides_notebooks_and_every_public_name(tmp_path):
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    built = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)

    assert built.returncode == 0, built.stderr[-5000:]
    for guide in GUIDES:
        assert (site / ("" if guide == "index" else guide) / "index.html").is_file(), guide
    for notebook in NOTEBOOKS:
        page = (site / "notebooks" / notebook / "index.html").read_text(encoding="utf-8")
        assert "import graphistry_jupyter as gj" in page.replace("&quot;", '"'), notebook
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in graphistry_jupyter.__all__:
        assert f'id="{graphistry_jupyter.__name__}' in api
        defined = getattr(graphistry_jupyter, name)
        assert f'id="{defined.__module__}.{defined.__qualname__}"' in api, name


def test_a_member_without_a_docstring_is_named(tmp_path):
    package = tmp_path / "sample"
    package.mkdir()
    (package / "__init__.py").write_text(
        '"""A sample."""\n'
        "class Thing:\n"
        '    """A thing."""\n'
        "    count = 1\n"
        '    """How many."""\n'
        "    size = 2\n"
        "    def documented(self) -> None:\n"
        '        """Does it."""\n'
        "    def bare(self) -> None: ...\n"
        "    def _private(self) -> None: ...\n"
        "class Bare:\n"
        "    pass\n"
    )

    undocumented = hooks().undocumented
    assert undocumented("sample.Thing", [tmp_path]) == ["sample.Thing.size", "sample.Thing.bare"]
    assert undocumented("sample.Bare", [tmp_path]) == ["sample.Bare"]


def test_the_api_page_must_list_every_public_name_and_points_each_at_its_definition():
    markdown, problems = hooks().api_page("# API\n\n::: graphistry_jupyter.compare\n")

    assert markdown == f"# API\n\n::: {graphistry_jupyter.compare.__module__}.compare\n"
    missing = {p for p in problems if p.endswith("is public but not on the API page")}
    listed_elsewhere = set(graphistry_jupyter.__all__) - {"compare"}
    assert missing == {
        f"graphistry_jupyter.{n} is public but not on the API page" for n in listed_elsewhere
    }


def test_links_into_the_repository_are_checked_and_point_at_its_files():
    docs_site = hooks()
    page = ROOT / "docs" / "page.md"
    markdown = (
        "[a](../js/src/no-such.ts) [b](../README.md#no-such-heading) "
        "[c](../README.md#notebooks) [d](hub.md) [e](https://example.org/x)"
    )

    rewritten, problems = docs_site.repository_links(markdown, page, "https://repo/blob/main/")

    assert problems == [
        "page.md: link to a file that is not in the repository: ../js/src/no-such.ts",
        "page.md: link to a heading README.md lacks: ../README.md#no-such-heading",
    ]
    assert "[c](https://repo/blob/main/README.md#notebooks)" in rewritten
    assert "[d](hub.md)" in rewritten
    assert "[e](https://example.org/x)" in rewritten


def test_a_notebook_links_to_its_siblings_pages_and_to_nothing_else():
    html = '<a href="switcher.ipynb">s</a> <a href="../docs/hub.md">h</a> <a href="#top">t</a>'

    rewritten, problems = hooks().notebook_links(html, "notebooks/quickstart.ipynb")

    assert '<a href="../switcher/">s</a>' in rewritten
    assert '<a href="#top">t</a>' in rewritten
    assert problems == ["notebooks/quickstart.ipynb: link to nothing on the site: ../docs/hub.md"]
