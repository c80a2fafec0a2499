"""The dataset, file and sharing endpoints (E8-E14 of graphistry-protocol.md).

A token only ever touches its own user's datasets and files: another user's id answers 403,
an unknown one 404, and neither ever carries data. An upload's body is read only once its token
and target were accepted, streamed to disk (storage/uploads.py) and checked there; a table whose
upload failed is remembered as missing, with the reason (storage/datasets.py). Every refusal is
``success: false`` with a message (refusals.py, ``UPLOAD_ENDPOINTS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ...protocol.privacy import PRIVACY_MODES, normalize_privacy
from ..auth.access import bearer_user, check_org, owned_dataset
from ..context import HubContext, read_json, reply
from ..limits import BodyTooLarge, byte_size
from ..refusals import UPLOAD_ENDPOINTS, Refused
from ..storage.store import Dataset
from ..storage.tables import InvalidArrow, TableKind, count_rows
from ..storage.uploads import discard, receive_upload

_FILE_KEYS: tuple[tuple[TableKind, str], ...] = (("edges", "edge_files"), ("nodes", "node_files"))


async def _received(request: Request, ctx: HubContext) -> tuple[Path, int] | str:
    """The upload body, spooled to disk, and its row count; or why it is not a table (the
    file is then gone). Raises :class:`BodyTooLarge` past the upload limit."""
    try:
        path = await receive_upload(request, ctx.tables.incoming)
    except ClientDisconnect:
        return "the client went away before the upload was complete"
    try:
        return path, await run_in_threadpool(count_rows, path)
    except InvalidArrow as exc:
        discard(path)
        return str(exc)


def _file_ids(descriptor: dict[str, Any], key: str) -> list[str] | None:
    value = descriptor.get(key)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def routes(ctx: HubContext) -> list[Route]:
    """The dataset, file and sharing routes (E8-E14) of one hub."""

    def failed(dataset: Dataset, kind: TableKind, reason: str) -> None:
        # No earlier copy stays behind to be shown as if it were this upload.
        ctx.tables.erase_dataset_table(dataset.id, kind)
        ctx.store.datasets.fail_table(dataset.id, kind, reason)

    def attach_files(user: str, descriptor: dict[str, Any]) -> dict[TableKind, str]:
        """The uploaded file to use per table kind; Refused (400) naming a bad file id."""
        chosen: dict[TableKind, str] = {}
        for kind, key in _FILE_KEYS:
            ids = _file_ids(descriptor, key)
            if ids is None or len(ids) > 1:
                raise Refused(400, f"{key} must be a list of at most one file id")
            for file_id in ids:
                record = ctx.store.datasets.file(file_id)
                if record is None or record.owner != user:
                    raise Refused(
                        400,
                        f"unknown file id {file_id}; this hub never received it (pygraphistry "
                        "reuses file ids across servers, even with upload(memoize=False)): use "
                        "plot() instead of upload(), or clear pygraphistry's file memo with "
                        "sys.modules['graphistry.ArrowFileUploader']._CACHE.clear()",
                    )
                if record.rows is None:
                    raise Refused(400, f"file {file_id} has no valid contents uploaded")
                chosen[kind] = file_id
        return chosen

    async def create_dataset(request: Request) -> Response:  # (E8)
        user = bearer_user(request, ctx)
        descriptor = await read_json(request)
        if descriptor is None:
            raise Refused(400, "the dataset descriptor must be a JSON object")
        org = descriptor.get("org_name")
        check_org(ctx.store, user, org)
        files = attach_files(user, descriptor)
        dataset = ctx.store.datasets.create(
            user, org if isinstance(org, str) and org else None, descriptor
        )
        for kind, file_id in files.items():  # checked by the file upload (E12)
            await run_in_threadpool(ctx.tables.copy_file_to_dataset, file_id, dataset.id, kind)
            record = ctx.store.datasets.file(file_id)
            rows = record.rows if record is not None else None
            ctx.store.datasets.set_rows(dataset.id, kind, rows or 0)
        return reply({"success": True, "data": {"dataset_id": dataset.id}})

    async def upload_table(request: Request) -> Response:  # (E9, E10)
        user = bearer_user(request, ctx)
        kind: TableKind
        if request.path_params["kind"] == "edges":
            kind = "edges"
        elif request.path_params["kind"] == "nodes":
            kind = "nodes"
        else:
            raise Refused(404, f"unknown table kind {request.path_params['kind']!r}")
        dataset = owned_dataset(ctx.store, user, request.path_params["dataset_id"])
        try:
            received = await _received(request, ctx)
        except BodyTooLarge as exc:
            failed(
                dataset,
                kind,
                f"its upload was larger than the hub's limit of {byte_size(exc.limit)}",
            )
            raise
        if isinstance(received, str):
            failed(dataset, kind, f"its upload failed: {received}")
            raise Refused(400, received)
        path, rows = received
        await run_in_threadpool(ctx.tables.keep_dataset_table, dataset.id, kind, path)
        ctx.store.datasets.set_rows(dataset.id, kind, rows)
        return reply({"success": True, "data": {"dataset_id": dataset.id}})

    async def create_file(request: Request) -> Response:  # (E11)
        user = bearer_user(request, ctx)
        body = await read_json(request)
        if body is None:
            raise Refused(400, "the file descriptor must be a JSON object")
        if body.get("file_type", "arrow") != "arrow":
            raise Refused(400, "the local hub stores only file_type 'arrow'")
        check_org(ctx.store, user, body.get("org_name"))
        record = ctx.store.datasets.create_file(user, str(body.get("name") or ""), "arrow")
        return reply({"file_id": record.id, "success": True})

    async def upload_file(request: Request) -> Response:  # (E12)
        user = bearer_user(request, ctx)
        file_id = request.path_params["file_id"]
        record = ctx.store.datasets.file(file_id)
        if record is None:
            raise Refused(404, f"No file {file_id} on this hub")
        if record.owner != user:
            raise Refused(403, f"File {file_id} belongs to another user")
        erase = request.query_params.get("erase", "true").lower() != "false"
        received = await _received(request, ctx)
        if isinstance(received, str):
            # 200 so that the client reads `errors` and raises its own explanatory error.
            if erase:
                ctx.tables.erase_file(file_id)
                ctx.store.datasets.set_file_rows(file_id, None)
            return reply({"is_valid": False, "is_uploaded": not erase, "errors": [received]})
        path, rows = received
        await run_in_threadpool(ctx.tables.keep_file, file_id, path)
        ctx.store.datasets.set_file_rows(file_id, rows)
        return reply({"is_valid": True, "is_uploaded": True, "errors": []})

    async def share_dataset(request: Request) -> Response:  # (E13)
        user = bearer_user(request, ctx)
        body = await read_json(request)
        if body is None or body.get("obj_type", "dataset") != "dataset":
            raise Refused(400, "only obj_type 'dataset' can be shared")
        dataset = owned_dataset(ctx.store, user, str(body.get("obj_pk", "")))
        mode = body.get("mode", "private")
        try:  # pygraphistry sends the mode unchecked ("org" too)
            mode = normalize_privacy(mode) if isinstance(mode, str) else None
        except ValueError:
            mode = None
        if not mode:
            given = body.get("mode")
            raise Refused(400, f"mode must be one of {', '.join(PRIVACY_MODES)}; got {given!r}")
        ctx.store.datasets.set_privacy(dataset.id, mode)
        echo = {k: body.get(k) for k in ("notify", "invited_users", "mode_action", "message")}
        return reply(
            {
                "success": True,
                "data": {"obj_pk": dataset.id, "obj_type": "dataset", "mode": mode, **echo},
            }
        )

    async def look_up_dataset(request: Request) -> Response:  # (E14)
        user = bearer_user(request, ctx)
        dataset = owned_dataset(ctx.store, user, request.path_params["dataset_id"])
        return reply({"success": True, "data": {**dataset.descriptor, "dataset_id": dataset.id}})

    return [
        UPLOAD_ENDPOINTS.route(path, endpoint, methods=[method])
        for method, path, endpoint in (
            ("POST", "/api/v2/upload/datasets/", create_dataset),
            ("POST", "/api/v2/upload/datasets/{dataset_id}/{kind}/arrow", upload_table),
            ("GET", "/api/v2/upload/datasets/{dataset_id}", look_up_dataset),
            ("POST", "/api/v2/files/", create_file),
            ("POST", "/api/v2/upload/files/{file_id}", upload_file),
            ("POST", "/api/v2/share/link/", share_dataset),
        )
    ]
