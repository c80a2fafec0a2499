"""Browser-facing sign-in: the hub's login page (viewer sessions), logout, the SSO sign-in page
where a person approves a notebook's SSO login, and the index page."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import pages
from .access import cookie_user
from .context import HubContext, note_user

WRONG_CREDENTIALS = "Wrong username or password."


def safe_next(value: object) -> str:
    """``value`` if it is a path on this hub, else ``/``: never redirect to another site."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    return value


def routes(ctx: HubContext) -> list[Route]:
    """The routes of the browser pages for one hub."""

    async def check_form(request: Request) -> tuple[str | None, dict[str, str]]:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        username, password = fields.get("username", ""), fields.get("password", "")
        if not username or not password:
            return None, fields
        ok = await run_in_threadpool(ctx.store.check_password, username, password)
        return (username if ok else None), fields

    def start_session(response: Response, user: str) -> Response:
        value = ctx.store.create_session(user, ctx.session_ttl)
        # Lax is enough inside notebook iframes: a page on another port of the same host is
        # the same site, so the cookie is set and sent there.
        response.set_cookie(
            ctx.cookie_name,
            value,
            max_age=int(ctx.session_ttl),
            path="/",
            httponly=True,
            samesite="lax",
        )
        return response

    async def index(request: Request) -> Response:
        user = cookie_user(request, ctx)
        return pages.index_page(str(request.base_url).rstrip("/"), user, "/login?next=%2F")

    async def login_form(request: Request) -> Response:
        return pages.login_page(safe_next(request.query_params.get("next", "/")))

    async def login(request: Request) -> Response:
        user, fields = await check_form(request)
        next_path = safe_next(fields.get("next", "/"))
        if user is None:
            return pages.login_page(next_path, WRONG_CREDENTIALS, 400)
        note_user(request, user)
        return start_session(RedirectResponse(next_path, status_code=303), user)

    async def logout(request: Request) -> Response:
        value = request.cookies.get(ctx.cookie_name)
        if value:
            ctx.store.delete_session(value)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(ctx.cookie_name, path="/")
        return response

    async def sso_signin_form(request: Request) -> Response:
        state = request.query_params.get("state", "")
        sso = ctx.store.sso_state(state)
        if sso is None or sso.redeemed:
            return pages.message_page(
                "Sign-in link expired",
                "This sign-in link is unknown, expired or already used. Start the login again "
                "from your notebook.",
                404,
            )
        return pages.sso_signin_page(state, sso.org)

    async def sso_signin(request: Request) -> Response:
        user, fields = await check_form(request)
        state = fields.get("state", "")
        sso = ctx.store.sso_state(state)
        if sso is None or sso.redeemed:
            return pages.message_page(
                "Sign-in link expired",
                "This sign-in link is unknown, expired or already used.",
                404,
            )
        if user is None:
            return pages.sso_signin_page(state, sso.org, WRONG_CREDENTIALS, 400)
        if sso.org is not None and not ctx.store.is_member(user, sso.org):
            error = f"{user} is not a member of organization {sso.org}."
            return pages.sso_signin_page(state, sso.org, error, 403)
        note_user(request, user)
        ctx.store.approve_sso_state(state, user)
        # Signing in here is signing in to the hub: the viewer works in this browser too.
        return start_session(pages.sso_done_page(user), user)

    return [
        Route("/", index, methods=["GET"]),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/sso/signin", sso_signin_form, methods=["GET"]),
        Route("/sso/signin", sso_signin, methods=["POST"]),
    ]
