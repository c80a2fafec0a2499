"""The small graph tests plot: a weighted triangle, as pandas frames and as notebook code."""

from __future__ import annotations

import pandas as pd

# Three edges over three nodes: small enough to read in an assertion, a drawing on screen.
EDGES = pd.DataFrame({"src": ["a", "b", "c"], "dst": ["b", "c", "a"], "weight": [1, 2, 3]})
NODES = pd.DataFrame(
    {"id": ["a", "b", "c"], "kind": ["x", "y", "x"], "color": ["red", "green", "blue"]}
)

# A cell line that builds the same frame as ``edges`` in a kernel (which must import pandas as pd).
EDGES_CODE = f"edges = pd.DataFrame({EDGES.to_dict('list')!r})"
