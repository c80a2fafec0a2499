"""Peak memory growth of one plot, each measured in a fresh process (tests and bench/).

The process builds its graph, logs in, plots a tiny graph once (so that code loaded on first use
is not counted), then plots the big one while a thread samples its resident set every
millisecond: the figure is the highest sample minus the resident set just before the plot, that
is what the plot itself held on top of the user's tables.

Sources: ``pandas`` (edges and nodes built in the process), or an edge table that lives on disk
(:func:`write_parquet_directory`): ``parquet`` (a pyarrow dataset; pygraphistry, which takes no
dataset, is given ``dataset.to_table()``, the whole table in memory) and ``dask``
(``dask.dataframe.read_parquet``, a partition per file; pygraphistry computes it whole).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from multiprocessing.connection import Connection
from typing import Literal

Side = Literal["ours", "pygraphistry"]
Source = Literal["pandas", "parquet", "dask"]
_PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_bytes() -> int:
    """This process's resident set now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE


class PeakResident:
    """The highest resident set seen between :meth:`start` and :meth:`stop`."""

    def __init__(self, every_s: float = 0.001) -> None:
        self._every_s = every_s
        self._stop = threading.Event()
        self.peak = resident_bytes()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, resident_bytes())
            time.sleep(self._every_s)  # a sampling period, not a wait for anything

    def start(self) -> PeakResident:
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident_bytes())
        return self.peak


def _graph(edges: int, nodes: int) -> tuple[object, object]:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    span = max(nodes, 2)
    edge_frame = pd.DataFrame(
        {"src": rng.integers(0, span, edges), "dst": rng.integers(0, span, edges)}
    )
    node_frame = pd.DataFrame({"id": np.arange(span), "kind": rng.integers(0, 5, span)})
    return edge_frame, node_frame


def write_parquet_directory(folder: str, edges: int, files: int) -> None:
    """``edges`` random edges (int64 ids) as ``files`` parquet files in ``folder``, written one
    file at a time (the writing process never holds the whole table)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(0)
    span = max(edges // 10, 2)
    per_file = -(-edges // files)
    for part in range(files):
        rows = min(per_file, edges - part * per_file)
        table = pa.table({"src": rng.integers(0, span, rows), "dst": rng.integers(0, span, rows)})
        pq.write_table(table, os.path.join(folder, f"part-{part:04d}.parquet"))


def _edges_on_disk(source: Source, side: Side, folder: str) -> object:
    if source == "dask":
        import dask.dataframe as dd

        return dd.read_parquet(folder)
    import pyarrow.dataset as ds

    dataset = ds.dataset(folder, format="parquet")
    return dataset if side == "ours" else dataset.to_table()


def _measure(
    conn: Connection,
    side: Side,
    source: Source,
    server: str,
    protocol: str,
    user: str,
    password: str,
    edges: int,
    nodes: int,
    folder: str,
) -> None:
    import graphistry

    from graphistry_jupyter.session.account import Account

    small_edges, small_nodes = _graph(100, 25)
    if source == "pandas":
        edge_frame, node_frame = _graph(edges, nodes)
    else:
        edge_frame, node_frame = None, None
        # Loaded before the measurement: a library's code is not what a plot holds.
        import dask.dataframe  # noqa: F401
        import pyarrow.dataset
        import pyarrow.parquet  # noqa: F401
    account: Account | None = None
    if side == "ours":
        account = Account(server, protocol, label="memory")
        account.login_async(username=user, password=password).result(60)

        def plot(e: object, n: object) -> object:
            assert account is not None
            g = account.client.edges(e, "src", "dst")
            return account.plot(g if n is None else g.nodes(n, "id"), reuse=False)
    else:
        client = graphistry.client()
        client.register(api=3, protocol=protocol, server=server, username=user, password=password)

        def plot(e: object, n: object) -> object:
            g = client.edges(e, "src", "dst")
            return (g if n is None else g.nodes(n, "id")).plot(render=False)

    plot(small_edges, small_nodes)
    gc.collect()
    before = resident_bytes()
    sampler = PeakResident().start()
    if source != "pandas":  # the table is on disk: loading it is part of the plot
        edge_frame = _edges_on_disk(source, side, folder)
    plot(edge_frame, node_frame)
    peak = sampler.stop()
    if account is not None:
        account.close()
    conn.send(peak - before)


def plot_growth(
    side: Side,
    *,
    server: str,
    protocol: str,
    user: str,
    password: str,
    edges: int = 0,
    nodes: int = 0,
    source: Source = "pandas",
    folder: str = "",
    timeout_s: float = 600,
) -> int:
    """Bytes the resident set of a fresh process grew by while ``side`` plotted ``edges``
    edges and ``nodes`` nodes (int64 ids) to the server, or the edges in the parquet
    ``folder`` (``source`` "parquet" or "dask")."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(
        target=_measure,
        args=(child, side, source, server, protocol, user, password, edges, nodes, folder),
        daemon=True,
    )
    process.start()
    try:
        if not parent.poll(timeout_s):
            raise RuntimeError(f"the {side} plot did not finish within {timeout_s:g} s")
        return int(parent.recv())
    finally:
        process.join(15)
        if process.is_alive():
            process.kill()
