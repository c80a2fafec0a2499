"""A saved notebook as nbconvert's HTML, and what that HTML shows with no network at all."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter

# Three base64url segments starting like a JSON header: a JWT (a token or a view grant).
JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")


def to_html(notebook: Any) -> str:
    """The notebook as nbconvert's default (lab) HTML, converted in this process."""
    body, _resources = HTMLExporter().from_notebook_node(nbformat.from_dict(notebook))
    return str(body)


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "img" and found.get("src"):
            self.images.append(found["src"] or "")
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")


def images_and_links(html: str) -> tuple[list[str], list[str]]:
    """Every ``<img src>`` and ``<a href>`` of the page, as parsed (entities decoded)."""
    parts = _Parts()
    parts.feed(html)
    return parts.images, parts.links


def write(html: str, path: Path) -> Path:
    path.write_text(html, encoding="utf-8")
    return path


def without_scripts(html: str) -> str:
    """The page without its ``<script>`` elements (code and embedded widget state)."""
    return re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL | re.IGNORECASE)
