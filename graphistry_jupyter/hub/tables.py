"""Arrow tables on disk: exactly the IPC files the client uploaded, checked before they are kept.

Layout under the hub's data dir: ``datasets/<id>/edges.arrow``, ``datasets/<id>/nodes.arrow`` and
``files/<file_id>.arrow`` (the files API of ``upload()``).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Literal

import pyarrow as pa

TableKind = Literal["edges", "nodes"]


class InvalidArrow(ValueError):
    """The body is not an Arrow IPC file."""


def count_rows(body: bytes) -> int:
    """Rows in an Arrow IPC *file* (what pygraphistry uploads); raises :class:`InvalidArrow`."""
    try:
        reader = pa.ipc.open_file(pa.BufferReader(body))
        return sum(reader.get_batch(i).num_rows for i in range(reader.num_record_batches))
    except (pa.ArrowInvalid, pa.ArrowIOError, OSError) as exc:
        raise InvalidArrow(f"not an Arrow IPC file: {exc}") from None


class TableStore:
    """Where a hub keeps uploaded tables."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "datasets").mkdir(parents=True, exist_ok=True)
        (root / "files").mkdir(parents=True, exist_ok=True)

    def dataset_path(self, dataset_id: str, kind: TableKind) -> Path:
        return self.root / "datasets" / dataset_id / f"{kind}.arrow"

    def file_path(self, file_id: str) -> Path:
        return self.root / "files" / f"{file_id}.arrow"

    def write_dataset_table(self, dataset_id: str, kind: TableKind, body: bytes) -> None:
        _write_atomically(self.dataset_path(dataset_id, kind), body)

    def write_file(self, file_id: str, body: bytes) -> None:
        _write_atomically(self.file_path(file_id), body)

    def erase_file(self, file_id: str) -> None:
        self.file_path(file_id).unlink(missing_ok=True)

    def copy_file_to_dataset(self, file_id: str, dataset_id: str, kind: TableKind) -> None:
        target = self.dataset_path(dataset_id, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.file_path(file_id), target)

    def read(self, dataset_id: str, kind: TableKind) -> pa.Table | None:
        """The stored table, or None when none was uploaded."""
        path = self.dataset_path(dataset_id, kind)
        if not path.exists():
            return None
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all()

    def read_as_stream(self, dataset_id: str, kind: TableKind) -> bytes | None:
        """The stored table as an Arrow IPC *stream*, the format the viewer reads."""
        table = self.read(dataset_id, kind)
        if table is None:
            return None
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return sink.getvalue()


def _write_atomically(path: Path, body: bytes) -> None:
    # Readers (the viewer) never see half a file: write beside it, then rename over it.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
