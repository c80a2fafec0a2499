"""One progress line for a plot's two uploads (plots/upload.py's UploadProgress)."""

from __future__ import annotations

from graphistry_jupyter.plots.upload import BOTH_UPLOADS_STAGE, UploadProgress


def test_the_edges_and_nodes_add_up_and_a_total_stays_unknown_while_either_is() -> None:
    bytes_seen: list[tuple[str, int, int]] = []
    rows_seen: list[tuple[str, int, int]] = []
    progress = UploadProgress(
        lambda *report: bytes_seen.append(report), lambda *report: rows_seen.append(report)
    )

    progress.report("uploading nodes", 4_000, 10_000)
    progress.report("uploading edges", 50_000, 0)  # a dask table: its size comes at its end
    progress.report("uploading edges", 300_000, 300_000)
    assert bytes_seen == [
        ("uploading nodes", 4_000, 10_000),
        (BOTH_UPLOADS_STAGE, 54_000, 0),  # not "54,000 of 10,000": a bar of unknown length
        (BOTH_UPLOADS_STAGE, 304_000, 310_000),
    ]

    progress.report_rows("uploading edges", 12_000, 0)
    progress.report_rows("uploading nodes", 500, 1_000)
    progress.report_rows("uploading edges", 20_000, 20_000)
    assert rows_seen == [
        ("uploading edges", 12_000, 0),
        (BOTH_UPLOADS_STAGE, 12_500, 0),
        (BOTH_UPLOADS_STAGE, 20_500, 21_000),
    ]
