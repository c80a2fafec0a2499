"""What makes a plottable uploadable, checked before any request so the error names the data.

pygraphistry uploads whatever it is given, and the server (or the viewer) then fails far from the
cause: an empty edge table plots "nothing", a binding to a missing column shows no colour, a NaN id
makes a node called "nan", a null id an edge that is never drawn. Each problem here gets one
sentence naming the table and the column, the same sentence whatever kind of table holds it.

The tables are any pygraphistry uploads: pandas, pyarrow, polars (eager or lazy), dask, cuDF and
dask-cuDF. Counting a column's missing values must not cost more than the upload does, and a lazy
table may be bigger than memory: a dask table gives its counts through its lazy API (one
computation of a few numbers, never the table itself), and a polars LazyFrame through one
aggregating query on polars' streaming engine. Both then go up as they are, streamed part by part
(streaming.py).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from graphistry.Plottable import Plottable

from .errors import PlotError

# Bindings pygraphistry reads from the node table (points) and from the edge table.
_POINT_BINDINGS = ("color", "size", "title", "label", "weight", "icon", "opacity", "x", "y")
_EDGE_BINDINGS = ("color", "size", "title", "label", "weight", "icon", "opacity")
_EDGES_HOW = "bind them with g.edges(df, 'src', 'dst')"


@dataclass(frozen=True)
class GraphSize:
    """Rows of a graph's tables; ``None`` where a table has none or cannot say."""

    edges: int | None
    nodes: int | None
    node_count: int | None = None
    """The graph's nodes, as the viewer counts them: the node table's distinct ids and the edge
    endpoints missing from it. ``None`` when not counted: a graph without a node table, or one
    whose tables are lazy (dask, a polars LazyFrame) or of a kind counted nowhere else here."""

    def title(self) -> str:
        """What the graph is, as a title a person recognises: "100 nodes · 400 edges". Without a
        node count, the edges only: a node table's rows are not the graph's nodes when edges
        name nodes it lacks, and a title that says otherwise disagrees with the viewer."""
        edge_text = _counted(self.edges or 0, "edge")
        if self.node_count is None:
            return edge_text
        return f"{_counted(self.node_count, 'node')} · {edge_text}"


@dataclass(frozen=True)
class CheckedGraph:
    """A plottable that passed :func:`check_plottable`, ready to upload, and its size."""

    plottable: Plottable
    """The plottable itself: lazy tables stay lazy (see the module doc)."""
    size: GraphSize


def require_plottable(g: object, who: str) -> Plottable:
    """``g`` itself when it is a plottable, else a :class:`TypeError` that says how to make one."""
    if isinstance(g, Plottable):
        return g
    raise TypeError(
        f"{who} needs a plottable, not a {type(g).__name__}: build one from a login's client, "
        "such as login.client.edges(df, 'src', 'dst')."
    )


def check_plottable(g: Plottable) -> CheckedGraph:
    """``g`` ready to upload, with its size; :class:`PlotError` naming the first problem that
    would make the plot wrong."""
    ready = g
    edges = getattr(ready, "_edges", None)
    if edges is None:
        raise PlotError(f"The graph has no edges: {_EDGES_HOW}.")
    edge_columns = _columns(edges)
    source, destination = getattr(ready, "_source", None), getattr(ready, "_destination", None)
    ends = [c for c in (source, destination) if isinstance(c, str) and c in (edge_columns or ())]
    edge_facts = _facts(edges, ends)
    if edge_facts.rows == 0:
        raise PlotError("The edge table is empty: there is nothing to draw.")
    if not source or not destination:
        raise PlotError(f"Say which edge columns are the source and destination: {_EDGES_HOW}.")
    for role, column in (("source", source), ("destination", destination)):
        _require_column(edge_columns, column, f"the edges' {role}", "edge table")
        _require_complete(edge_facts, column, "edges")
    for binding in _EDGE_BINDINGS:
        column = getattr(ready, f"_edge_{binding}", None)
        if isinstance(column, str):
            _require_column(edge_columns, column, f"the edge {binding}", "edge table")
    nodes = getattr(ready, "_nodes", None)
    if nodes is None:
        return _remembered(g, CheckedGraph(ready, GraphSize(edge_facts.rows, None)))
    node_columns = _columns(nodes)
    node = getattr(ready, "_node", None)
    if not node:
        raise PlotError("Say which node column is the id: g.nodes(df, 'id').")
    _require_column(node_columns, node, "the node id", "node table")
    node_facts = _facts(nodes, [node])
    _require_complete(node_facts, node, "nodes")
    for binding in _POINT_BINDINGS:
        column = getattr(ready, f"_point_{binding}", None)
        if isinstance(column, str):
            _require_column(node_columns, column, f"the node {binding}", "node table")
    count = _node_count(nodes, node, edges, source, destination)
    return _remembered(g, CheckedGraph(ready, GraphSize(edge_facts.rows, node_facts.rows, count)))


def graph_size(g: Plottable) -> GraphSize:
    """The size :func:`check_plottable` found for ``g`` when it checked it; else what its tables
    say without computing anything (``None`` for a dask table or a polars LazyFrame)."""
    with _sizes_lock:
        try:
            known = _sizes.get(g)
        except TypeError:  # an object that only looks like a plottable, and is not hashable
            known = None
    if known is not None:
        return known
    nodes, edges = getattr(g, "_nodes", None), getattr(g, "_edges", None)
    node, source, destination = (getattr(g, n, None) for n in ("_node", "_source", "_destination"))
    count = None
    if isinstance(node, str) and isinstance(source, str) and isinstance(destination, str):
        # Unchecked: a binding may name a column the table lacks, which then has no count.
        with contextlib.suppress(KeyError, TypeError, ValueError, IndexError, AttributeError):
            count = _node_count(nodes, node, edges, source, destination)
    return GraphSize(_known_rows(edges), _known_rows(nodes), count)


def describe_graph(g: Plottable) -> str:
    """What a graph is, as a title a person recognises: "100 nodes · 400 edges"."""
    return graph_size(g).title()


# The last size found for each plottable checked, for its plot's summary: computing a dask
# table's length again after its upload would cost a pass over its partitions.
_sizes: weakref.WeakKeyDictionary[Plottable, GraphSize] = weakref.WeakKeyDictionary()
_sizes_lock = threading.Lock()


def _remembered(g: Plottable, checked: CheckedGraph) -> CheckedGraph:
    # An object that only looks like a plottable may not be hashable: its size is not kept.
    with _sizes_lock, contextlib.suppress(TypeError):
        _sizes[g] = checked.size
    return checked


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


# ----------------------------------------------------------------------------- table kinds
# Found through the modules already imported: a polars or dask table means its library is loaded,
# and checking never imports one that is not.


def _polars_class(name: str) -> type | None:
    polars = sys.modules.get("polars")
    found = getattr(polars, name, None)
    return found if isinstance(found, type) else None


def _is_lazy_polars(table: object) -> bool:
    lazy = _polars_class("LazyFrame")
    return lazy is not None and isinstance(table, lazy)


def _is_polars(table: object) -> bool:
    frame = _polars_class("DataFrame")
    return frame is not None and isinstance(table, frame)


def _is_dask(table: object) -> bool:
    """A dask (or dask-cuDF) DataFrame: lazy, in partitions."""
    return hasattr(table, "npartitions") and hasattr(table, "__dask_graph__")


def _columns(table: Any) -> list[str] | None:
    if _is_lazy_polars(table):  # its schema, resolved without running the query
        return [str(n) for n in table.collect_schema().names()]
    names = getattr(table, "column_names", None)  # pyarrow
    if names is None:
        names = getattr(table, "columns", None)  # pandas and friends
    return [str(n) for n in names] if names is not None else None


def _known_rows(table: Any) -> int | None:
    """Rows of ``table`` when it knows them without computing (not a dask table, nor lazy)."""
    if table is None or _is_dask(table) or _is_lazy_polars(table):
        return None
    try:
        return len(table)
    except TypeError:
        return None


@dataclass(frozen=True)
class _Facts:
    rows: int | None
    missing: dict[str, int]


def _facts(table: Any, columns: Sequence[str]) -> _Facts:
    """Rows of ``table`` and missing values (null, or NaN in a float column) of ``columns``."""
    if _is_dask(table):
        # One computation for all the counts (dask shares the work of their common parts), on
        # the calling thread, a partition at a time: on dask's threads it read several parquet
        # files at once, and the kernel kept what they took (20M edges in 20 files: 180 MB of
        # growth in the plot, 140 MB this way). The table is dask's, so dask is there.
        compute = importlib.import_module("dask").compute
        rows, *missing = compute(
            table.shape[0], *(table[c].isna().sum() for c in columns), scheduler="synchronous"
        )
        return _Facts(int(rows), {c: int(n) for c, n in zip(columns, missing, strict=True)})
    if _is_lazy_polars(table):
        return _lazy_polars_facts(table, columns)
    return _Facts(_known_rows(table), {c: _missing_values(table, c) for c in columns})


def _lazy_polars_facts(table: Any, columns: Sequence[str]) -> _Facts:
    # One query of a few numbers, run on the streaming engine where polars has one (a LazyFrame
    # bigger than memory is read in parts); the frame itself is never collected here.
    pl = sys.modules["polars"]
    schema = table.collect_schema()
    counts = [pl.len().alias("rows")]
    for i, column in enumerate(columns):
        missing = pl.col(column).null_count()
        if schema[column].is_float():
            missing = missing + pl.col(column).is_nan().sum()
        counts.append(missing.alias(f"missing{i}"))
    query = table.select(counts)
    try:
        found = query.collect(engine="streaming")
    except (TypeError, ValueError):  # a polars without the "streaming" engine's name
        found = query.collect(streaming=True)
    row = found.row(0)
    return _Facts(int(row[0]), {c: int(n or 0) for c, n in zip(columns, row[1:], strict=True)})


def _missing_values(table: Any, column: str) -> int:
    try:
        values = table[column]
    except Exception:
        return 0
    if isinstance(values, pa.ChunkedArray | pa.Array):
        nan = pc.sum(pc.is_nan(values)).as_py() if pa.types.is_floating(values.type) else 0
        return int(values.null_count) + int(nan or 0)
    if _is_polars(table):
        nan = values.is_nan().sum() if values.dtype.is_float() else 0
        return int(values.null_count()) + int(nan or 0)
    isna = getattr(values, "isna", None)  # pandas and cuDF: NaN counts as missing
    return int(isna().sum()) if callable(isna) else 0


def _node_count(nodes: Any, node: str, edges: Any, source: str, destination: str) -> int | None:
    """Distinct keys among the node ids and the edges' ends, for eager tables of one kind (the
    viewer's count); ``None`` for anything else. The ends are looked up in the ids' hash set, and
    only those missing from it are collected: a few masks more, never a copy of the edge table.
    pandas' non-numeric columns are hashed by Arrow (free for Arrow-backed strings, which pandas'
    own ``isin`` hashed ten times slower: 3.8 s against 0.5 s for 5M edges and 500k ids)."""
    if isinstance(nodes, pd.DataFrame) and isinstance(edges, pd.DataFrame):
        return _pandas_node_count([nodes[node], edges[source], edges[destination]])
    if isinstance(nodes, pa.Table) and isinstance(edges, pa.Table):
        with contextlib.suppress(*_ARROW_REFUSALS):  # a type Arrow cannot hash (arrow.uuid)
            return _arrow_node_count([nodes[node], edges[source], edges[destination]])
        return None
    if _is_polars(nodes) and _is_polars(edges):
        pl = sys.modules["polars"]
        series = [nodes[node], edges[source], edges[destination]]
        if len({s.dtype for s in series}) != 1:
            series = [s.cast(pl.String) for s in series]
        ids = series[0].drop_nulls().unique()
        absent = pl.concat([s.filter(~s.is_in(ids)) for s in series[1:]]).drop_nulls()
        return len(ids) + int(absent.n_unique())
    return None


_ARROW_REFUSALS = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError)


def _pandas_node_count(series: list[pd.Series]) -> int:
    if not all(pd.api.types.is_numeric_dtype(s) for s in series):
        # Strings and objects Arrow can type are hashed by Arrow; others by pandas below.
        with contextlib.suppress(*_ARROW_REFUSALS):
            arrays = [pa.chunked_array([pa.array(s, from_pandas=True)]) for s in series]
            count = _arrow_node_count(arrays)
            if count is not None:
                return count
    ids = pd.Index(pd.unique(series[0].dropna()))
    # A slice of the ends at a time, on their bare values: a whole column's mask and selection
    # (older pandas also materialises the index behind it) grew a 5M-edge plot by ~60 MB.
    absent: list[pd.Series] = []
    for column in series[1:]:
        values = column.to_numpy()
        for start in range(0, len(values), _COUNT_SLICE):
            part = pd.Index(values[start : start + _COUNT_SLICE])
            absent.append(pd.Series(part[~part.isin(ids)].unique()))
    if not absent:
        return len(ids)
    return len(ids) + int(pd.concat(absent, ignore_index=True).nunique(dropna=True))


_COUNT_SLICE = 1 << 20


def _arrow_node_count(columns: list[pa.ChunkedArray]) -> int | None:
    """:func:`_node_count` of the ids' column then the two ends' columns."""
    if len({c.type for c in columns}) != 1:  # as the viewer keys them: by their text
        texts = [_as_text(c) for c in columns]
        if any(text is None for text in texts):
            return None
        columns = [text for text in texts if text is not None]
    ids = pc.unique(columns[0].drop_null())
    absent = [pc.filter(c, pc.invert(pc.is_in(c, value_set=ids))) for c in columns[1:]]
    chunks = [chunk for column in absent for chunk in column.chunks]
    missing = pc.count_distinct(pa.chunked_array(chunks, type=columns[0].type)).as_py()
    return len(ids) + int(missing)


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray | None:
    try:
        return pc.cast(column, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _require_column(columns: list[str] | None, column: str, what: str, table: str) -> None:
    if columns is not None and column not in columns:
        shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
        raise PlotError(
            f"{what[0].upper()}{what[1:]} is bound to column '{column}', which the {table} "
            f"lacks (it has: {shown})."
        )


def _require_complete(facts: _Facts, column: str, name: str) -> None:
    missing = facts.missing.get(column, 0)
    if missing:
        # The same sentence for every kind of table: each has its own way to drop them.
        raise PlotError(
            f"Column '{column}' of the {name} has {missing:,} missing value"
            f"{'s' if missing > 1 else ''} (null or NaN): drop those rows or fill them first."
        )
