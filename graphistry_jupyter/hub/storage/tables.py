"""Arrow tables on disk: exactly the IPC files the client uploaded, checked before they are kept.

Layout under the hub's data dir: ``datasets/<id>/edges.arrow``, ``datasets/<id>/nodes.arrow`` and
``files/<file_id>.arrow`` (the files API of ``upload()``). An upload is first written to
``incoming/`` (uploads.py), checked there, then moved into place: readers never see half a file.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Literal

import pyarrow as pa

TableKind = Literal["edges", "nodes"]


class InvalidArrow(ValueError):
    """The body is not an Arrow IPC file."""


def count_rows(path: Path) -> int:
    """Rows in the Arrow IPC *file* (what pygraphistry uploads) at ``path``, every batch fully
    validated, so that what is kept can be read back; raises :class:`InvalidArrow`."""
    try:
        with pa.memory_map(str(path)) as source:
            reader = pa.ipc.open_file(source)
            rows = 0
            for i in range(reader.num_record_batches):
                batch = reader.get_batch(i)
                batch.validate(full=True)
                rows += batch.num_rows
            return rows
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InvalidArrow(f"not an Arrow IPC file: {exc}") from None


class TableStore:
    """Where a hub keeps uploaded tables."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for part in ("datasets", "files", "incoming"):
            (root / part).mkdir(parents=True, exist_ok=True)

    @property
    def incoming(self) -> Path:
        """Where uploads are written while they arrive (same file system: moves are atomic)."""
        return self.root / "incoming"

    def dataset_path(self, dataset_id: str, kind: TableKind) -> Path:
        return self.root / "datasets" / dataset_id / f"{kind}.arrow"

    def file_path(self, file_id: str) -> Path:
        return self.root / "files" / f"{file_id}.arrow"

    def keep_dataset_table(self, dataset_id: str, kind: TableKind, upload: Path) -> None:
        """Move a checked upload in as the dataset's table, replacing any earlier one."""
        _move_in(upload, self.dataset_path(dataset_id, kind))

    def erase_dataset_table(self, dataset_id: str, kind: TableKind) -> None:
        self.dataset_path(dataset_id, kind).unlink(missing_ok=True)

    def keep_file(self, file_id: str, upload: Path) -> None:
        _move_in(upload, self.file_path(file_id))

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


def _move_in(upload: Path, path: Path) -> None:
    # A rename on one file system: readers (the viewer) see the old file or the new one, whole.
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(upload, path)
