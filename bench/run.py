"""Every performance figure of graphistry-jupyter, as a ratio, in one run (docs/benchmarks.md).

Each figure divides our time by pygraphistry's own client doing the same (interleaved, A B B A
..., so machine noise hits both alike), or by a physical floor (two round trips of latency; raw
loopback TCP). The hubs are local; the latency is the hub's ``latency_ms`` added to every API reply.

    .venv/bin/python bench/run.py               # the full table (a few minutes)
    .venv/bin/python bench/run.py --quick       # a smoke run of every figure, small (< 60 s)
    .venv/bin/python bench/run.py --only plot,widget

Figures: plot (50 ms, http; also ÷ the protocol floor), https (50 ms), widget (0 ms), compare
(50 ms), ingest (hub), progress (large upload), streamed (streamed ÷ converted whole, 50 ms),
memory (a plot's peak RSS growth, each side in a fresh process), bigtable (a parquet directory
as a dataset and as dask), viewer (headless Chromium), signin (cell run to graph drawn in
JupyterLab, private plot with single sign-in ÷ public). No figure is asserted: this prints, CI runs
--quick only to keep the benchmark working.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # tests.support.browser: one definition of the Chromium flags

import figures_client  # noqa: E402
import figures_hub  # noqa: E402
import figures_memory  # noqa: E402
import figures_notebook  # noqa: E402
import figures_viewer  # noqa: E402
from report import Row, print_table  # noqa: E402

FIGURES = (
    "plot",
    "https",
    "widget",
    "compare",
    "ingest",
    "progress",
    "streamed",
    "memory",
    "bigtable",
    "viewer",
    "signin",
)


def chromium_available() -> bool:
    from tests.support.browser import CHROMIUM_EXECUTABLE

    return Path(CHROMIUM_EXECUTABLE).exists() and shutil.which("node") is not None


def plan(quick: bool) -> dict[str, Callable[[], list[Row]]]:
    rounds = 3 if quick else 15
    sizes = [1_000, 100_000] if quick else [1_000, 100_000, 1_000_000]
    return {
        "plot": lambda: figures_client.plot_vs_pygraphistry(sizes, 50, rounds),
        "https": lambda: [
            *figures_client.plot_vs_pygraphistry(sizes, 50, rounds, tls=True),
            *figures_client.plot_vs_pygraphistry(sizes, 50, rounds, tls=True, network=True),
        ],
        "widget": lambda: figures_client.widget_at_zero_latency(
            [10_000] if quick else [100_000, 1_000_000], rounds * 2
        ),
        "compare": lambda: figures_client.compare_two_accounts(1_000, 50, rounds),
        "ingest": lambda: figures_hub.hub_ingest(4 if quick else 16, rounds),
        "progress": lambda: figures_client.upload_progress(
            100_000 if quick else 1_500_000, rounds if quick else 21
        ),
        "streamed": lambda: figures_client.streamed_vs_whole(sizes, 50, rounds),
        "memory": lambda: figures_memory.plot_memory(
            500_000 if quick else 5_000_000, 50_000 if quick else 500_000, 2 if quick else 3
        ),
        "bigtable": lambda: figures_memory.big_table_memory(
            1_000_000 if quick else 20_000_000, 4 if quick else 20, 1 if quick else 2
        ),
        "viewer": lambda: (
            figures_viewer.viewer(
                1_000 if quick else 100_000,
                None if quick else 1_000_000,
                1 if quick else 3,
                settle_s=3 if quick else 90,
            )
            if chromium_available()
            else [Row("viewer", None, "no Chromium here")]
        ),
        "signin": lambda: (
            figures_notebook.cell_to_drawn(1_000, 3 if quick else 15)
            if chromium_available()
            else [Row("cell run → graph drawn", None, "no Chromium here")]
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, few rounds (CI)")
    parser.add_argument(
        "--only", default=",".join(FIGURES), help=f"comma-separated: {', '.join(FIGURES)}"
    )
    args = parser.parse_args()
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(FIGURES))
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}")
    warnings.simplefilter("ignore")  # pygraphistry's deprecation notes are not figures

    figures = plan(args.quick)
    print(
        f"graphistry-jupyter benchmarks{' (quick)' if args.quick else ''}: "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    rows: list[Row] = []
    for name in wanted:
        start = time.perf_counter()
        produced = figures[name]()
        print(f"  {name}: {time.perf_counter() - start:.1f} s", flush=True)
        rows.extend(produced)
    print_table(rows)
    if args.quick:
        print("\n(--quick: small sizes and few rounds, to check that every figure runs; compare")
        print("the full run's figures with the goals, not these.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
