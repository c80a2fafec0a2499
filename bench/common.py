"""What every benchmark figure shares: graphs, interleaved timing, medians, hubs in child processes.

Figures are ratios measured in one run, A and B alternating (A B B A A B ...), so a noisy machine
slows both sides alike; absolute times are printed for reference only.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

USERS = {"alice": "alice-pw", "bob": "bob-pw"}


def edges_frame(rows: int, seed: int, *, weighted: bool = False) -> pd.DataFrame:
    """``rows`` random edges over ``rows // 4`` nodes (int64 ids; a float weight if asked)."""
    rng = np.random.default_rng(seed)
    span = max(rows // 4, 2)
    columns: dict[str, np.ndarray] = {
        "src": rng.integers(0, span, rows),
        "dst": rng.integers(0, span, rows),
    }
    if weighted:
        columns["weight"] = rng.random(rows)
    return pd.DataFrame(columns)


def nodes_frame(rows: int, seed: int) -> pd.DataFrame:
    """The ``rows // 4`` nodes of :func:`edges_frame`, with a small category column."""
    rng = np.random.default_rng(seed + 1)
    span = max(rows // 4, 2)
    return pd.DataFrame({"id": np.arange(span), "kind": rng.integers(0, 5, span)})


def arrow_file_bytes(table: pa.Table) -> bytes:
    """An Arrow IPC file, as pygraphistry's ArrowUploader serialises a table for upload."""
    sink = io.BytesIO()
    with pa.RecordBatchFileWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


@dataclass
class Samples:
    """Wall and process CPU times (seconds) of named actions, warm-up rounds dropped."""

    warmup: int = 1
    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, round_: int, seconds: float, cpu_seconds: float) -> None:
        if round_ >= self.warmup:
            self.times.setdefault(name, []).append(seconds)
            self.cpu.setdefault(name, []).append(cpu_seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def ratio(self, a: str, b: str) -> float:
        """Median of the pairwise wall-time ratios a/b (pairs from the same round)."""
        pairs = zip(self.times[a], self.times[b], strict=True)
        return statistics.median(x / y for x, y in pairs)

    def cpu_ratio(self, a: str, b: str) -> float:
        """Median of the pairwise ratios of this process's CPU time (hubs in it included): less
        sensitive than wall time to other work on the machine."""
        pairs = zip(self.cpu[a], self.cpu[b], strict=True)
        return statistics.median(x / y for x, y in pairs if y > 0)


def interleaved(
    rounds: int, actions: Sequence[tuple[str, Callable[[int], object]]], *, warmup: int = 1
) -> Samples:
    """Runs every action once per round, rotating their order each round; times each."""
    samples = Samples(warmup=warmup)
    for round_ in range(rounds + warmup):
        shift = round_ % len(actions)
        for name, action in [*actions[shift:], *actions[:shift]]:
            start, cpu_start = time.perf_counter(), time.process_time()
            action(round_)
            elapsed = time.perf_counter() - start
            samples.add(name, round_, elapsed, time.process_time() - cpu_start)
    return samples


# -- a hub in a child process: a server that does not share this process's GIL ---------------------


def serve_hub(conn: Connection, latency_ms: float) -> None:
    """A LocalHub for :func:`child_process`: sends ``(url, alice's token)``, serves until told."""
    from graphistry_jupyter.hub import LocalHub

    with LocalHub(users=USERS, latency_ms=latency_ms) as hub:
        conn.send((hub.url, hub.issue_token("alice")))
        conn.recv()  # until the parent says stop (or goes away)


@contextmanager
def child_process(target: Any, *args: Any) -> Iterator[tuple[int, Any]]:
    """``(pid, what it sent first)`` of ``target(connection, *args)`` in a child process; the
    child is told to stop (a message) and then ended."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=target, args=(child, *args), daemon=True)
    process.start()
    try:
        if not parent.poll(60):
            raise RuntimeError(f"{target.__name__} did not start within 60 s")
        yield int(process.pid or 0), parent.recv()
    finally:
        with contextlib.suppress(OSError):  # the child may have ended with its connection
            parent.send("stop")
        process.join(15)
        if process.is_alive():
            process.kill()
