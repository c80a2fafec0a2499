"""What makes a plottable uploadable, checked before any request so the error names the data.

pygraphistry uploads whatever it is given, and the server (or the viewer) then fails far from the
cause: an empty edge table plots "nothing", a binding to a missing column shows no colour, a NaN id
makes a node called "nan". Each problem here gets one sentence naming the table and the column.
"""

from __future__ import annotations

from typing import Any

from graphistry.Plottable import Plottable

from .errors import PlotError

# Bindings pygraphistry reads from the node table (points) and from the edge table.
_POINT_BINDINGS = ("color", "size", "title", "label", "weight", "icon", "opacity", "x", "y")
_EDGE_BINDINGS = ("color", "size", "title", "label", "weight", "icon", "opacity")
_EDGES_HOW = "bind them with g.edges(df, 'src', 'dst')"


def require_plottable(g: object, who: str) -> Plottable:
    """``g`` itself when it is a plottable, else a :class:`TypeError` that says how to make one."""
    if isinstance(g, Plottable):
        return g
    raise TypeError(
        f"{who} needs a plottable, not a {type(g).__name__}: build one from a login's client, "
        "such as login.client.edges(df, 'src', 'dst')."
    )


def check_plottable(g: Plottable) -> None:
    """Raises :class:`PlotError` naming the first problem that would make the plot wrong."""
    edges = getattr(g, "_edges", None)
    if edges is None:
        raise PlotError(f"The graph has no edges: {_EDGES_HOW}.")
    edge_columns = _columns(edges)
    if _rows(edges) == 0:
        raise PlotError("The edge table is empty: there is nothing to draw.")
    source, destination = getattr(g, "_source", None), getattr(g, "_destination", None)
    if not source or not destination:
        raise PlotError(f"Say which edge columns are the source and destination: {_EDGES_HOW}.")
    for role, column in (("source", source), ("destination", destination)):
        _require_column(edge_columns, column, f"the edges' {role}", "edge table")
        _require_complete(edges, column, "edges")
    for binding in _EDGE_BINDINGS:
        column = getattr(g, f"_edge_{binding}", None)
        if isinstance(column, str):
            _require_column(edge_columns, column, f"the edge {binding}", "edge table")
    nodes = getattr(g, "_nodes", None)
    if nodes is None:
        return
    node_columns = _columns(nodes)
    node = getattr(g, "_node", None)
    if not node:
        raise PlotError("Say which node column is the id: g.nodes(df, 'id').")
    _require_column(node_columns, node, "the node id", "node table")
    _require_complete(nodes, node, "nodes")
    for binding in _POINT_BINDINGS:
        column = getattr(g, f"_point_{binding}", None)
        if isinstance(column, str):
            _require_column(node_columns, column, f"the node {binding}", "node table")


def describe_graph(g: Plottable) -> str:
    """What a graph is, as a title a person recognises: "100 nodes · 400 edges"."""
    edges = _rows(getattr(g, "_edges", None)) or 0
    nodes = _rows(getattr(g, "_nodes", None))
    edge_text = f"{edges:,} edge{'s' if edges != 1 else ''}"
    if nodes is None:
        return edge_text
    return f"{nodes:,} node{'s' if nodes != 1 else ''} · {edge_text}"


def _columns(table: Any) -> list[str] | None:
    names = getattr(table, "column_names", None)  # pyarrow
    if names is None:
        names = getattr(table, "columns", None)  # pandas and friends
    return [str(n) for n in names] if names is not None else None


def _rows(table: Any) -> int | None:
    if table is None:
        return None
    try:
        return len(table)
    except TypeError:
        return None


def _require_column(columns: list[str] | None, column: str, what: str, table: str) -> None:
    if columns is not None and column not in columns:
        shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
        raise PlotError(
            f"{what[0].upper()}{what[1:]} is bound to column '{column}', which the {table} "
            f"lacks (it has: {shown})."
        )


def _require_complete(table: Any, column: str, name: str) -> None:
    missing = _missing_values(table, column)
    if missing:
        raise PlotError(
            f"Column '{column}' of the {name} has {missing} missing value"
            f"{'s' if missing > 1 else ''}: drop or fill them first, such as "
            f"df.dropna(subset=['{column}'])."
        )


def _missing_values(table: Any, column: str) -> int:
    try:
        values = table[column]
    except Exception:
        return 0
    null_count = getattr(values, "null_count", None)  # a pyarrow column
    if isinstance(null_count, int):
        return null_count
    isna = getattr(values, "isna", None)
    if not callable(isna):
        return 0
    missing = isna().sum()
    return int(missing.compute() if hasattr(missing, "compute") else missing)  # dask: lazy
