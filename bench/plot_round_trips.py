"""What a plot costs: pygraphistry's own client vs this package's, side by side in one run.

Both clients log in to the same local hub, which adds a fixed latency to every API reply to stand
for a remote server, and plot the same graphs in alternation (A B A B ...), so machine noise hits
both alike. Printed: HTTP round trips per plot (from the hub's request records) and the median
wall time per plot of each, with the ratio. A third column shows moving a plot back to an account
that already holds it (the switcher's URL reuse).

    .venv/bin/python bench/plot_round_trips.py [--rounds 15] [--latency-ms 20] [--rows 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import graphistry
import numpy as np
import pandas as pd

from graphistry_jupyter import LocalHub
from graphistry_jupyter.account import Account


def graph(rows: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    edges = pd.DataFrame(
        {"src": rng.integers(0, rows // 4, rows), "dst": rng.integers(0, rows // 4, rows)}
    )
    nodes = pd.DataFrame({"id": np.arange(rows // 4), "kind": rng.integers(0, 5, rows // 4)})
    return edges, nodes


def timed(hub: LocalHub, action: Callable[[], object]) -> tuple[float, int]:
    hub.clear_requests()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for r in hub.requests if r.path.startswith("/api"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()

    with LocalHub(users={"alice": "alice-pw"}, latency_ms=args.latency_ms) as hub:
        plain = graphistry.client()
        plain.register(
            api=3, protocol=hub.protocol, server=hub.server, username="alice", password="alice-pw"
        )
        ours = Account(hub.server, hub.protocol, label="bench")
        ours.login_async(username="alice", password="alice-pw").result()

        times: dict[str, list[float]] = {
            "pygraphistry client": [],
            "graphistry-jupyter": [],
            "move back (reuse)": [],
        }
        trips: dict[str, set[int]] = {name: set() for name in times}
        for round_ in range(args.rounds):
            edges, nodes = graph(args.rows, round_)
            g_plain = plain.edges(edges, "src", "dst").nodes(nodes, "id")
            g_ours = ours.client.edges(edges, "src", "dst").nodes(nodes, "id")
            runs = [
                ("pygraphistry client", lambda g=g_plain: g.plot(render=False)),
                ("graphistry-jupyter", lambda g=g_ours: ours.plot(g, reuse=False)),
                ("move back (reuse)", lambda g=g_ours: ours.plot(g, reuse=True)),
            ]
            if round_ % 2:  # alternate the order so neither side always runs first
                runs[0], runs[1] = runs[1], runs[0]
            for name, action in runs:
                elapsed, count = timed(hub, action)
                if round_ > 0:  # the first round warms caches and connections
                    times[name].append(elapsed)
                trips[name].add(count)

    baseline = statistics.median(times["pygraphistry client"])
    counted = args.rounds - 1
    print(f"hub latency {args.latency_ms:g} ms per API reply, {args.rows} edges, {counted} rounds")
    print(f"{'':22} {'round trips':>12} {'median ms':>10} {'vs pygraphistry':>16}")
    for name, samples in times.items():
        median = statistics.median(samples)
        counts = "/".join(str(c) for c in sorted(trips[name]))
        print(f"{name:22} {counts:>12} {median * 1000:>10.1f} {median / baseline:>15.2f}x")


if __name__ == "__main__":
    main()
