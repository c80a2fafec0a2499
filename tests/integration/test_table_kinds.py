"""Every kind of table pygraphistry takes, plotted through a login and through plain pygraphistry on
the same hub: each kind stores, row by row, what its pandas equivalent stores (through a login
also where an older pygraphistry refuses the kind itself: the upload converts it); a null id is
refused with one sentence whatever the kind, where plain pygraphistry would upload an edge or a
node that the viewer cannot draw.

Kinds whose library does not import here (cuDF and dask-cuDF without a GPU) are skipped, saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from graphistry import PlotterBase

from graphistry_jupyter import LoginWidget, PlotError
from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import dataset_id_of, dataset_record
from tests.support.tables import as_kind, kind_params
from tests.support.versions import GRAPHISTRY

# Five edges over six nodes (one node without edges), with a column of each common type.
EDGES = pd.DataFrame(
    {
        "src": ["a", "b", "c", "d", "a"],
        "dst": ["b", "c", "d", "a", "c"],
        "weight": [1, 2, 3, 4, 2**40],
        "score": [0.5, 1.25, -3.0, 1e-9, 2.0],
        "seen": [True, False, True, True, False],
        "note": ["x", "", "ünïcode", "y", "z"],
        "at": pd.to_datetime(
            ["2024-01-01", "2024-01-02", "2024-02-29", "2024-12-31", "2025-06-01"]
        ),
    }
)
NODES = pd.DataFrame(
    {"id": ["a", "b", "c", "d", "e", "f"], "kind": ["p", "q", "p", "q", "p", "r"], "n": range(6)}
)
TITLE = "6 nodes · 5 edges"


@pytest.fixture
def login(hub: LocalHub) -> Iterator[LoginWidget]:
    widget = LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")
    widget.login(username="alice", password="alice-pw")
    yield widget
    widget.close()


def rows(hub: LocalHub, dataset_id: str, table: str) -> list[dict[str, Any]]:
    stored = hub.read_table(dataset_id, table)  # type: ignore[arg-type]
    assert stored is not None, f"no {table} stored"
    return [_plain(row) for row in stored.to_pylist()]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    # A timestamp stored in nanoseconds reads back as a pandas Timestamp, in microseconds as a
    # datetime: the same instant either way.
    return {k: v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for k, v in row.items()}


def plain_plot(client: Any, edges: Any, nodes: Any) -> str:
    """The dataset id of plain pygraphistry's plot of the tables."""
    return dataset_id_of(client.edges(edges, "src", "dst").nodes(nodes, "id").plot(render=False))


@pytest.mark.parametrize("kind", kind_params())
def test_each_kind_stores_what_its_pandas_equivalent_stores_through_a_login_and_plain_pygraphistry(
    hub: LocalHub, client_for: Any, login: LoginWidget, kind: str
) -> None:
    client = client_for(hub, "alice")
    reference = plain_plot(client, EDGES, NODES)
    expected_edges, expected_nodes = rows(hub, reference, "edges"), rows(hub, reference, "nodes")
    assert expected_edges[2]["at"] == dt.datetime(2024, 2, 29)
    try:
        plain: str | None = plain_plot(client, as_kind(EDGES, kind), as_kind(NODES, kind))
    except Exception:  # pygraphistry does not take this kind (polars on an older pygraphistry)
        plain = None  # a login still plots it: its upload converts each kind (streaming.py)

    view = login.plot(
        login.client.edges(as_kind(EDGES, kind), "src", "dst").nodes(as_kind(NODES, kind), "id")
    )
    ours = dataset_id_of(view.wait(30))

    for dataset_id in (plain, ours):
        if dataset_id is not None:
            assert rows(hub, dataset_id, "edges") == expected_edges
            assert rows(hub, dataset_id, "nodes") == expected_nodes
    # Lazy tables (and cuDF) leave the node count out of the title rather than count apart.
    uncounted = kind in {"dask", "dask-cudf", "polars-lazy", "cudf"}
    assert dataset_record(hub, ours)["name"] == ("5 edges" if uncounted else TITLE)
    assert (view.edge_rows, view.node_rows) == (5, 6), "the plot's summary counts every kind"


@pytest.mark.skipif(
    not hasattr(PlotterBase, "maybe_polars"),
    reason=f"pygraphistry {GRAPHISTRY} does not upload polars tables (the table above shows it)",
)
def test_a_lazy_frame_is_read_once_for_its_counts_and_once_streamed_up(
    hub: LocalHub, login: LoginWidget
) -> None:
    import polars as pl

    collects: list[int] = []

    def counted(frame: pl.DataFrame) -> pl.DataFrame:
        collects.append(frame.height)
        return frame

    lazy = pl.from_pandas(EDGES).lazy().map_batches(counted)
    view = login.plot(login.client.edges(lazy, "src", "dst"))
    ours = dataset_id_of(view.wait(30))

    assert sum(collects) == 10, "the checks' counts, then the upload: never a third time"
    assert len(rows(hub, ours, "edges")) == 5


NULL_CASES = {
    "a null source": (
        EDGES.assign(src=["a", None, "c", "d", "a"]),
        NODES,
        "Column 'src' of the edges has 1 missing value (null or NaN): drop those rows or fill "
        "them first.",
    ),
    "null destinations": (
        EDGES.assign(dst=[None, "c", None, "a", "c"]),
        NODES,
        "Column 'dst' of the edges has 2 missing values (null or NaN): drop those rows or fill "
        "them first.",
    ),
    "a null node id": (
        EDGES,
        NODES.assign(id=["a", "b", "c", "d", "e", None]),
        "Column 'id' of the nodes has 1 missing value (null or NaN): drop those rows or fill "
        "them first.",
    ),
}


@pytest.mark.parametrize("kind", kind_params())
@pytest.mark.parametrize(
    ("edges", "nodes", "sentence"), NULL_CASES.values(), ids=list(NULL_CASES.keys())
)
def test_a_null_id_is_refused_with_one_sentence_whatever_the_kind_before_any_upload(
    hub: LocalHub,
    client_for: Any,
    login: LoginWidget,
    kind: str,
    edges: pd.DataFrame,
    nodes: pd.DataFrame,
    sentence: str,
) -> None:
    hub.clear_requests()
    view = login.plot(
        login.client.edges(as_kind(edges, kind), "src", "dst").nodes(as_kind(nodes, kind), "id")
    )

    with pytest.raises(PlotError) as refused:
        view.wait(30)

    assert str(refused.value) == view.error == sentence
    assert not [r for r in hub.requests if "/upload/" in r.path], "nothing was uploaded"
    # What the refusal spares: plain pygraphistry uploads the row with its null id.
    try:
        plain = plain_plot(client_for(hub, "alice"), as_kind(edges, kind), as_kind(nodes, kind))
    except Exception:  # an older pygraphistry that does not take this kind at all
        return
    stored = rows(hub, plain, "edges") + rows(hub, plain, "nodes")
    assert any(row.get(c, "") is None for row in stored for c in ("src", "dst", "id"))
