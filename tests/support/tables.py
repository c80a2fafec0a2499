"""The same table in each kind pygraphistry uploads: pandas, pyarrow, polars (eager and lazy), dask,
cuDF and dask-cuDF. A kind whose library does not import here is skipped, with the import's own
reason (cuDF needs an NVIDIA GPU and CUDA; the test extra installs dask and polars)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest


def _missing(module: str) -> str | None:
    """Why ``module`` does not import here, or None when it does."""
    try:
        importlib.import_module(module)
    except Exception as exc:  # cuDF can fail past ImportError without a GPU
        return f"{module} does not import here ({type(exc).__name__}: {exc})"
    return None


def _polars(df: pd.DataFrame) -> Any:
    import polars as pl

    return pl.from_pandas(df)


def _dask(df: pd.DataFrame) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(df, npartitions=2)


def _cudf(df: pd.DataFrame) -> Any:
    import cudf

    return cudf.from_pandas(df)


def _dask_cudf(df: pd.DataFrame) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(_cudf(df), npartitions=2)


KINDS: dict[str, tuple[str, Callable[[pd.DataFrame], Any]]] = {
    "pandas": ("pandas", lambda df: df),
    "pyarrow": ("pyarrow", lambda df: pa.Table.from_pandas(df, preserve_index=False)),
    "polars": ("polars", _polars),
    "polars-lazy": ("polars", lambda df: _polars(df).lazy()),
    "dask": ("dask.dataframe", _dask),
    "cudf": ("cudf", _cudf),
    "dask-cudf": ("dask_cudf", _dask_cudf),
}
"""Each kind: the module it needs, and how to make it from a pandas frame."""


def as_kind(df: pd.DataFrame, kind: str) -> Any:
    """``df`` as a table of ``kind`` (a key of :data:`KINDS`)."""
    return KINDS[kind][1](df)


def kind_params() -> list[Any]:
    """One pytest parameter per kind, skipped with the reason where its library does not import."""
    params = []
    for kind, (module, _) in KINDS.items():
        reason = _missing(module)
        marks = [pytest.mark.skip(reason=reason)] if reason else []
        params.append(pytest.param(kind, id=kind, marks=marks))
    return params
