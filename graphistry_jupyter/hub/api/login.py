"""The login, token, organization and SSO endpoints (E1-E7 of graphistry-protocol.md), with the
replies and failure shapes pygraphistry 0.61.2 expects.

Password and personal-key checks are rate-limited (auth/throttle.py): past the limit they answer
429 with ``Retry-After`` and a sentence saying when to try again, and are not even checked.
Refusals are rendered by the endpoints' families (refusals.py): the token endpoints as DRF-JWT's
serializers answer, the personal-key login with ``detail``, the organization and SSO endpoints
with ``status: "ERR"``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth.access import bearer_user, issue_session_token, password_user, session_claims
from ..auth.tokens import TOKEN_INVALID, TokenClaims
from ..context import HubContext, client_address, note_user, read_json, reply
from ..refusals import DETAIL, ORGANIZATION_ENDPOINTS, TOKEN_ENDPOINTS, Refused

BAD_CREDENTIALS = "Unable to log in with provided credentials."
BAD_PERSONAL_KEY = "Invalid personal key."


def active_organization(ctx: HubContext, user: str, org: str) -> dict[str, Any]:
    """The ``active_organization`` object of a login or SSO reply, as real servers send it."""
    users = ctx.store.users
    found = users.org_exists(org)
    return {"slug": org, "is_found": found, "is_member": found and users.is_member(user, org)}


def _issue_login(ctx: HubContext, request: Request, user: str, org: object) -> Response:
    """The reply of a successful password or personal-key login (E1, E2);
    ``active_organization`` only when an org was asked for.

    A reply carrying an org nobody asked for makes the client adopt it and switch on every plot
    (protocol section 2.1), so it is left out then.
    """
    token = issue_session_token(ctx, user)
    if token is None:  # deleted between the check and now
        raise Refused(400, BAD_CREDENTIALS)
    note_user(request, user)
    body: dict[str, Any] = {"token": token}
    if isinstance(org, str) and org:
        body["active_organization"] = active_organization(ctx, user, org)
    return reply(body)


def routes(ctx: HubContext) -> list[Route]:
    """The login, token, organization and SSO routes (E1-E7) of one hub."""

    async def password_login(request: Request) -> Response:  # (E1)
        body = await read_json(request) or {}
        username, password = body.get("username"), body.get("password")
        if not (isinstance(username, str) and isinstance(password, str) and username and password):
            raise Refused(400, BAD_CREDENTIALS)
        if await password_user(request, ctx, username, password) is None:
            raise Refused(400, BAD_CREDENTIALS)
        return _issue_login(ctx, request, username, body.get("org_name"))

    async def personal_key_login(request: Request) -> Response:  # (E2): a GET with a JSON body
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        key_id, _, secret = credentials.strip().partition(":")
        if scheme != "PersonalKey" or not key_id or not secret:
            raise Refused(401, BAD_PERSONAL_KEY)
        user = await ctx.throttle.check(
            key_id,
            client_address(request),
            "this personal key",
            lambda: ctx.store.users.check_personal_key(key_id, secret),
        )
        if user is None:
            raise Refused(401, BAD_PERSONAL_KEY)
        body = await read_json(request) or {}
        return _issue_login(ctx, request, user, body.get("org_name"))

    async def checked_body_token(request: Request) -> tuple[str, TokenClaims]:
        """The ``token`` of a refresh or verify body (E3, E4) and its current claims."""
        token = (await read_json(request) or {}).get("token")
        if not isinstance(token, str) or not token.strip():
            raise Refused(400, TOKEN_INVALID)
        claims = session_claims(ctx, token.strip())
        note_user(request, claims.username)
        return token.strip(), claims

    async def refresh_token(request: Request) -> Response:  # (E3): the client reads only `token`
        fresh, _ = ctx.tokens.refresh(*await checked_body_token(request))
        return reply({"token": fresh})

    async def verify_token(request: Request) -> Response:  # (E4): only 2xx or not matters
        token, _ = await checked_body_token(request)
        return reply({"token": token})

    async def switch_organization(request: Request) -> Response:  # (E5)
        org = request.path_params["org"]
        user = bearer_user(request, ctx)
        if not (ctx.store.users.org_exists(org) and ctx.store.users.is_member(user, org)):
            raise Refused(403, f"Not authorized to organization '{org}'")
        return reply(
            {"status": "OK", "message": f"Switched to organization: {org}", "data": {"slug": org}}
        )

    async def sso_start(request: Request) -> Response:  # (E6a, E6b, E6c)
        org = request.path_params.get("org")
        idp = request.path_params.get("idp")
        if org is not None and not ctx.store.users.org_exists(org):
            raise Refused(404, f"Organization '{org}' not found")
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

    async def sso_poll(request: Request) -> Response:  # (E7)
        sso = ctx.store.sessions.sso_state(request.path_params["state"])
        if sso is None:
            raise Refused(400, "Unknown or expired SSO state")
        if sso.redeemed:
            raise Refused(400, "SSO state already used")
        if sso.user is None:
            raise Refused(400, "Token not ready")
        if sso.org is not None and not ctx.store.users.is_member(sso.user, sso.org):
            raise Refused(403, f"User {sso.user} is not a member of organization '{sso.org}'")
        token = issue_session_token(ctx, sso.user)
        if token is None or not ctx.store.sessions.redeem_sso_state(sso.state):
            raise Refused(400, "SSO state already used")
        note_user(request, sso.user)
        # Always bound, as real servers do (clients 0.45-0.55 refuse a reply without it): the
        # org the login was started for, else the user's personal organization, which is what
        # newer clients fall back to anyway (protocol section 2.5).
        org = active_organization(ctx, sso.user, sso.org or sso.user)
        data = {"token": token, "active_organization": org}
        return reply({"status": "OK", "message": "", "data": data})

    return [
        TOKEN_ENDPOINTS.route("/api-token-auth/", password_login, methods=["POST"]),
        DETAIL.route("/api/v2/auth/pkey/jwt/", personal_key_login, methods=["GET", "POST"]),
        TOKEN_ENDPOINTS.route("/api/v2/auth/token/refresh", refresh_token, methods=["POST"]),
        TOKEN_ENDPOINTS.route("/api-token-verify/", verify_token, methods=["POST"]),
        ORGANIZATION_ENDPOINTS.route(
            "/api/v2/o/{org}/switch/", switch_organization, methods=["POST"]
        ),
        *(
            ORGANIZATION_ENDPOINTS.route(path, sso_start, methods=["POST"])
            for path in (
                "/api/v2/g/sso/oidc/login/",
                "/api/v2/o/{org}/sso/oidc/login/",
                "/api/v2/o/{org}/sso/oidc/login/{idp}/",
            )
        ),
        ORGANIZATION_ENDPOINTS.route("/api/v2/o/sso/oidc/jwt/{state}/", sso_poll, methods=["GET"]),
    ]
