"""Streaming a plot's tables to the server: Arrow record batches converted one at a time and
sent as they are made, so the kernel never holds a whole table in Arrow, and tables bigger than
its memory (a parquet directory, a dask or polars table) can be plotted.

Why pygraphistry's own posting is replaced: its ``plot()`` converts each table whole
(``_table_to_arrow``; a dask table is computed whole), writes the whole Arrow file into a buffer
(``ArrowUploader.arrow_to_buffer``) and posts those bytes: two to three copies of the table at
once, all made before the first byte leaves. The protocol stays pygraphistry's: the same
endpoints in the same order, and each table's body one Arrow IPC *file*. What changes is only how
that body is made and sent:

- each batch of the user's table is converted by pygraphistry's own ``_table_to_arrow`` (its type
  coercions included) and written to the file as it comes; a pyarrow table, dataset or polars
  table is already Arrow and is only cut into batches;
- conversion starts when pygraphistry builds its uploader, before the dataset is created, on a
  thread of its own, with at most :data:`AHEAD_BYTES` of converted Arrow waiting: the create's
  round trip overlaps the conversion, and the upload starts with the first batch;
- the body goes out with ``Transfer-Encoding: chunked``. A server that refuses it (411 Length
  Required, or a 400 that a spooled body then cures) gets the same file spooled to a temporary
  file and sent with a ``Content-Length``; which servers refuse is learned once per server and
  remembered for the process.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import requests

from ..http.transport import ProgressCallback, RowsCallback, current_scope

BATCH_BYTES = 1024 * 1024
"""About this much of the user's table is converted at a time."""
AHEAD_BYTES = 4 * 1024 * 1024
"""Converted Arrow allowed to wait for the socket, per table (the create's round trip fills it)."""
MIN_BATCH_ROWS = 1024
MAX_BATCH_ROWS = 1 << 20

Convert = Callable[[pd.DataFrame], pa.Table]
"""pygraphistry's conversion of one pandas slice (its ``_table_to_arrow``)."""


class ChangingColumnType(ValueError):
    """A column's Arrow type differs between parts of a table, so they cannot form one file."""


# ---------------------------------------------------------------------------------------------
# Sources: what can be streamed, in batches


def _loaded(module: str) -> Any:
    """``module`` if the user's code imported it (never imported here: they are optional)."""
    return sys.modules.get(module)


def _kind(table: object) -> str | None:
    """Which streamable source ``table`` is, or None (pygraphistry then uploads it its way)."""
    if isinstance(table, pd.DataFrame):
        return "pandas"
    if isinstance(table, pa.Table):
        return "arrow"
    dataset = _loaded("pyarrow.dataset")
    if dataset is not None and isinstance(table, dataset.Dataset):
        return "dataset"
    dask_frame = _loaded("dask.dataframe")
    if dask_frame is not None and isinstance(table, dask_frame.DataFrame):
        return "dask"
    polars = _loaded("polars")
    if polars is not None and isinstance(table, polars.DataFrame):
        return "polars"
    if polars is not None and isinstance(table, polars.LazyFrame):
        return "polars-lazy"
    spark = _loaded("pyspark.sql")
    if spark is not None and isinstance(table, spark.DataFrame):
        return "spark"
    return None


def streamable(table: object) -> bool:
    """Whether :class:`StreamedTable` can send ``table`` batch by batch."""
    return _kind(table) is not None


def known_rows(table: object) -> int | None:
    """The table's row count when it costs no pass over the data (for progress), else None."""
    kind = _kind(table)
    if kind in ("pandas", "polars"):
        return len(table)  # type: ignore[arg-type]
    if kind == "arrow":
        return int(table.num_rows)  # type: ignore[attr-defined]
    if kind == "dataset":
        with contextlib.suppress(Exception):  # parquet: from the files' metadata
            return int(table.count_rows())  # type: ignore[attr-defined]
    return None


def _rows_per_batch(bytes_per_row: float) -> int:
    rows = int(BATCH_BYTES // max(bytes_per_row, 1.0))
    return max(MIN_BATCH_ROWS, min(MAX_BATCH_ROWS, rows))


def _schema_rows(schema: pa.Schema) -> int:
    return _rows_per_batch(8.0 * max(len(schema), 1))


def _pandas_batches(frame: pd.DataFrame, convert: Convert) -> Iterator[pa.RecordBatch]:
    if len(frame) == 0:
        yield from convert(frame).to_batches()
        return
    per_row = float(frame.memory_usage(index=False, deep=False).sum()) / len(frame)
    step = _rows_per_batch(per_row)
    for start in range(0, len(frame), step):
        # A slice of a pandas frame is a view: only the converted batch is new memory.
        yield from convert(frame.iloc[start : start + step]).to_batches()


def source_batches(table: Any, convert: Convert) -> Iterator[pa.RecordBatch]:
    """The table's rows as Arrow record batches, one part of the table in memory at a time."""
    kind = _kind(table)
    if kind == "pandas":
        yield from _pandas_batches(table, convert)
    elif kind == "arrow":
        yield from table.to_batches(max_chunksize=_schema_rows(table.schema))
    elif kind == "dataset":
        yield from _dataset_batches(table)
    elif kind == "dask":
        for i in range(table.npartitions):  # one partition computed at a time, never the whole
            yield from _pandas_batches(table.get_partition(i).compute(), convert)
    elif kind == "polars":
        yield from table.to_arrow().to_batches(max_chunksize=_rows_per_batch(8.0 * table.width))
    elif kind == "polars-lazy":
        yield from _polars_lazy_batches(table)
    elif kind == "spark":
        yield from _spark_batches(table, convert)
    else:
        raise TypeError(f"cannot stream a {type(table).__name__}")


def _dataset_batches(dataset: Any) -> Iterator[pa.RecordBatch]:
    files = _plain_parquet_files(dataset)
    if files is not None:
        yield from _parquet_file_batches(files, _schema_rows(dataset.schema))
        return
    options: dict[str, Any] = {"batch_size": _schema_rows(dataset.schema)}
    try:  # one file and one batch read ahead, not pyarrow's 4 files and 16 batches
        batches = dataset.to_batches(**options, batch_readahead=1, fragment_readahead=1)
    except TypeError:  # pyarrow too old to take readahead options
        batches = dataset.to_batches(**options)
    yield from batches


def _plain_parquet_files(dataset: Any) -> list[Any] | None:
    """The dataset's parquet fragments when each can be read on its own as the dataset reads it
    (no partition columns, no filter, each file's columns those of the dataset), else None.

    Why: the dataset scanner decodes a whole row group per batch it reads ahead (pyarrow writes
    1M-row groups by default: 16 MB decoded for two int64 columns), one file ahead, on top of
    the row group being sent; at 20M edges in 20 files its memory pool peaked at 50-63 MB and
    the process at ~90 MB. A parquet file's own batch reader decodes page by page, a batch at a
    time: 22 MB for the same files.
    """
    import pyarrow.dataset as ds

    if not isinstance(dataset, ds.FileSystemDataset) or not isinstance(
        dataset.format, ds.ParquetFileFormat
    ):
        return None
    fragments = list(dataset.get_fragments())
    for fragment in fragments:
        if not fragment.partition_expression.equals(ds.scalar(True)):
            return None
        if fragment.physical_schema.names != dataset.schema.names:
            return None
    return fragments


def _parquet_file_batches(fragments: list[Any], rows: int) -> Iterator[pa.RecordBatch]:
    import pyarrow.parquet as pq

    for fragment in fragments:
        with fragment.filesystem.open_input_file(fragment.path) as source:
            reader = pq.ParquetFile(source, pre_buffer=False, buffer_size=BATCH_BYTES)
            groups = [group.id for group in fragment.row_groups]
            yield from reader.iter_batches(batch_size=rows, row_groups=groups, use_threads=False)


def _polars_lazy_batches(frame: Any) -> Iterator[pa.RecordBatch]:
    step = _rows_per_batch(8.0 * len(frame.collect_schema()))
    collect_batches = getattr(frame, "collect_batches", None)
    if callable(collect_batches):  # polars >= 1.33: the streaming engine hands out each part
        for part in collect_batches(chunk_size=step):
            yield from part.to_arrow().to_batches()
        return
    offset = 0
    while True:  # older polars: one slice of the plan at a time
        part = frame.slice(offset, step).collect()
        if part.height == 0:
            return
        yield from part.to_arrow().to_batches()
        offset += part.height


def _spark_batches(frame: Any, convert: Convert) -> Iterator[pa.RecordBatch]:
    # One partition's rows reach the driver at a time (toLocalIterator), converted in slices.
    columns = list(frame.columns)
    step = _rows_per_batch(8.0 * max(len(columns), 1))
    rows: list[Any] = []
    for row in frame.toLocalIterator():
        rows.append(tuple(row))
        if len(rows) >= step:
            yield from convert(pd.DataFrame.from_records(rows, columns=columns)).to_batches()
            rows = []
    if rows:
        yield from convert(pd.DataFrame.from_records(rows, columns=columns)).to_batches()


# ---------------------------------------------------------------------------------------------
# The Arrow file, written batch by batch


SMALL_PART = 64 * 1024
"""Parts of the file shorter than this (headers, metadata) are gathered into one chunk."""


class _Sink:
    """Where pyarrow's file writer writes: collects the parts of one batch at a time, and keeps
    the position itself (the file's footer records where each batch starts).

    A batch's column buffers arrive as ``pyarrow.Buffer`` objects over the batch's own memory:
    they are kept as they are (no copy; the reference keeps the memory alive until sent), and
    only the small parts between them are gathered.
    """

    def __init__(self) -> None:
        self._chunks: list[memoryview] = []
        self._small = bytearray()
        self._position = 0
        self.closed = False

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        size = len(view)
        if size < SMALL_PART:
            self._small += view
        else:
            self._flush_small()
            self._chunks.append(view)
        self._position += size
        return size

    def _flush_small(self) -> None:
        if self._small:
            self._chunks.append(memoryview(bytes(self._small)))
            self._small.clear()

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def take(self) -> list[memoryview]:
        """What was written since the last call, in order."""
        self._flush_small()
        chunks, self._chunks = self._chunks, []
        return chunks


def _file_schema(first: pa.RecordBatch, table: Any, convert: Convert) -> pa.Schema:
    """The file's schema: the first batch's, except for a pandas table's ``object`` columns,
    whose type is what pygraphistry makes of the whole column, so that every batch fits it.

    Found without converting the column: a column mixing types (``infer_dtype`` says "mixed")
    is what pygraphistry coerces such a column to (strings); any other takes the type of its
    first present value (a column whose first rows are all missing is not ``null``).
    """
    schema = first.schema
    if not isinstance(table, pd.DataFrame):
        return schema
    for index, field in enumerate(schema):
        if field.name not in table.columns or table[field.name].dtype != object:
            continue
        column = table[field.name]
        if pd.api.types.infer_dtype(column, skipna=True).startswith("mixed"):
            mixed = pd.DataFrame({field.name: pd.Series(["", 0], dtype=object)})
            typed = convert(mixed).schema.field(field.name).type
        else:
            present = column.notna().to_numpy()
            if not present.any():
                continue
            row = int(present.argmax())
            typed = convert(table.iloc[row : row + 1]).schema.field(field.name).type
        schema = schema.set(index, field.with_type(typed))
    return schema


def _conformed(batch: pa.RecordBatch, schema: pa.Schema, what: str) -> list[pa.RecordBatch]:
    if batch.schema.equals(schema, check_metadata=False):
        return [batch]
    try:
        conformed: list[pa.RecordBatch] = pa.Table.from_batches([batch]).cast(schema).to_batches()
        return conformed
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as exc:
        changed = [
            f"'{f.name}' is {f.type} then {batch.schema.field(f.name).type}"
            for f in schema
            if f.name in batch.schema.names and batch.schema.field(f.name).type != f.type
        ]
        detail = "; ".join(changed) or str(exc)
        raise ChangingColumnType(
            f"A column of the {what} table changes type part-way through ({detail}): give it "
            "one type, such as df['column'].astype(str)."
        ) from None


def write_arrow_file(
    table: Any,
    convert: Convert,
    what: str,
    emit: Callable[[memoryview, int], None],
    started: Callable[[pa.Table], None] = lambda _sample: None,
) -> None:
    """Writes ``table`` as one Arrow IPC file, handing ``emit(part, rows_so_far)`` each part of
    the file as soon as it is written; ``started`` gets a one-row sample with the file's schema
    once the first batch is out."""
    batches = source_batches(table, convert)
    first = next(batches, None)
    if first is None:
        raise ValueError(f"the {what} table has no columns to upload")
    schema = _file_schema(first, table, convert)
    sink = _Sink()
    rows = 0
    with pa.ipc.new_file(sink, schema) as writer:
        for batch in _chain(first, batches):
            for part in _conformed(batch, schema, what):
                writer.write_batch(part)
                rows += part.num_rows
            for chunk in sink.take():
                emit(chunk, rows)
            if rows and first is not None:
                # A copy (take), not a slice: the uploader keeps the sample for the whole
                # upload, and a slice would keep the batch's memory with it.
                started(pa.Table.from_batches(_conformed(batch, schema, what)).take([0]))
                first = None
    for chunk in sink.take():  # the footer
        emit(chunk, rows)
    if first is not None:  # no rows at all
        started(schema.empty_table())


def spool_arrow_file(
    table: Any, convert: Convert, what: str, *, stopped: Callable[[], bool] = lambda: False
) -> Path:
    """Writes ``table`` as one Arrow IPC file into a new temporary file; the caller removes it."""
    fd, name = tempfile.mkstemp(prefix="graphistry-upload-", suffix=".arrow")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:

            def emit(chunk: memoryview, _rows: int) -> None:
                if stopped():
                    raise _Cancelled()
                out.write(chunk)

            write_arrow_file(table, convert, what, emit)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _chain(first: pa.RecordBatch, rest: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    yield first
    yield from rest


# ---------------------------------------------------------------------------------------------
# Between the converting thread and the request


class _Cancelled(Exception):
    """The upload no longer wants the body."""


class _Pipe:
    """Chunks of a body from the converting thread to the sending one, at most ``limit`` bytes
    waiting (one chunk always fits)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._chunks: deque[tuple[memoryview, int]] = deque()
        self._waiting = 0
        self._cond = threading.Condition()
        self._done = False
        self._failure: BaseException | None = None
        self._cancelled = False

    def put(self, chunk: memoryview, rows: int) -> None:
        with self._cond:
            while self._waiting >= self._limit and not self._cancelled:
                self._cond.wait()
            if self._cancelled:
                raise _Cancelled()
            self._chunks.append((chunk, rows))
            self._waiting += len(chunk)
            self._cond.notify_all()

    def finish(self, failure: BaseException | None = None) -> None:
        with self._cond:
            self._done = True
            self._failure = failure
            self._cond.notify_all()

    def cancel(self) -> None:
        with self._cond:
            self._cancelled = True
            self._chunks.clear()
            self._waiting = 0
            self._cond.notify_all()

    def __iter__(self) -> Iterator[tuple[memoryview, int]]:
        while True:
            with self._cond:
                while not self._chunks and not self._done and not self._cancelled:
                    self._cond.wait()
                if self._cancelled:
                    raise _Cancelled()
                if not self._chunks:
                    if self._failure is not None:
                        raise self._failure
                    return
                chunk, rows = self._chunks.popleft()
                self._waiting -= len(chunk)
                self._cond.notify_all()
            yield chunk, rows


class _SpooledBody:
    """A spooled Arrow file sent with a Content-Length, read in blocks and reported as they go."""

    def __init__(self, path: Path, report: Callable[[int], None]) -> None:
        self._file = path.open("rb")
        self._size = path.stat().st_size
        self._sent = 0
        self._report = report

    def __len__(self) -> int:
        return self._size

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self._sent += len(data)
        if data:
            self._report(self._sent)
        return data

    def __iter__(self) -> Iterator[bytes]:
        while block := self.read(1024 * 1024):
            yield block

    def close(self) -> None:
        self._file.close()


def _small(table: Any) -> bool:
    """Whether ``table`` is known to fit in :data:`AHEAD_BYTES`: converted at once, on the
    calling thread (~1 ms), it costs less than handing it to a thread of its own."""
    if isinstance(table, pd.DataFrame):
        return int(table.memory_usage(index=False, deep=False).sum()) * 2 <= AHEAD_BYTES
    if isinstance(table, pa.Table):
        return int(table.nbytes) * 2 <= AHEAD_BYTES
    return False


class StreamedTable:
    """One table of a plot on its way to the server: conversion starts at once (on a thread of
    its own, into a bounded pipe, or into a spool file for a server that needs a length; a small
    table is converted on the spot), and :func:`post_table` sends it."""

    def __init__(self, table: Any, convert: Convert, what: str, *, spool: bool) -> None:
        self.table = table
        self.convert = convert
        self.what = what
        self.rows_total = known_rows(table)
        self._started = threading.Event()
        self._sample: pa.Table | None = None
        self._failure: BaseException | None = None
        self._pipe: _Pipe | None = None if spool else _Pipe(AHEAD_BYTES)
        self._spool: Path | None = None
        self._converted = threading.Event()
        self._closed = False
        self._thread = threading.Thread(
            target=self._convert_to_spool if spool else self._convert_to_pipe,
            name=f"graphistry-convert-{what}",
            daemon=True,
        )
        if not spool and _small(table):
            self._pipe = _Pipe(sys.maxsize)  # it all fits: nothing to wait for
            self._convert_to_pipe()
        else:
            self._thread.start()

    def _start(self, sample: pa.Table) -> None:
        self._sample = sample
        self._started.set()

    def _convert_to_pipe(self) -> None:
        pipe = self._pipe
        assert pipe is not None
        try:
            write_arrow_file(self.table, self.convert, self.what, pipe.put, self._start)
            pipe.finish()
        except _Cancelled:
            pipe.finish()
        except BaseException as exc:
            self._failure = exc
            pipe.finish(exc)
        finally:
            self._started.set()
            self._converted.set()

    def _convert_to_spool(self) -> None:
        try:
            self._spool = spool_arrow_file(
                self.table, self.convert, self.what, stopped=lambda: self._closed
            )
            if self._closed:
                self._spool.unlink(missing_ok=True)
        except BaseException as exc:
            self._failure = exc
        finally:
            self._converted.set()
        if self._spool is not None and not self._closed:
            # The sample comes from the file's start: the spool holds the data.
            with pa.memory_map(str(self._spool)) as source:
                reader = pa.ipc.open_file(source)
                first = reader.get_batch(0).slice(0, 1) if reader.num_record_batches else None
                self._start(
                    pa.Table.from_batches([first])
                    if first is not None
                    else reader.schema.empty_table()
                )
        self._started.set()

    def sample(self) -> pa.Table:
        """A one-row table with the file's columns, for pygraphistry's uploader (it checks the
        encodings' columns against it); raises what the conversion raised."""
        self._started.wait()
        if self._sample is None:
            if self._failure is not None:
                raise self._failure
            raise ValueError(f"the {self.what} table could not be converted to Arrow")
        return self._sample

    def chunks(self, report: Callable[[int, int, bool], None]) -> Iterator[memoryview]:
        """The body, chunk by chunk as it is converted; ``report(bytes_sent, rows_sent, last)``
        after each (``last`` once the whole file has gone)."""
        if self._pipe is None:
            raise RuntimeError("this table is being spooled, not streamed")
        sent = rows_sent = 0
        for chunk, rows in self._pipe:
            if chunk:
                yield chunk
                sent, rows_sent = sent + len(chunk), rows
                report(sent, rows_sent, False)
        report(sent, rows_sent, True)

    @property
    def streaming(self) -> bool:
        """Whether the table goes out as it is converted (else from its spool file)."""
        return self._pipe is not None

    def spooled(self) -> Path:
        """The spool file of a table converted for a server that needs a length."""
        self._converted.wait()
        if self._spool is None:
            if self._failure is not None:
                raise self._failure
            raise RuntimeError("this table is being streamed, not spooled")
        return self._spool

    def close(self) -> None:
        """Stops converting, frees what is waiting and removes any spool (idempotent)."""
        self._closed = True
        if self._pipe is not None:
            self._pipe.cancel()
        if self._converted.is_set() and self._spool is not None:
            self._spool.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Posting, and what each server accepts

_chunked_refused: dict[str, bool] = {}
_servers_lock = threading.Lock()


def refuses_chunked(server: str) -> bool:
    """Whether ``server`` (protocol://host) was found to refuse chunked request bodies."""
    with _servers_lock:
        return _chunked_refused.get(server, False)


def _learn(server: str, refuses: bool) -> None:
    with _servers_lock:
        _chunked_refused[server] = refuses


def forget_servers() -> None:
    """Forgets what every server accepts (tests: one server address reused by another)."""
    with _servers_lock:
        _chunked_refused.clear()


def _maybe_refusing_chunked(status: int) -> bool:
    return status in (400, 411)


def post_table(
    stream: StreamedTable,
    url: str,
    server: str,
    headers: dict[str, str],
    verify: Any,
    stage: str,
) -> requests.Response:
    """Posts ``stream`` to ``url``: chunked, unless ``server`` is known to refuse it; a first
    refusal (411, or a 400 that the spooled body cures) is remembered for ``server``."""
    scope = current_scope()
    on_progress: ProgressCallback | None = scope.on_progress if scope is not None else None
    on_rows: RowsCallback | None = scope.on_rows if scope is not None else None

    def report_bytes(sent: int, total: int) -> None:
        if on_progress is not None:
            on_progress(stage, sent, total)

    def report_chunk(sent: int, rows: int, last: bool) -> None:
        # A streamed file's size is known at its end: until then, the bytes per row so far
        # times the table's rows when it has a known count, else 0 (a bar of unknown length).
        total = stream.rows_total
        estimate = max(sent, int(sent * total / rows)) if total and rows else 0
        report_bytes(sent, sent if last else estimate)
        if on_rows is not None:  # the count a table of unknown size can show
            on_rows(stage, rows, total or (rows if last else 0))

    if not stream.streaming:
        return _post_spooled(stream.spooled(), url, headers, verify, report_bytes)
    with _servers_lock:
        first_contact = server not in _chunked_refused
    try:
        # No timeout here: the request scope (http/transport.py) bounds every request. The
        # chunks are memoryviews (any bytes-like object goes; requests' stubs say bytes).
        body: Any = stream.chunks(report_chunk)
        response = requests.post(url, headers=headers, verify=verify, data=body)  # noqa: S113
    finally:
        stream.close()  # whatever was left unsent: the server answered before reading it all
    if first_contact and _maybe_refusing_chunked(response.status_code):
        # The first body is gone: the same table is converted again, into a spool file.
        spool = spool_arrow_file(stream.table, stream.convert, stream.what)
        try:
            retried = _post_spooled(spool, url, headers, verify, report_bytes)
        finally:
            spool.unlink(missing_ok=True)
        if retried.ok:
            _learn(server, refuses=True)
        return retried
    if response.ok:
        _learn(server, refuses=False)
    return response


def _post_spooled(
    path: Path, url: str, headers: dict[str, str], verify: Any, report: Callable[[int, int], None]
) -> requests.Response:
    size = path.stat().st_size
    body = _SpooledBody(path, lambda sent: report(sent, size))
    try:
        return requests.post(url, headers=headers, verify=verify, data=body)  # noqa: S113
    finally:
        body.close()
