"""A saved notebook as nbconvert's HTML, made with no network at all, and what that HTML shows.

``jupyter nbconvert`` runs in a network namespace of its own (``unshare``: an unprivileged user
namespace), where only loopback is up: a kernel it starts still reaches a local hub in that kernel,
and nothing else is reachable, as on a laptop offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Three base64url segments starting like a JSON header: a JWT (a token or a view grant).
JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")


JUPYTER = Path(sys.executable).with_name("jupyter")
# An address outside this machine (a public DNS resolver): reachable online, not offline.
OUTSIDE = ("1.1.1.1", 443)
NBCONVERT_TIMEOUT_S = 240


def offline(command: list[str]) -> list[str]:
    """``command`` in a network namespace of its own, with loopback up and nothing else."""
    inner = 'ip link set lo up && exec "$@"'
    return ["unshare", "--user", "--map-root-user", "--net", "sh", "-c", inner, "offline", *command]


def require_offline() -> None:
    """Fails unless :func:`offline` works here and really cuts the machine off the network."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to run nbconvert with no network")
    probe = f"import socket; socket.create_connection({OUTSIDE!r}, timeout=3)"
    done = subprocess.run(
        offline([sys.executable, "-c", probe]), capture_output=True, text=True, timeout=30
    )
    assert "unreachable" in done.stderr.lower(), f"the network is not cut off: {done.stderr}"


def nbconvert_offline(source: Path, *arguments: str) -> str:
    """``jupyter nbconvert --to html`` of ``source`` with no network; returns the HTML. A kernel
    it starts (``--execute``) inherits this process's environment, its import path too."""
    require_offline()
    target = source.with_suffix(".html")
    done = subprocess.run(
        offline([str(JUPYTER), "nbconvert", "--to", "html", *arguments, str(source)]),
        capture_output=True,
        text=True,
        timeout=NBCONVERT_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"nbconvert failed:\n{done.stderr[-3000:]}"
    return target.read_text(encoding="utf-8")


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
