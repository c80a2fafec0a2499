"""Hooks of the docs site (mkdocs.yml): they bring in the notebooks, resolve the API page's public
names, and turn what the site must not have into warnings, which ``mkdocs build --strict`` fails on:

- a public name (``graphistry_jupyter.__all__``) missing from the API page, or one of its
  members without a docstring;
- a link from a guide to a file of the repository outside docs/ (``../js/src/...``) that is
  not there, or to a heading a Markdown file does not have. Such links are rewritten to the
  file in the repository (``repo_url``), since the site holds docs/ only;
- a relative link in a notebook to anything but another notebook, which becomes a link to
  that notebook's page.

Links between pages of the site are mkdocs' own to check (``validation`` in mkdocs.yml).
"""

from __future__ import annotations

import importlib
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

import griffe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
PACKAGE = "graphistry_jupyter"
API_PAGE = "api.md"
log = logging.getLogger("mkdocs.hooks.docs_site")

_IDENTIFIER = re.compile(rf"^::: {PACKAGE}\.(\w+)[ \t]*$", re.MULTILINE)
# A Markdown link's target, outside code: ](target) where target has no scheme.
_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)")
# A relative link in a rendered notebook's HTML.
_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#)([^"]+)"')


def public_names() -> list[str]:
    """Every name ``import graphistry_jupyter as gj`` offers."""
    return list(importlib.import_module(PACKAGE).__all__)


def defined_at(name: str) -> str:
    """Where the public ``name`` is defined (``graphistry_jupyter.widgets.login.LoginWidget``):
    the API page says ``graphistry_jupyter.LoginWidget``, which stays right when modules move,
    and mkdocstrings gets the definition (a re-export can be ambiguous to it: ``compare`` is
    both a function and the module that defines it)."""
    value = getattr(importlib.import_module(PACKAGE), name)
    return f"{value.__module__}.{value.__qualname__}"


def undocumented(path: str, search_paths: list[Path]) -> list[str]:
    """``path`` (a module's object) and its own public members that have no docstring."""
    module, _, _ = path.rpartition(".")
    while module:
        try:
            loaded = griffe.load(module, search_paths=[str(p) for p in search_paths])
            break
        except ImportError:  # ``path`` is a nested name: its module is further up
            module, _, _ = module.rpartition(".")
    target = loaded[path.removeprefix(module + ".")]
    missing = [] if target.docstring else [path]
    if target.is_class:
        for name, member in target.members.items():
            if name.startswith("_") or member.is_alias:
                continue
            if not member.docstring:
                missing.append(f"{path}.{name}")
    return missing


def api_page(markdown: str) -> tuple[str, list[str]]:
    """The API page with each ``::: graphistry_jupyter.NAME`` pointed at its definition, and
    the problems: public names not on the page, names on it that are not public, and every
    object or member without a docstring."""
    public = public_names()
    listed = _IDENTIFIER.findall(markdown)
    unlisted = [n for n in public if n not in listed]
    problems = [f"{PACKAGE}.{n} is public but not on the API page" for n in unlisted]
    not_public = [n for n in listed if n not in public]
    problems += [f"{PACKAGE}.{n} is on the API page but not public" for n in not_public]
    for name in (n for n in listed if n in public):
        problems += [f"no docstring: {p}" for p in undocumented(defined_at(name), [ROOT])]

    def resolve(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"::: {defined_at(name)}" if name in public else match.group(0)

    return _IDENTIFIER.sub(resolve, markdown), problems


def slug(heading: str) -> str:
    """The anchor a heading gets: Python-Markdown's toc slugify, GitHub's likewise for these."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors_of(markdown_file: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", markdown_file.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(h) for h in re.findall(r"^#+\s+(.+?)\s*$", text, re.MULTILINE)}


def repository_links(markdown: str, page: Path, blob_url: str) -> tuple[str, list[str]]:
    """``markdown`` of the page at ``page`` with its links to files outside docs/ pointed at
    ``blob_url`` + the file's path, and the links whose file or heading does not exist."""
    problems: list[str] = []

    def rewrite(match: re.Match[str]) -> str:
        target = match.group(1)
        path_text, _, anchor = target.partition("#")
        resolved = (page.parent / path_text).resolve()
        if resolved.is_relative_to(DOCS) or not path_text:
            return match.group(0)  # a page of the site: mkdocs checks it
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            problems.append(f"{page.name}: link to a file that is not in the repository: {target}")
            return match.group(0)
        if anchor and resolved.suffix == ".md" and anchor not in anchors_of(resolved):
            problems.append(f"{page.name}: link to a heading {resolved.name} lacks: {target}")
        fragment = f"#{anchor}" if anchor else ""
        return f"]({blob_url}{resolved.relative_to(ROOT).as_posix()}{fragment})"

    return _LINK.sub(rewrite, markdown), problems


def notebook_links(html: str, notebook: str) -> tuple[str, list[str]]:
    """A rendered notebook's links to its sibling notebooks (``switcher.ipynb``, which Jupyter
    opens) pointed at their pages on the site, and any other relative link, which has no page."""
    problems: list[str] = []

    def rewrite(match: re.Match[str]) -> str:
        target = match.group(1)
        name, _, anchor = target.partition("#")
        if "/" not in name and name.endswith(".ipynb") and (NOTEBOOKS / name).is_file():
            return f'href="../{name.removesuffix(".ipynb")}/{"#" + anchor if anchor else ""}"'
        problems.append(f"{notebook}: link to nothing on the site: {target}")
        return match.group(0)

    return _HREF.sub(rewrite, html), problems


@event_priority(50)  # before mkdocs-jupyter, which makes pages of the .ipynb files it is given
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The notebooks, from the repository's notebooks/ (where the tests run them): files whose
    source folder is the repository's root, since mkdocs-jupyter reads a file by its folder
    and path (a generated file has no folder for it)."""
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        files.append(
            File(
                f"notebooks/{notebook.name}",
                src_dir=str(ROOT),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    problems: list[str] = []
    if page.file.src_uri == API_PAGE:
        markdown, problems = api_page(markdown)
    if page.file.abs_src_path and page.file.src_uri.endswith(".md"):
        blob_url = f"{config.repo_url.rstrip('/')}/blob/main/"
        markdown, found = repository_links(markdown, Path(page.file.abs_src_path), blob_url)
        problems += found
    for problem in problems:
        log.warning(problem)
    return markdown


def on_page_content(html: str, page: Page, **_: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html, problems = notebook_links(html, page.file.src_uri)
    for problem in problems:
        log.warning(problem)
    return html
