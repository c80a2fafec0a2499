"""Dataset, file and sharing endpoints (E8-E14 of graphistry-protocol.md).

A token only ever touches its own user's datasets and files: another user's id answers 403,
an unknown one 404, and neither ever carries data. An upload's body is read only once its token
and target were accepted, streamed to disk (uploads.py) and checked there; a table whose upload
failed is remembered as missing, with the reason (datasets.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ...protocol.privacy import PRIVACY_MODES, normalize_privacy
from ..auth.access import Refusal, bearer_user, org_refusal, owned_dataset
from ..context import HubContext, read_json, reply
from ..limits import BodyTooLarge, byte_size
from ..storage.store import Dataset
from ..storage.tables import InvalidArrow, TableKind, count_rows
from ..storage.uploads import discard, receive_upload

_FILE_KEYS: tuple[tuple[TableKind, str], ...] = (("edges", "edge_files"), ("nodes", "node_files"))


def _failure(message: str, status: int) -> Response:
    # E8-E10 read `success`; a reply without it turns into a bare KeyError in the client.
    return reply({"success": False, "message": message}, status)


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


def _owned_dataset(ctx: HubContext, user: str, dataset_id: str) -> Dataset | Response:
    found = owned_dataset(ctx.store, user, dataset_id)
    return _failure(found.message, found.status) if isinstance(found, Refusal) else found


def _file_ids(descriptor: dict[str, Any], key: str) -> list[str] | None:
    value = descriptor.get(key)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def routes(ctx: HubContext) -> list[Route]:
    """The routes of E8-E14 for one hub."""

    def failed(dataset: Dataset, kind: TableKind, reason: str) -> None:
        # No earlier copy stays behind to be shown as if it were this upload.
        ctx.tables.erase_dataset_table(dataset.id, kind)
        ctx.store.datasets.fail_table(dataset.id, kind, reason)

    def check_org(user: str, org: object) -> Response | None:
        refused = org_refusal(ctx.store, user, org)
        return None if refused is None else _failure(refused.message, refused.status)

    def attach_files(user: str, descriptor: dict[str, Any]) -> dict[TableKind, str] | Response:
        """The uploaded file to use per table kind, or a failure naming the bad file id."""
        chosen: dict[TableKind, str] = {}
        for kind, key in _FILE_KEYS:
            ids = _file_ids(descriptor, key)
            if ids is None or len(ids) > 1:
                return _failure(f"{key} must be a list of at most one file id", 400)
            for file_id in ids:
                record = ctx.store.datasets.file(file_id)
                if record is None or record.owner != user:
                    return _failure(
                        f"unknown file id {file_id}; this hub never received it (pygraphistry "
                        "reuses file ids across servers, even with upload(memoize=False)): use "
                        "plot() instead of upload(), or clear pygraphistry's file memo with "
                        "sys.modules['graphistry.ArrowFileUploader']._CACHE.clear()",
                        400,
                    )
                if record.rows is None:
                    return _failure(f"file {file_id} has no valid contents uploaded", 400)
                chosen[kind] = file_id
        return chosen

    async def create_dataset(request: Request) -> Response:  # E8
        user, reason = bearer_user(request, ctx)
        if user is None:
            return _failure(reason, 401)
        descriptor = await read_json(request)
        if descriptor is None:
            return _failure("the dataset descriptor must be a JSON object", 400)
        org = descriptor.get("org_name")
        denied = check_org(user, org)
        if denied is not None:
            return denied
        files = attach_files(user, descriptor)
        if isinstance(files, Response):
            return files
        dataset = ctx.store.datasets.create(
            user, org if isinstance(org, str) and org else None, descriptor
        )
        for kind, file_id in files.items():  # checked when their own upload arrived (E12)
            await run_in_threadpool(ctx.tables.copy_file_to_dataset, file_id, dataset.id, kind)
            record = ctx.store.datasets.file(file_id)
            rows = record.rows if record is not None else None
            ctx.store.datasets.set_rows(dataset.id, kind, rows or 0)
        return reply({"success": True, "data": {"dataset_id": dataset.id}})

    async def upload_table(request: Request) -> Response:  # E9, E10
        user, reason = bearer_user(request, ctx)
        if user is None:
            return _failure(reason, 401)
        kind: TableKind
        if request.path_params["kind"] == "edges":
            kind = "edges"
        elif request.path_params["kind"] == "nodes":
            kind = "nodes"
        else:
            return _failure(f"unknown table kind {request.path_params['kind']!r}", 404)
        dataset = _owned_dataset(ctx, user, request.path_params["dataset_id"])
        if isinstance(dataset, Response):
            return dataset
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
            return _failure(received, 400)
        path, rows = received
        await run_in_threadpool(ctx.tables.keep_dataset_table, dataset.id, kind, path)
        ctx.store.datasets.set_rows(dataset.id, kind, rows)
        return reply({"success": True, "data": {"dataset_id": dataset.id}})

    async def create_file(request: Request) -> Response:  # E11
        user, reason = bearer_user(request, ctx)
        if user is None:
            return _failure(reason, 401)
        body = await read_json(request)
        if body is None:
            return _failure("the file descriptor must be a JSON object", 400)
        if body.get("file_type", "arrow") != "arrow":
            return _failure("the local hub stores only file_type 'arrow'", 400)
        denied = check_org(user, body.get("org_name"))
        if denied is not None:
            return denied
        record = ctx.store.datasets.create_file(user, str(body.get("name") or ""), "arrow")
        return reply({"file_id": record.id, "success": True})

    async def upload_file(request: Request) -> Response:  # E12
        user, reason = bearer_user(request, ctx)
        if user is None:
            return _failure(reason, 401)
        file_id = request.path_params["file_id"]
        record = ctx.store.datasets.file(file_id)
        if record is None:
            return _failure(f"No file {file_id} on this hub", 404)
        if record.owner != user:
            return _failure(f"File {file_id} belongs to another user", 403)
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

    async def share(request: Request) -> Response:  # E13
        user, reason = bearer_user(request, ctx)
        if user is None:
            return _failure(reason, 401)
        body = await read_json(request)
        if body is None or body.get("obj_type", "dataset") != "dataset":
            return _failure("only obj_type 'dataset' can be shared", 400)
        dataset = _owned_dataset(ctx, user, str(body.get("obj_pk", "")))
        if isinstance(dataset, Response):
            return dataset
        mode = body.get("mode", "private")
        try:  # pygraphistry sends the mode unchecked ("org" too)
            mode = normalize_privacy(mode) if isinstance(mode, str) else None
        except ValueError:
            mode = None
        if not mode:
            given = body.get("mode")
            return _failure(f"mode must be one of {', '.join(PRIVACY_MODES)}; got {given!r}", 400)
        ctx.store.datasets.set_privacy(dataset.id, mode)
        echo = {k: body.get(k) for k in ("notify", "invited_users", "mode_action", "message")}
        return reply(
            {
                "success": True,
                "data": {"obj_pk": dataset.id, "obj_type": "dataset", "mode": mode, **echo},
            }
        )

    async def lookup(request: Request) -> Response:  # E14
        user, reason = bearer_user(request, ctx)
        if user is None:
            return _failure(reason, 401)
        dataset = _owned_dataset(ctx, user, request.path_params["dataset_id"])
        if isinstance(dataset, Response):
            return dataset
        return reply({"success": True, "data": {**dataset.descriptor, "dataset_id": dataset.id}})

    return [
        Route("/api/v2/upload/datasets/", create_dataset, methods=["POST"]),
        Route("/api/v2/upload/datasets/{dataset_id}/{kind}/arrow", upload_table, methods=["POST"]),
        Route("/api/v2/upload/datasets/{dataset_id}", lookup, methods=["GET"]),
        Route("/api/v2/files/", create_file, methods=["POST"]),
        Route("/api/v2/upload/files/{file_id}", upload_file, methods=["POST"]),
        Route("/api/v2/share/link/", share, methods=["POST"]),
    ]
