"""Login, token and organization endpoints (E1-E7 of graphistry-protocol.md), with the replies and
failure shapes pygraphistry 0.61.2 expects."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .access import bearer_user
from .context import HubContext, note_user, read_json, reply
from .tokens import TOKEN_INVALID, TokenError

BAD_CREDENTIALS = "Unable to log in with provided credentials."
BAD_PERSONAL_KEY = "Invalid personal key."


def _issue_login(ctx: HubContext, request: Request, user: str, org: object) -> Response:
    """The E1/E2 success reply; ``active_organization`` only when an org was asked for.

    A reply carrying an org nobody asked for makes the client adopt it and switch on every plot
    (protocol section 2.1), so it is left out then.
    """
    user_id = ctx.store.user_id(user)
    if user_id is None:  # deleted between the check and now
        return reply({"non_field_errors": [BAD_CREDENTIALS]}, 400)
    note_user(request, user)
    body: dict[str, Any] = {"token": ctx.tokens.issue(user_id, user)}
    if isinstance(org, str) and org:
        found = ctx.store.org_exists(org)
        body["active_organization"] = {
            "slug": org,
            "is_found": found,
            "is_member": found and ctx.store.is_member(user, org),
        }
    return reply(body)


def routes(ctx: HubContext) -> list[Route]:
    """The routes of E1-E7 for one hub."""

    async def token_auth(request: Request) -> Response:  # E1
        body = await read_json(request) or {}
        username, password = body.get("username"), body.get("password")
        if not (isinstance(username, str) and isinstance(password, str) and username and password):
            return reply({"non_field_errors": [BAD_CREDENTIALS]}, 400)
        if not await run_in_threadpool(ctx.store.check_password, username, password):
            return reply({"non_field_errors": [BAD_CREDENTIALS]}, 400)
        return _issue_login(ctx, request, username, body.get("org_name"))

    async def personal_key_auth(request: Request) -> Response:  # E2: a GET with a JSON body
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        key_id, _, secret = credentials.strip().partition(":")
        if scheme != "PersonalKey" or not key_id or not secret:
            return reply({"detail": BAD_PERSONAL_KEY}, 401)
        user = await run_in_threadpool(ctx.store.check_personal_key, key_id, secret)
        if user is None:
            return reply({"detail": BAD_PERSONAL_KEY}, 401)
        body = await read_json(request) or {}
        return _issue_login(ctx, request, user, body.get("org_name"))

    async def refresh(request: Request) -> Response:  # E3: the client reads only the token key
        token = (await read_json(request) or {}).get("token")
        if not isinstance(token, str) or not token.strip():
            return reply({"non_field_errors": [TOKEN_INVALID]}, 400)
        try:
            fresh, claims = ctx.tokens.refresh(token.strip())
        except TokenError as exc:
            return reply({"non_field_errors": [str(exc)]}, 400)
        if ctx.store.user_id(claims.username) != claims.user_id:
            return reply({"non_field_errors": [TOKEN_INVALID]}, 400)
        note_user(request, claims.username)
        return reply({"token": fresh})

    async def verify(request: Request) -> Response:  # E4: only 2xx or not matters
        token = (await read_json(request) or {}).get("token")
        if not isinstance(token, str) or not token.strip():
            return reply({"non_field_errors": [TOKEN_INVALID]}, 400)
        try:
            claims = ctx.tokens.check(token.strip())
        except TokenError as exc:
            return reply({"non_field_errors": [str(exc)]}, 400)
        note_user(request, claims.username)
        return reply({"token": token.strip()})

    async def switch_org(request: Request) -> Response:  # E5
        org = request.path_params["org"]
        user, reason = bearer_user(request, ctx)
        if user is None:
            return reply({"status": "ERR", "message": reason}, 401)
        if not (ctx.store.org_exists(org) and ctx.store.is_member(user, org)):
            return reply(
                {"status": "ERR", "message": f"Not authorized to organization '{org}'"}, 403
            )
        return reply(
            {"status": "OK", "message": f"Switched to organization: {org}", "data": {"slug": org}}
        )

    async def sso_start(request: Request) -> Response:  # E6a, E6b, E6c
        org = request.path_params.get("org")
        idp = request.path_params.get("idp")
        if org is not None and not ctx.store.org_exists(org):
            return reply({"status": "ERR", "message": f"Organization '{org}' not found"}, 404)
        state = ctx.store.create_sso_state(org, idp)
        if ctx.sso_auto_approve is not None:
            ctx.store.approve_sso_state(state, ctx.sso_auto_approve)
        base = str(request.base_url).rstrip("/")
        return reply(
            {
                "status": "OK",
                "message": "",
                "data": {"state": state, "auth_url": f"{base}/sso/signin?state={state}"},
            }
        )

    async def sso_poll(request: Request) -> Response:  # E7
        sso = ctx.store.sso_state(request.path_params["state"])
        if sso is None:
            return reply({"status": "ERR", "message": "Unknown or expired SSO state"}, 400)
        if sso.redeemed:
            return reply({"status": "ERR", "message": "SSO state already used"}, 400)
        if sso.user is None:
            return reply({"status": "ERR", "message": "Token not ready"}, 400)
        if sso.org is not None and not ctx.store.is_member(sso.user, sso.org):
            message = f"User {sso.user} is not a member of organization '{sso.org}'"
            return reply({"status": "ERR", "message": message}, 403)
        user_id = ctx.store.user_id(sso.user)
        if user_id is None or not ctx.store.redeem_sso_state(sso.state):
            return reply({"status": "ERR", "message": "SSO state already used"}, 400)
        note_user(request, sso.user)
        data: dict[str, Any] = {"token": ctx.tokens.issue(user_id, sso.user)}
        if sso.org is not None:
            data["active_organization"] = {"slug": sso.org}
        return reply({"status": "OK", "message": "", "data": data})

    return [
        Route("/api-token-auth/", token_auth, methods=["POST"]),
        Route("/api/v2/auth/pkey/jwt/", personal_key_auth, methods=["GET", "POST"]),
        Route("/api/v2/auth/token/refresh", refresh, methods=["POST"]),
        Route("/api-token-verify/", verify, methods=["POST"]),
        Route("/api/v2/o/{org}/switch/", switch_org, methods=["POST"]),
        Route("/api/v2/g/sso/oidc/login/", sso_start, methods=["POST"]),
        Route("/api/v2/o/{org}/sso/oidc/login/", sso_start, methods=["POST"]),
        Route("/api/v2/o/{org}/sso/oidc/login/{idp}/", sso_start, methods=["POST"]),
        Route("/api/v2/o/sso/oidc/jwt/{state}/", sso_poll, methods=["GET"]),
    ]
