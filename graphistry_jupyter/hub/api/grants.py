"""The view-grant endpoint, the hub's one extension to Graphistry's API (docs/single-sign-in.md).

``POST /api/v2/datasets/{dataset_id}/view-grant`` with the session token as ``Authorization:
Bearer`` exchanges it for a short-lived grant to view that one dataset. Refusals use the upload
endpoints' shape (``success``, ``message``; refusals.py), so a client tells "this server has the
extension and said no" (a JSON object with ``success``) from "no such endpoint" (anything else on
404/405).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..auth.access import USER_NOT_FOUND, bearer_user, grantable_dataset
from ..context import HubContext
from ..refusals import VIEW_GRANT_ENDPOINT, Refused

# The grant is a credential: no cache may keep the reply.
_NO_STORE = {"Cache-Control": "no-store"}


def routes(ctx: HubContext) -> list[Route]:
    """The view-grant route for one hub."""

    async def issue_view_grant(request: Request) -> Response:
        user = bearer_user(request, ctx)  # exactly the upload endpoints' token check
        dataset = grantable_dataset(ctx.store, user, request.path_params["dataset_id"])
        identity = ctx.store.users.identity(user)
        if identity is None:  # deleted since the token check
            raise Refused(401, USER_NOT_FOUND)
        grant, expires_at = ctx.grants.issue(
            identity.id, user, dataset.id, generation=identity.generation
        )
        body = {"grant": grant, "dataset_id": dataset.id, "expires_at": expires_at}
        return JSONResponse({"success": True, "data": body}, headers=_NO_STORE)

    return [
        VIEW_GRANT_ENDPOINT.route(
            "/api/v2/datasets/{dataset_id}/view-grant", issue_view_grant, methods=["POST"]
        )
    ]
