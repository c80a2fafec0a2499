"""Memory figures: how much a plot grows the process that makes it, ours against pygraphistry's
own plot, each side in a fresh process (tests/support/memory.py), the sides interleaved.

The hub runs in this process, never in a measured one.
"""

from __future__ import annotations

import statistics
import tempfile
from typing import Any

from report import Row, size_label

from graphistry_jupyter import LocalHub
from tests.support.hubs import USERS
from tests.support.memory import Side, Source, plot_growth, write_parquet_directory

MB = 1024 * 1024


def _growths(hub: LocalHub, rounds: int, **what: Any) -> dict[Side, list[int]]:
    """Each side's growth per round (alternating which goes first), plotting ``what``."""
    growths: dict[Side, list[int]] = {"ours": [], "pygraphistry": []}
    sides: list[Side] = ["ours", "pygraphistry"]
    for round_ in range(rounds):
        for side in sides if round_ % 2 == 0 else sides[::-1]:
            growths[side].append(
                plot_growth(
                    side,
                    server=hub.server,
                    protocol=hub.protocol,
                    user="alice",
                    password=USERS["alice"],
                    **what,
                )
            )
    return growths


def _mb(values: list[int]) -> str:
    return "/".join(f"{v / MB:.0f}" for v in values)


def plot_memory(edges: int, nodes: int, rounds: int) -> list[Row]:
    """Peak growth of one plot of ``edges`` edges + ``nodes`` nodes (pandas)."""
    with LocalHub(users=USERS) as hub:
        growths = _growths(hub, rounds, edges=edges, nodes=nodes)
    ours, theirs = statistics.median(growths["ours"]), statistics.median(growths["pygraphistry"])
    what = f"{size_label(edges)} edges + {size_label(nodes)} nodes"
    return [
        Row(
            f"peak RSS growth of one plot, {what} (pandas), each side in a fresh process",
            ours / theirs,
            "ours ÷ pygraphistry",
            goal=0.15,
            detail=f"{ours / MB:.0f} vs {theirs / MB:.0f} MB (runs: ours {_mb(growths['ours'])}, "
            f"pygraphistry {_mb(growths['pygraphistry'])} MB)",
        ),
        Row(
            f"the same, ours, {what}",
            ours / MB,
            "MB",
            goal=64,
            detail="what the plot holds on top of the user's tables",
        ),
    ]


def big_table_memory(edges: int, files: int, rounds: int) -> list[Row]:
    """Peak growth of one plot of ``edges`` edges in a parquet directory of ``files`` files, as
    a pyarrow dataset and as a dask table (a partition per file)."""
    rows: list[Row] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-parquet-") as folder,
        LocalHub(users=USERS) as hub,
    ):
        write_parquet_directory(folder, edges, files)
        kinds: tuple[Source, ...] = ("parquet", "dask")
        for kind in kinds:
            growths = _growths(hub, rounds, source=kind, folder=folder)
            ours = statistics.median(growths["ours"])
            theirs = statistics.median(growths["pygraphistry"])
            how = (
                "a pyarrow dataset (pygraphistry: dataset.to_table())"
                if kind == "parquet"
                else f"a dask table of {files} partitions"
            )
            rows.append(
                Row(
                    f"a table on disk, {size_label(edges)} edges in {files} parquet files, "
                    f"as {how}: kernel growth",
                    ours / MB,
                    "MB",
                    goal=128,
                    detail=f"pygraphistry {theirs / MB:.0f} MB (ours ÷ theirs "
                    f"{ours / theirs:.2f}); runs: ours {_mb(growths['ours'])}, pygraphistry "
                    f"{_mb(growths['pygraphistry'])} MB",
                )
            )
    return rows
