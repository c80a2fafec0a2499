"""Shared Playwright helpers: Debian Chromium, failure screenshots, WebGL canvas pixel checks.

Registered in ``tests/conftest.py`` with ``pytest_plugins = ["tests.support.browser"]``, which
provides the fixtures ``browser`` (one Chromium per pytest session, started on first use),
``browser_context`` (a fresh, isolated context per test) and ``page`` (a page in that context).
When a test fails, every page still open in its context is saved as a PNG under
``tests/e2e/artifacts/``.

Never run ``playwright install`` here: Chromium is Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    Frame,
    Page,
    Playwright,
    sync_playwright,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "tests" / "e2e" / "artifacts"
# Chromium and the Playwright driver put profiles and sockets in TMPDIR; keep them in the
# git-ignored work folder instead of /tmp.
BROWSER_TMP_DIR = REPO_ROOT / ".work" / "chromium-tmp"

CHROMIUM_EXECUTABLE = "/usr/bin/chromium"
# The background-networking flags stop Chromium from trying to reach the internet; the
# SwiftShader flags give WebGL2 (sigma.js) a software rasterizer even with --disable-gpu.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]

# Every browser-level wait in the tests should use a deadline; this one bounds Playwright's own.
DEFAULT_TIMEOUT_MS = 20_000


def _browser_env() -> dict[str, str | float | bool]:
    BROWSER_TMP_DIR.mkdir(parents=True, exist_ok=True)
    env: dict[str, str | float | bool] = {
        k: v for k, v in os.environ.items() if not k.startswith("GRAPHISTRY_")
    }
    env["TMPDIR"] = str(BROWSER_TMP_DIR)
    return env


def start_playwright() -> Playwright:
    """Start the Playwright driver with TMPDIR in the work folder (it inherits the environment)."""
    previous = os.environ.get("TMPDIR")
    BROWSER_TMP_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(BROWSER_TMP_DIR)
    try:
        return sync_playwright().start()
    finally:
        if previous is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = previous


def launch_chromium(
    playwright: Playwright | BrowserType, *, extra_args: Sequence[str] = ()
) -> Browser:
    """Launch Debian's headless Chromium with the flags known to work on this machine (and
    ``extra_args``), from a Playwright driver or a running browser's ``browser_type``."""
    chromium = playwright.chromium if isinstance(playwright, Playwright) else playwright
    return chromium.launch(
        executable_path=CHROMIUM_EXECUTABLE,
        args=[*CHROMIUM_ARGS, *extra_args],
        env=_browser_env(),
        timeout=60_000,
    )


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG of ``page`` as ``tests/e2e/artifacts/<name>.png``; return the path."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "page"
    path = ARTIFACTS_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True, timeout=10_000)
    return path


# Runs in the page: decodes the PNG bytes of an element screenshot and counts pixels that differ
# from the most common colour (the background). Screenshots see what a person sees, so this works
# whatever sigma's WebGL context options (preserveDrawingBuffer) and however many layered canvases
# it stacks; decoding from a Blob needs no data: URL, so a strict img-src CSP does not matter.
_COUNT_NON_BACKGROUND_JS = """
async ({bytes, tolerance, inset}) => {
  const blob = new Blob([new Uint8Array(bytes)], {type: "image/png"});
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  // Leave out a thin frame: focus rings and borders are not drawings.
  const w = Math.max(0, bitmap.width - 2 * inset), h = Math.max(0, bitmap.height - 2 * inset);
  if (w === 0 || h === 0) return {differing: 0, total: 0};
  const data = ctx.getImageData(inset, inset, w, h).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let bg = 0, best = -1;
  for (const [key, n] of counts) if (n > best) { best = n; bg = key; }
  const br = (bg >> 16) & 255, bgG = (bg >> 8) & 255, bb = bg & 255;
  let differing = 0;
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.abs(data[i] - br) + Math.abs(data[i + 1] - bgG) + Math.abs(data[i + 2] - bb);
    if (d > tolerance) differing++;
  }
  return {differing, total: data.length / 4};
}
"""


def count_non_background_pixels(
    page_or_frame: Page | Frame, selector: str, *, tolerance: int = 24, inset: int = 4
) -> tuple[int, int]:
    """Screenshot the first element matching ``selector`` and count its non-background pixels.

    Returns ``(differing, total)``; the background is the element's most common colour. A frame
    of ``inset`` pixels along the edges (focus rings, borders) is left out.
    """
    png = page_or_frame.locator(selector).first.screenshot(timeout=10_000)
    result: dict[str, Any] = page_or_frame.evaluate(
        _COUNT_NON_BACKGROUND_JS, {"bytes": list(png), "tolerance": tolerance, "inset": inset}
    )
    return int(result["differing"]), int(result["total"])


def canvas_has_drawing(page_or_frame: Page | Frame, selector: str, *, min_pixels: int = 30) -> bool:
    """True when the element at ``selector`` (a sigma container or a canvas) shows a drawing.

    "A drawing" means at least ``min_pixels`` pixels visibly differ from the background colour,
    as rendered on screen (all of sigma's stacked WebGL and 2D canvases composited).
    """
    differing, _total = count_non_background_pixels(page_or_frame, selector)
    return differing >= min_pixels


# -- pytest plugin: fixtures and failure screenshots -------------------------------------------

_REPORT_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember each phase's report so fixtures can tell, at teardown, whether the test failed."""
    report: pytest.TestReport = yield
    item.stash.setdefault(_REPORT_KEY, {})[report.when] = report
    return report


def has_failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_REPORT_KEY, {})
    return any(r.failed for r in reports.values())


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (started on first use)."""
    playwright = start_playwright()
    try:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser_context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh context (own cookies, storage) per test; screenshots its pages if the test fails."""
    context = browser.new_context(viewport={"width": 1100, "height": 750})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        if has_failed(request):
            for index, open_page in enumerate(context.pages):
                try:
                    save_screenshot(open_page, f"{request.node.name}-{index}")
                except Exception as exc:  # a crashed page must not hide the test's own failure
                    print(f"could not save screenshot of page {index}: {exc}")
        context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Page:
    """A page in this test's fresh context."""
    return browser_context.new_page()
