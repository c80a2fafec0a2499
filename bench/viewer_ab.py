"""Two builds of the viewer's script, alternated in one browser on the same 100k-edge graph: how
docs/benchmarks.md compares a change to the viewer with the build before it.

    .venv/bin/python bench/viewer_ab.py OLD.js NEW.js [--rounds 8] [--edges 100000]

Build each side with ``cd js && node build.mjs`` at its commit and copy
``graphistry_jupyter/static/viewer.js`` aside. Each round loads the page once with each script
(their order alternating), served to the page by Playwright in place of the hub's own; the first
round is a warm-up. Prints each side's median stage times from the page's marks
(docs/contracts.md) and the median of the per-round ratios of the first frame, NEW ÷ OLD.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from figures_viewer import _browser, _public_plot

from graphistry_jupyter import LocalHub

sys.path.append(str(Path(__file__).resolve().parents[1]))  # tests.support.browser, as run.py

_STAGES = """
() => {
  const at = (name) => performance.getEntriesByName(name)[0].startTime;
  return {
    fetched: at("gj:fetched"),
    built: at("gj:built") - at("gj:fetched"),
    renderer: at("gj:renderer") - at("gj:built"),
    gpu: at("gj:drawn") - at("gj:rendered"),
    drawn: at("gj:drawn"),
  };
}
"""


def _serving(script: bytes) -> Any:
    return lambda route: route.fulfill(status=200, body=script, content_type="text/javascript")


def _load(browser: Any, url: str, script: bytes) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        context.route("**/graph/static/viewer*.js", _serving(script))
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.locator("body[data-state=drawn]").wait_for(state="attached", timeout=60_000)
        stages: dict[str, float] = page.evaluate(_STAGES)
        return stages
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--edges", type=int, default=100_000)
    args = parser.parse_args()
    scripts = {"old": args.old.read_bytes(), "new": args.new.read_bytes()}
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    with LocalHub(users={"alice": "alice-pw"}) as hub:
        url = _public_plot(hub, args.edges)
        playwright, browser = _browser()
        try:
            for round_ in range(args.rounds + 1):
                for side in ("old", "new") if round_ % 2 == 0 else ("new", "old"):
                    stages = _load(browser, url, scripts[side])
                    if round_ > 0:
                        runs[side].append(stages)
        finally:
            browser.close()
            playwright.stop()
    for side, stages in runs.items():
        medians = {k: statistics.median(s[k] for s in stages) for k in stages[0]}
        print(f"{side}: " + "  ".join(f"{k} {v:.0f} ms" for k, v in medians.items()))
    ratios = [n["drawn"] / o["drawn"] for o, n in zip(runs["old"], runs["new"], strict=True)]
    median = statistics.median(ratios)
    print(f"first frame, new ÷ old: {median:.3f} (median of {len(ratios)} rounds)")


if __name__ == "__main__":
    main()
