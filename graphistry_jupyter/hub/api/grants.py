"""The view-grant endpoint, the hub's one extension to Graphistry's API (docs/single-sign-in.md).

``POST /api/v2/datasets/{dataset_id}/view-grant`` with the session token as ``Authorization:
Bearer`` exchanges it for a short-lived grant to view that one dataset. Replies use the upload
endpoints' shape (``success``, ``message``), so a client tells "this server has the extension
and said no" (a JSON object with ``success``) from "no such endpoint" (anything else on 404/405).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..auth.access import Refusal, bearer_user, grantable_dataset
from ..context import HubContext

# The grant is a credential: no cache may keep the reply.
_NO_STORE = {"Cache-Control": "no-store"}


def _failure(message: str, status: int) -> Response:
    return JSONResponse({"success": False, "message": message}, status, headers=_NO_STORE)


def routes(ctx: HubContext) -> list[Route]:
    """The view-grant route for one hub."""

    async def view_grant(request: Request) -> Response:
        user, reason = bearer_user(request, ctx)  # exactly the upload endpoints' token check
        if user is None:
            return _failure(reason, 401)
        dataset = grantable_dataset(ctx.store, user, request.path_params["dataset_id"])
        if isinstance(dataset, Refusal):
            return _failure(dataset.message, dataset.status)
        identity = ctx.store.users.identity(user)
        if identity is None:  # deleted since the token check
            return _failure("User not found.", 401)
        grant, expires_at = ctx.grants.issue(
            identity.id, user, dataset.id, generation=identity.generation
        )
        body = {"grant": grant, "dataset_id": dataset.id, "expires_at": expires_at}
        return JSONResponse({"success": True, "data": body}, headers=_NO_STORE)

    return [Route("/api/v2/datasets/{dataset_id}/view-grant", view_grant, methods=["POST"])]
