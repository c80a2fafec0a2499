"""A graph that would plot wrong is refused before any upload, with one sentence naming the table
and the column (plots/checks.py), the same for every kind of table pygraphistry takes; no server."""

from __future__ import annotations

import threading
import uuid
from types import SimpleNamespace

import graphistry
import pandas as pd
import pyarrow as pa
import pytest
from dask.callbacks import Callback
from graphistry.Plottable import Plottable

from graphistry_jupyter.plots.checks import (
    GraphSize,
    check_plottable,
    describe_graph,
    graph_size,
    require_plottable,
)
from graphistry_jupyter.plots.errors import PlotError
from tests.support.tables import as_kind, kind_params

EDGES = pd.DataFrame({"s": ["a", "b"], "d": ["b", "c"], "w": [1, 2]})

NODES = pd.DataFrame({"id": ["a", "b", "c"], "kind": ["x", "y", "x"]})


def g0() -> Plottable:
    return graphistry.bind()


def test_a_plottable_is_returned_as_it_is() -> None:
    g = g0()
    assert require_plottable(g, "plot()") is g


def test_anything_else_is_refused_saying_how_to_make_one() -> None:
    with pytest.raises(TypeError) as raised:
        require_plottable(EDGES, "PlotWidget")
    assert str(raised.value) == (
        "PlotWidget needs a plottable, not a DataFrame: build one from a login's client, such as "
        "login.client.edges(df, 'src', 'dst')."
    )


@pytest.mark.parametrize("table", [EDGES, pa.Table.from_pandas(EDGES)], ids=["pandas", "arrow"])
def test_a_complete_graph_passes(table: object) -> None:
    check_plottable(g0().edges(table, "s", "d"))
    check_plottable(g0().edges(table, "s", "d").bind(edge_color="w", edge_title="s"))
    nodes = NODES if isinstance(table, pd.DataFrame) else pa.Table.from_pandas(NODES)
    check_plottable(
        g0().edges(table, "s", "d").nodes(nodes, "id").bind(point_color="kind", point_x="kind")
    )


SHOWN_EDGE_COLUMNS = "(it has: s, d, w)"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: g0(), "The graph has no edges: bind them with g.edges(df, 'src', 'dst')."),
        (
            lambda: g0().edges(EDGES.iloc[0:0], "s", "d"),
            "The edge table is empty: there is nothing to draw.",
        ),
        (
            lambda: g0().edges(EDGES),
            "Say which edge columns are the source and destination: bind them with "
            "g.edges(df, 'src', 'dst').",
        ),
        (
            lambda: g0().edges(EDGES, "s"),
            "Say which edge columns are the source and destination: bind them with "
            "g.edges(df, 'src', 'dst').",
        ),
        (
            lambda: g0().edges(EDGES, "src", "d"),
            f"The edges' source is bound to column 'src', which the edge table lacks "
            f"{SHOWN_EDGE_COLUMNS}.",
        ),
        (
            lambda: g0().edges(EDGES, "s", "dst"),
            f"The edges' destination is bound to column 'dst', which the edge table lacks "
            f"{SHOWN_EDGE_COLUMNS}.",
        ),
        (
            lambda: g0().edges(EDGES, "s", "d").bind(edge_color="colour"),
            f"The edge color is bound to column 'colour', which the edge table lacks "
            f"{SHOWN_EDGE_COLUMNS}.",
        ),
        (
            lambda: g0().edges(EDGES, "s", "d").bind(edge_opacity="o"),
            f"The edge opacity is bound to column 'o', which the edge table lacks "
            f"{SHOWN_EDGE_COLUMNS}.",
        ),
        (
            lambda: g0().edges(pd.DataFrame({"s": ["a", None], "d": ["b", "c"]}), "s", "d"),
            "Column 's' of the edges has 1 missing value (null or NaN): drop those rows or fill "
            "them first.",
        ),
        (
            lambda: g0().edges(pd.DataFrame({"s": ["a", "b"], "d": [None, None]}), "s", "d"),
            "Column 'd' of the edges has 2 missing values (null or NaN): drop those rows or fill "
            "them first.",
        ),
        (
            lambda: g0().edges(EDGES, "s", "d").nodes(NODES),
            "Say which node column is the id: g.nodes(df, 'id').",
        ),
        (
            lambda: g0().edges(EDGES, "s", "d").nodes(NODES, "name"),
            "The node id is bound to column 'name', which the node table lacks (it has: id, kind).",
        ),
        (
            lambda: g0().edges(EDGES, "s", "d").nodes(NODES, "id").bind(point_size="size"),
            "The node size is bound to column 'size', which the node table lacks (it has: id, "
            "kind).",
        ),
        (
            lambda: g0().edges(EDGES, "s", "d").nodes(NODES, "id").bind(point_y="y"),
            "The node y is bound to column 'y', which the node table lacks (it has: id, kind).",
        ),
        (
            lambda: (
                g0().edges(EDGES, "s", "d").nodes(pa.table({"id": ["a", None, None, "d"]}), "id")
            ),
            "Column 'id' of the nodes has 2 missing values (null or NaN): drop those rows or fill "
            "them first.",
        ),
    ],
)
def test_each_problem_gets_its_sentence(build: object, message: str) -> None:
    with pytest.raises(PlotError) as raised:
        check_plottable(build())  # type: ignore[operator]
    assert str(raised.value) == message


def test_a_wide_table_shows_its_first_twelve_columns() -> None:
    wide = pd.DataFrame({f"c{i}": [1] for i in range(14)})
    with pytest.raises(PlotError) as raised:
        check_plottable(g0().edges(wide, "c0", "missing"))
    shown = ", ".join(f"c{i}" for i in range(12))
    assert str(raised.value).endswith(f"(it has: {shown}, …).")
    exactly = pd.DataFrame({f"c{i}": [1] for i in range(12)})
    with pytest.raises(PlotError) as raised:
        check_plottable(g0().edges(exactly, "c0", "missing"))
    assert str(raised.value).endswith(f"(it has: {shown}).")


def test_a_binding_that_is_not_a_column_name_is_not_checked() -> None:
    check_plottable(g0().edges(EDGES, "s", "d").bind(edge_color=None))


def test_tables_without_column_names_or_length_are_let_through() -> None:
    class Opaque:
        def __getitem__(self, key: str) -> object:
            raise KeyError(key)

    check_plottable(g0().edges(Opaque(), "s", "d"))  # type: ignore[arg-type]


def test_a_column_without_nulls_information_counts_none_missing() -> None:
    class Table:
        columns = ("s", "d")

        def __len__(self) -> int:
            return 1

        def __getitem__(self, key: str) -> object:
            return [1]

    check_plottable(g0().edges(Table(), "s", "d"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "title"),
    [
        (lambda: g0().edges(EDGES, "s", "d"), "2 edges"),
        (lambda: g0().edges(EDGES.iloc[:1], "s", "d"), "1 edge"),
        (lambda: g0().edges(EDGES, "s", "d").nodes(NODES, "id"), "3 nodes · 2 edges"),
        # One row, three nodes: b and c are named by the edges only.
        (lambda: g0().edges(EDGES, "s", "d").nodes(NODES.iloc[:1], "id"), "3 nodes · 2 edges"),
        (lambda: g0(), "0 edges"),
        (
            lambda: g0().edges(pd.DataFrame({"s": range(1234), "d": range(1234)}), "s", "d"),
            "1,234 edges",
        ),
    ],
)
def test_a_graph_is_described_by_its_counts(build: object, title: str) -> None:
    assert describe_graph(build()) == title  # type: ignore[operator]


# -------------------------------------------------- objects that only look like plottables


def test_an_object_with_only_edges_and_their_columns_is_checked() -> None:
    edges = pd.DataFrame({"s": [1], "d": [2]})
    bare = SimpleNamespace(_edges=edges, _source="s", _destination="d")
    check_plottable(bare)  # type: ignore[arg-type]
    assert describe_graph(bare) == "1 edge"  # type: ignore[arg-type]
    with pytest.raises(PlotError, match="no edges"):
        check_plottable(SimpleNamespace())  # type: ignore[arg-type]
    for partial in ({}, {"_source": "s"}):
        with pytest.raises(PlotError, match="Say which edge columns are the source"):
            check_plottable(SimpleNamespace(_edges=edges, **partial))  # type: ignore[arg-type]
    assert describe_graph(SimpleNamespace()) == "0 edges"  # type: ignore[arg-type]


def test_a_node_table_without_an_id_binding_on_a_bare_object() -> None:
    bare = SimpleNamespace(
        _edges=pd.DataFrame({"s": [1], "d": [2]}), _source="s", _destination="d", _nodes=[1]
    )
    with pytest.raises(PlotError, match="Say which node column is the id"):
        check_plottable(bare)  # type: ignore[arg-type]
    bare._node = "id"
    bare._nodes = pd.DataFrame({"id": [1, 2]})
    check_plottable(bare)  # type: ignore[arg-type]


def test_thirteen_columns_are_shown_as_twelve_and_more() -> None:
    wide = pd.DataFrame({f"c{i}": [1] for i in range(13)})
    with pytest.raises(PlotError) as raised:
        check_plottable(SimpleNamespace(_edges=wide, _source="c0", _destination="x"))  # type: ignore[arg-type]
    assert str(raised.value).endswith(", c11, …).")


# ------------------------------------------------ every kind of table pygraphistry takes

MISSING_SOURCE = (
    "Column 's' of the edges has 1 missing value (null or NaN): drop those rows or fill them first."
)
MISSING_DESTINATION = (
    "Column 'd' of the edges has 2 missing values (null or NaN): drop those rows or fill them "
    "first."
)
MISSING_NODE_ID = (
    "Column 'id' of the nodes has 1 missing value (null or NaN): drop those rows or fill them "
    "first."
)


@pytest.mark.parametrize("kind", kind_params())
def test_each_kind_of_table_passes_and_is_counted(kind: str) -> None:
    g = g0().edges(as_kind(EDGES, kind), "s", "d").nodes(as_kind(NODES, kind), "id")

    checked = check_plottable(g)

    assert (checked.size.edges, checked.size.nodes) == (2, 3)
    assert checked.size.title() == ("2 edges" if kind in UNCOUNTED_KINDS else "3 nodes · 2 edges")
    assert graph_size(g) == checked.size, "the plot's summary reads the size found"


UNCOUNTED_KINDS = {"dask", "dask-cudf", "polars-lazy", "cudf"}
"""Kinds whose node count the checks leave out of the title rather than compute it apart (lazy
tables; cuDF, counted nowhere here)."""


@pytest.mark.parametrize("kind", kind_params())
def test_the_title_counts_edge_ends_missing_from_the_node_table_as_the_viewer_does(
    kind: str,
) -> None:
    # Issue 20's example: x and y are named by edges only; the viewer's header says 5 nodes.
    nodes = pd.DataFrame({"id": ["a", "b", "c", "c"]})  # a repeated id is one node
    edges = pd.DataFrame({"s": ["a", "b", "x"], "d": ["b", "y", "a"]})
    g = g0().edges(as_kind(edges, kind), "s", "d").nodes(as_kind(nodes, kind), "id")

    size = check_plottable(g).size

    assert size.nodes == 4, "the node table's rows are still its rows"
    if kind in UNCOUNTED_KINDS:
        assert size.title() == "3 edges", "left out rather than wrong"
    else:
        assert size.title() == "5 nodes · 3 edges"


def test_uuid_ids_are_counted_in_pandas() -> None:
    a, b, c = (uuid.UUID(int=i) for i in range(3))
    frames = g0().edges(pd.DataFrame({"s": [a], "d": [c]}), "s", "d")
    size = check_plottable(frames.nodes(pd.DataFrame({"id": [a, b]}), "id")).size
    assert size.title() == "3 nodes · 1 edge"


@pytest.mark.skipif(not hasattr(pa, "uuid"), reason="this pyarrow has no uuid type (added in 18)")
def test_arrow_uuid_ids_leave_the_node_count_out_as_arrow_cannot_hash_them() -> None:
    a, b, c = (uuid.UUID(int=i) for i in range(3))
    arrow = pa.table({"s": pa.array([a.bytes], pa.uuid()), "d": pa.array([c.bytes], pa.uuid())})
    ids = pa.table({"id": pa.array([a.bytes, b.bytes], pa.uuid())})
    assert check_plottable(g0().edges(arrow, "s", "d").nodes(ids, "id")).size.title() == "1 edge"


def test_ids_of_different_types_are_counted_by_their_text_as_the_viewer_keys_them() -> None:
    nodes = pa.table({"id": pa.array([1, 2], pa.int64())})
    edges = pa.table({"s": pa.array([1, 3], pa.int32()), "d": pa.array([2, 2], pa.int32())})
    assert check_plottable(g0().edges(edges, "s", "d").nodes(nodes, "id")).size.node_count == 3


@pytest.mark.parametrize("kind", kind_params())
@pytest.mark.parametrize(
    ("edges", "nodes", "message"),
    [
        (pd.DataFrame({"s": ["a", None], "d": ["b", "c"]}), None, MISSING_SOURCE),
        (pd.DataFrame({"s": ["a", "b", "c"], "d": [None, "c", None]}), None, MISSING_DESTINATION),
        (EDGES, pd.DataFrame({"id": ["a", None, "c"]}), MISSING_NODE_ID),
        # A float id that is NaN names a node "nan": missing too, whatever the table's kind.
        (pd.DataFrame({"s": [1.0, float("nan")], "d": [2.0, 3.0]}), None, MISSING_SOURCE),
    ],
    ids=["null source", "null destinations", "null node id", "NaN source"],
)
def test_a_missing_id_is_refused_with_the_same_sentence_for_each_kind(
    kind: str, edges: pd.DataFrame, nodes: pd.DataFrame | None, message: str
) -> None:
    g = g0().edges(as_kind(edges, kind), "s", "d")
    if nodes is not None:
        g = g.nodes(as_kind(nodes, kind), "id")

    with pytest.raises(PlotError) as raised:
        check_plottable(g)

    assert str(raised.value) == message


def test_nan_ids_written_straight_into_arrow_and_polars_are_missing_too() -> None:
    # pandas' converters turn NaN into null; a table built directly keeps the NaN.
    import polars as pl

    arrow = pa.table({"s": pa.array([1.0, float("nan")]), "d": [2.0, 3.0]})
    frame = pl.DataFrame({"s": [1.0, float("nan")], "d": [2.0, 3.0]})
    assert frame["s"].null_count() == 0
    for table in (arrow, frame):
        with pytest.raises(PlotError) as raised:
            check_plottable(g0().edges(table, "s", "d"))
        assert str(raised.value) == MISSING_SOURCE


class _DaskTasks(Callback):  # type: ignore[misc]
    """Records each computation dask starts and the size of each task's result."""

    def __init__(self) -> None:
        super().__init__()
        self.computations = 0
        self.rows: list[int] = []

    def _start(self, dsk: object) -> None:
        self.computations += 1

    def _posttask(self, key: object, result: object, *args: object) -> None:
        if isinstance(result, pd.DataFrame | pd.Series):
            self.rows.append(len(result))


def test_a_dask_table_is_counted_in_one_computation_of_its_partitions_never_whole() -> None:
    import dask.dataframe as dd

    rows = pd.DataFrame({"s": [f"n{i}" for i in range(8)], "d": [f"n{i + 1}" for i in range(8)]})
    edges = dd.from_pandas(rows, npartitions=4)
    nodes = dd.from_pandas(pd.DataFrame({"id": [f"n{i}" for i in range(9)]}), npartitions=3)

    with _DaskTasks() as tasks:
        checked = check_plottable(g0().edges(edges, "s", "d").nodes(nodes, "id"))

    assert checked.size == GraphSize(edges=8, nodes=9, node_count=None)
    assert tasks.computations == 2, "one for the edges' counts, one for the nodes'"
    assert tasks.rows, "the partitions were read"
    assert max(tasks.rows) <= 3, f"no task held a whole table: {tasks.rows}"
    assert checked.plottable._edges is edges, "the upload gets the dask table itself"


def test_a_dask_table_is_counted_on_the_calling_thread_one_partition_at_a_time() -> None:
    # On dask's threads the count read several partitions (parquet files) at once, and the kernel
    # kept the memory they took: 180 MB against 140 MB at 20M edges in 20 files.
    import dask.dataframe as dd

    readers: list[int] = []

    def read(part: pd.DataFrame) -> pd.DataFrame:
        readers.append(threading.get_ident())
        return part

    rows = pd.DataFrame({"s": [f"n{i}" for i in range(8)], "d": [f"n{i + 1}" for i in range(8)]})
    edges = dd.from_pandas(rows, npartitions=4).map_partitions(read)

    checked = check_plottable(g0().edges(edges, "s", "d"))

    assert checked.size is not None
    assert checked.size.edges == 8
    assert readers, "the partitions were read"
    assert set(readers) == {threading.get_ident()}


def test_a_lazy_frame_is_counted_by_one_query_and_goes_up_as_it_is() -> None:
    import polars as pl

    passes: list[int] = []

    def counted(frame: pl.DataFrame) -> pl.DataFrame:
        passes.append(len(frame))
        return frame

    lazy = pl.from_pandas(EDGES).lazy().map_batches(counted)

    checked = check_plottable(g0().edges(lazy, "s", "d").bind(edge_color="w"))

    assert sum(passes) == 2, "one pass over the rows, for a few numbers"
    assert checked.plottable._edges is lazy, "never collected here: the upload streams it"
    assert checked.plottable._edge_color == "w", "the bindings are kept"
    assert checked.size == GraphSize(edges=2, nodes=None)


def test_an_unchecked_lazy_table_has_no_known_size() -> None:
    import polars as pl

    g = g0().edges(pl.from_pandas(EDGES).lazy(), "s", "d")

    assert graph_size(g) == GraphSize(edges=None, nodes=None)
    assert describe_graph(g) == "0 edges"
