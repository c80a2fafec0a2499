"""Viewer figures, in Debian's headless Chromium with software WebGL (as the browser tests use):
navigation to first frame, main-thread tasks after it, the bundle as served, and a 1M-edge graph.

Times come from the page's own performance marks (``gj:drawn``: the first frame with the graph
on screen; docs/contracts.md). Main-thread tasks come from a Chromium trace of the page's
renderer, not from a ``longtask`` PerformanceObserver: the observer reports only tasks that ran
script, and in software WebGL the longest ones are the compositor's commits, which read the
WebGL canvas back and so wait (seconds, no script) for the GPU process to draw the frame.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import time
from pathlib import Path
from typing import Any

import requests
from common import edges_frame, nodes_frame
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from report import Row, size_label

from graphistry_jupyter import LocalHub
from graphistry_jupyter.session.account import Account

STATIC = Path(__file__).resolve().parents[1] / "graphistry_jupyter" / "static"

# Top-level tasks of every thread ("toplevel") and the page's performance marks, whose trace
# events carry both clocks (trace microseconds and the page's milliseconds).
_TRACE_CATEGORIES = ["toplevel", "blink.user_timing"]
_TASK_EVENTS = {"RunTask", "ThreadControllerImpl::RunTask"}

# The least time main-thread tasks are watched after the first frame.
WATCH_S = 10.0

_UNTIL_IDLE = "(ms) => new Promise((r) => requestIdleCallback(() => r(), { timeout: ms }))"

_READ_TIMES = """
() => {
  const mark = (name) => {
    const entries = performance.getEntriesByName(name);
    return entries.length ? entries[0].startTime : null;
  };
  return {
    rendered: mark("gj:rendered"),
    drawn: mark("gj:drawn"),
    layoutDone: mark("gj:layout-done"),
    notice: (document.querySelector("[data-gj-notice]") || {}).textContent || "",
  };
}
"""


def _browser() -> Any:
    from tests.support.browser import launch_chromium, start_playwright

    playwright = start_playwright()
    return playwright, launch_chromium(playwright)


def _public_plot(hub: LocalHub, size: int) -> str:
    account = Account(hub.server, hub.protocol, label="viewer bench", privacy="public")
    try:
        account.login_async(username="alice", password="alice-pw").result()
        g = account.client.edges(edges_frame(size, 0), "src", "dst").nodes(
            nodes_frame(size, 0), "id"
        )
        return account.plot(g, deadline_s=300).url
    finally:
        account.close()


def _main_thread_tasks(trace: bytes) -> list[tuple[float, float]] | None:
    """(start, duration) in the page's milliseconds of every top-level task of the main thread
    of the renderer that marked ``gj:drawn``, from a Chromium trace; None without that mark."""
    parsed = json.loads(trace)
    events: list[dict[str, Any]] = parsed["traceEvents"] if isinstance(parsed, dict) else parsed
    marks = [e for e in events if e.get("cat") == "blink.user_timing" and e["name"] == "gj:drawn"]
    if not marks:
        return None
    mark = marks[0]
    pid = mark["pid"]
    to_page_ms = mark["args"]["data"]["startTime"] - mark["ts"] / 1000
    main = {
        e["tid"]
        for e in events
        if e.get("ph") == "M"
        and e.get("name") == "thread_name"
        and e.get("pid") == pid
        and e["args"].get("name") == "CrRendererMain"
    }
    spans = sorted(
        (e["ts"] / 1000 + to_page_ms, e.get("dur", 0) / 1000)
        for e in events
        if e.get("ph") == "X"
        and e.get("pid") == pid
        and e.get("tid") in main
        and e.get("name") in _TASK_EVENTS
    )
    tasks: list[tuple[float, float]] = []
    for start, duration in spans:  # "RunTask" and the scheduler's event nest: keep the outer one
        if tasks and start < tasks[-1][0] + tasks[-1][1]:
            continue
        tasks.append((start, duration))
    return tasks


def _load(browser: Any, url: str, *, deadline_s: float, settle_s: float) -> dict[str, Any]:
    """Opens ``url`` in a fresh context; waits for the first frame, then for the layout to stop
    (at most ``settle_s`` more); returns the page's marks and its main thread's tasks over
    50 ms."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        browser.start_tracing(page=page, categories=_TRACE_CATEGORIES)
        try:
            page.goto(url, wait_until="commit", timeout=deadline_s * 1000)
            state = page.locator("body[data-state=drawn], body[data-state=error]")
            try:
                state.first.wait_for(state="attached", timeout=deadline_s * 1000)
            except PlaywrightTimeout:
                return {
                    "drawn": None,
                    "layoutDone": None,
                    "tasks": [],
                    "notice": "",
                    "waited_s": 0.0,
                }
            started = time.monotonic()
            # A layout that never stops is a figure too.
            with contextlib.suppress(PlaywrightTimeout):
                page.locator("body[data-layout=done]").wait_for(
                    state="attached", timeout=settle_s * 1000
                )
            # A page whose layout ends at once (or never starts) has no late event to wait for:
            # whatever it still does (fonts, a late frame) shows within a watched window.
            watched = time.monotonic() - started
            if watched < min(WATCH_S, settle_s):
                page.wait_for_timeout((min(WATCH_S, settle_s) - watched) * 1000)
            # Tasks queued behind the layout's end run before the main thread is next idle.
            page.evaluate(_UNTIL_IDLE, min(10.0, settle_s) * 1000)
            times: dict[str, Any] = page.evaluate(_READ_TIMES)
            times["waited_s"] = time.monotonic() - started
            times["zoomed"] = _zoom_in(page, deadline_s)
        finally:
            trace = browser.stop_tracing()
        tasks = _main_thread_tasks(trace)
        if tasks is None and times["drawn"] is not None:
            raise RuntimeError("the trace lacks the page's gj:drawn mark: its tasks are unknown")
        times["tasks"] = [t for t in tasks or [] if t[1] >= 50]
        return times
    finally:
        context.close()


def _zoom_in(page: Any, deadline_s: float) -> float | None:
    """Zooms in with the keyboard, as a person does, and waits for the redraw: the camera at its
    new ratio, then the main thread idle. The page's time of the key press, or None when the
    camera did not move within the deadline."""
    container = page.locator("#gj-viewer")
    before = page.evaluate("() => document.body.dataset.camera || ''")
    start: float = page.evaluate("() => performance.now()")
    container.focus()
    container.press("+")
    try:
        # The key's animation ends at a camera that stays: wait for the change, then for idle.
        page.wait_for_function(
            "(before) => (document.body.dataset.camera || '') !== before",
            arg=before,
            timeout=deadline_s * 1000,
        )
    except PlaywrightTimeout:
        return None
    page.evaluate(_UNTIL_IDLE, 10_000)
    return start


def _after_zoom(times: dict[str, Any]) -> tuple[float, float] | None:
    """(longest, total) main-thread task time from the key press on, in ms, counting tasks of
    50 ms or more (None: no zoom happened)."""
    zoomed = times.get("zoomed")
    if zoomed is None:
        return None
    tasks = [d for s, d in times["tasks"] if s >= zoomed]
    return max(tasks, default=0.0), sum(tasks)


def _after_first_frame(times: dict[str, Any]) -> tuple[float, float]:
    """(longest task, total long-task time) after the first frame, in ms."""
    drawn = times["drawn"]
    # Tasks that start after the mark: the task that drew the first frame (and set the mark)
    # is part of the time to the first frame. A zoom's tasks are a figure of their own.
    zoomed = times.get("zoomed")
    tasks = [
        (s, d)
        for s, d in times["tasks"]
        if drawn is not None and s >= drawn and (zoomed is None or s + d < zoomed)
    ]
    return max((d for _, d in tasks), default=0.0), sum(d for _, d in tasks)


def viewer(size: int, big: int | None, rounds: int, *, settle_s: float = 30) -> list[Row]:
    rows: list[Row] = []
    with LocalHub(users={"alice": "alice-pw"}) as hub:
        url = _public_plot(hub, size)
        big_url = _public_plot(hub, big) if big else None
        playwright, browser = _browser()
        try:
            runs = [_load(browser, url, deadline_s=60, settle_s=settle_s) for _ in range(rounds)]
            drawn = sorted(r["drawn"] for r in runs if r["drawn"] is not None)
            longest = sorted(_after_first_frame(r)[0] for r in runs)
            busy = sorted(_after_first_frame(r)[1] for r in runs)
            median = drawn[len(drawn) // 2] / 1000 if drawn else None
            rows.append(
                Row(
                    f"viewer, {size_label(size)} edges: navigation to first frame",
                    median,
                    "seconds (Chromium, software WebGL)",
                    goal=1.5,
                    detail=(
                        f"runs {', '.join(f'{d / 1000:.2f}' for d in drawn) or 'none drawn'} s "
                        "(the frame on screen); sigma's first render issued at "
                        + ", ".join(
                            "-" if r["rendered"] is None else f"{r['rendered'] / 1000:.2f}"
                            for r in runs
                        )
                        + " s"
                    ),
                )
            )
            rows.append(
                Row(
                    f"viewer, {size_label(size)} edges: longest main-thread task after it",
                    longest[len(longest) // 2] / 1000,
                    "seconds",
                    goal=0.2,
                    detail=(
                        "longest per run "
                        + ", ".join(f"{w / 1000:.2f}" for w in longest)
                        + " s; main thread busy in tasks over 50 ms after the first frame: "
                        f"{', '.join(f'{b / 1000:.1f}' for b in busy)} s (watched "
                        + ", ".join(f"{r['waited_s']:.0f}" for r in runs)
                        + " s after it); layout done at "
                        + ", ".join(
                            "not within the wait"
                            if r["layoutDone"] is None
                            else f"{r['layoutDone'] / 1000:.1f} s"
                            for r in runs
                        )
                    ),
                )
            )
            zooms = [z for z in (_after_zoom(r) for r in runs) if z is not None]
            longest_zoom = sorted(z[0] for z in zooms)
            zoom_median = longest_zoom[len(longest_zoom) // 2] / 1000 if longest_zoom else None
            rows.append(
                Row(
                    f"viewer, {size_label(size)} edges: longest main-thread task of a zoom",
                    zoom_median if len(zooms) == len(runs) else None,
                    "seconds (the frames after the + key; a figure, not a goal)",
                    goal=None,
                    detail=(
                        "longest per run "
                        + (", ".join(f"{z / 1000:.2f}" for z in longest_zoom) or "none")
                        + " s; busy in tasks over 50 ms: "
                        + (", ".join(f"{z[1] / 1000:.2f}" for z in zooms) or "none")
                        + f" s ({len(zooms)} of {len(runs)} zooms moved the camera)"
                    ),
                )
            )
            if big is not None and big_url is not None:
                result = _load(browser, big_url, deadline_s=120, settle_s=settle_s)
                first = result["drawn"]
                worst, _total = _after_first_frame(result)
                rows.append(
                    Row(
                        f"viewer, {size_label(big)} edges: navigation to first frame",
                        None if first is None else first / 1000,
                        "seconds (n/a would mean: not drawn within 120 s)",
                        goal=None,
                        detail=(
                            f"notice: {result['notice']!r}; longest task after the first "
                            f"frame {worst / 1000:.2f} s"
                            if first is not None
                            else "not drawn"
                        ),
                    )
                )
            rows.append(_bundle_row(hub))
        finally:
            browser.close()
            playwright.stop()
    return rows


def _bundle_row(hub: LocalHub) -> Row:
    """The viewer script as the hub serves it to a browser that accepts compression."""
    raw = (STATIC / "viewer.js").read_bytes()
    page = requests.get(f"{hub.url}/graph/graph.html?dataset=none", timeout=30).text
    script = "/graph/static/viewer.js"
    for token in page.split('"'):
        if token.startswith("/graph/static/") and token.endswith(".js"):
            script = token
    reply = requests.get(
        f"{hub.url}{script}", headers={"Accept-Encoding": "br, gzip"}, timeout=30, stream=True
    )
    served = len(reply.raw.read())  # the bytes on the wire, before requests would decode them
    cached = reply.headers.get("Cache-Control", "") or ("ETag" if "ETag" in reply.headers else "")
    return Row(
        "viewer bundle, bytes on the wire ÷ uncompressed",
        served / len(raw),
        "ratio",
        goal=0.35,
        detail=(
            f"{len(raw) / 1000:.0f} kB uncompressed ({len(gzip.compress(raw)) / 1000:.0f} kB "
            f"gzipped), {served / 1000:.0f} kB served as "
            f"{reply.headers.get('Content-Encoding', 'identity')}; caching: "
            f"{cached or 'none'}; script {script}"
        ),
    )
