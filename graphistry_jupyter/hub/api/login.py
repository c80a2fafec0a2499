"""Login, token and organization endpoints (E1-E7 of graphistry-protocol.md), with the replies and
failure shapes pygraphistry 0.61.2 expects.

Password and personal-key checks are rate-limited (throttle.py): past the limit they answer 429
with ``Retry-After`` and a sentence saying when to try again, and are not even checked.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..auth.access import Refusal, bearer_user, issue_session_token, password_user, session_claims
from ..auth.throttle import Throttled
from ..auth.tokens import TOKEN_INVALID, TokenClaims
from ..context import HubContext, client_address, note_user, read_json, reply

BAD_CREDENTIALS = "Unable to log in with provided credentials."
BAD_PERSONAL_KEY = "Invalid personal key."


def throttled_reply(refusal: Throttled, body: dict[str, Any]) -> Response:
    """429 with ``Retry-After`` (whole seconds) and ``body``."""
    headers = {"Retry-After": str(refusal.retry_after)}
    return JSONResponse(body, status_code=429, headers=headers)


def active_organization(ctx: HubContext, user: str, org: str) -> dict[str, Any]:
    """The ``active_organization`` object of a login or SSO reply, as real servers send it."""
    users = ctx.store.users
    found = users.org_exists(org)
    return {"slug": org, "is_found": found, "is_member": found and users.is_member(user, org)}


def _issue_login(ctx: HubContext, request: Request, user: str, org: object) -> Response:
    """The E1/E2 success reply; ``active_organization`` only when an org was asked for.

    A reply carrying an org nobody asked for makes the client adopt it and switch on every plot
    (protocol section 2.1), so it is left out then.
    """
    token = issue_session_token(ctx, user)
    if token is None:  # deleted between the check and now
        return reply({"non_field_errors": [BAD_CREDENTIALS]}, 400)
    note_user(request, user)
    body: dict[str, Any] = {"token": token}
    if isinstance(org, str) and org:
        body["active_organization"] = active_organization(ctx, user, org)
    return reply(body)


def routes(ctx: HubContext) -> list[Route]:
    """The routes of E1-E7 for one hub."""

    async def token_auth(request: Request) -> Response:  # E1
        body = await read_json(request) or {}
        username, password = body.get("username"), body.get("password")
        if not (isinstance(username, str) and isinstance(password, str) and username and password):
            return reply({"non_field_errors": [BAD_CREDENTIALS]}, 400)
        checked = await password_user(request, ctx, username, password)
        if isinstance(checked, Throttled):
            return throttled_reply(
                checked, {"non_field_errors": [checked.message], "detail": checked.message}
            )
        if checked is None:
            return reply({"non_field_errors": [BAD_CREDENTIALS]}, 400)
        return _issue_login(ctx, request, username, body.get("org_name"))

    async def personal_key_auth(request: Request) -> Response:  # E2: a GET with a JSON body
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        key_id, _, secret = credentials.strip().partition(":")
        if scheme != "PersonalKey" or not key_id or not secret:
            return reply({"detail": BAD_PERSONAL_KEY}, 401)
        user = await ctx.throttle.check(
            key_id,
            client_address(request),
            "this personal key",
            lambda: ctx.store.users.check_personal_key(key_id, secret),
        )
        if isinstance(user, Throttled):
            return throttled_reply(user, {"detail": user.message})
        if user is None:
            return reply({"detail": BAD_PERSONAL_KEY}, 401)
        body = await read_json(request) or {}
        return _issue_login(ctx, request, user, body.get("org_name"))

    async def checked_body_token(request: Request) -> tuple[str, TokenClaims] | Response:
        """The ``token`` of an E3/E4 body and its current claims, or the 400 to answer."""
        token = (await read_json(request) or {}).get("token")
        if not isinstance(token, str) or not token.strip():
            return reply({"non_field_errors": [TOKEN_INVALID]}, 400)
        claims = session_claims(ctx, token.strip())
        if isinstance(claims, Refusal):
            return reply({"non_field_errors": [claims.message]}, 400)
        note_user(request, claims.username)
        return token.strip(), claims

    async def refresh(request: Request) -> Response:  # E3: the client reads only the token key
        checked = await checked_body_token(request)
        if isinstance(checked, Response):
            return checked
        fresh, _ = ctx.tokens.refresh(*checked)
        return reply({"token": fresh})

    async def verify(request: Request) -> Response:  # E4: only 2xx or not matters
        checked = await checked_body_token(request)
        return checked if isinstance(checked, Response) else reply({"token": checked[0]})

    async def switch_org(request: Request) -> Response:  # E5
        org = request.path_params["org"]
        user, reason = bearer_user(request, ctx)
        if user is None:
            return reply({"status": "ERR", "message": reason}, 401)
        if not (ctx.store.users.org_exists(org) and ctx.store.users.is_member(user, org)):
            return reply(
                {"status": "ERR", "message": f"Not authorized to organization '{org}'"}, 403
            )
        return reply(
            {"status": "OK", "message": f"Switched to organization: {org}", "data": {"slug": org}}
        )

    async def sso_start(request: Request) -> Response:  # E6a, E6b, E6c
        org = request.path_params.get("org")
        idp = request.path_params.get("idp")
        if org is not None and not ctx.store.users.org_exists(org):
            return reply({"status": "ERR", "message": f"Organization '{org}' not found"}, 404)
        state = ctx.store.sessions.create_sso_state(org, idp)
        if ctx.sso_auto_approve is not None:
            ctx.store.sessions.approve_sso_state(state, ctx.sso_auto_approve)
        base = str(request.base_url).rstrip("/")
        return reply(
            {
                "status": "OK",
                "message": "",
                "data": {"state": state, "auth_url": f"{base}/sso/signin?state={state}"},
            }
        )

    async def sso_poll(request: Request) -> Response:  # E7
        sso = ctx.store.sessions.sso_state(request.path_params["state"])
        if sso is None:
            return reply({"status": "ERR", "message": "Unknown or expired SSO state"}, 400)
        if sso.redeemed:
            return reply({"status": "ERR", "message": "SSO state already used"}, 400)
        if sso.user is None:
            return reply({"status": "ERR", "message": "Token not ready"}, 400)
        if sso.org is not None and not ctx.store.users.is_member(sso.user, sso.org):
            message = f"User {sso.user} is not a member of organization '{sso.org}'"
            return reply({"status": "ERR", "message": message}, 403)
        token = issue_session_token(ctx, sso.user)
        if token is None or not ctx.store.sessions.redeem_sso_state(sso.state):
            return reply({"status": "ERR", "message": "SSO state already used"}, 400)
        note_user(request, sso.user)
        # Always bound, as real servers do (clients 0.45-0.55 refuse a reply without it): the
        # org the login was started for, else the user's personal organization, which is what
        # newer clients fall back to anyway (protocol section 2.5).
        org = active_organization(ctx, sso.user, sso.org or sso.user)
        data = {"token": token, "active_organization": org}
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
