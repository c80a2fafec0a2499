"""Browser-facing sign-in: the hub's login page (viewer sessions), logout, the SSO sign-in page
where a person approves a notebook's SSO login, and the index page.

Each form POST is checked in this order: its anti-forgery token (csrf.py; a failure is a 400 page
with a fresh form, and nothing else happens), then the failed-login limit (throttle.py; 429),
then the credentials. A refused form comes back ready to be submitted again.

Redirects are relative (``./graph/graph.html?...`` from ``/login``), like every URL in the pages,
so they stay on the hub when it is served under a path prefix (pages.py).
"""

from __future__ import annotations

from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..auth.access import cookie_user, password_user
from ..auth.throttle import Throttled
from ..context import HubContext, note_user
from . import csrf, pages

WRONG_CREDENTIALS = "Wrong username or password."

#: ``(error, status, extra headers)`` of a refused form submission.
Refused = tuple[str, int, dict[str, str]]


def safe_next(value: object) -> str:
    """``value`` if it is a path on this hub, else ``/``: never redirect to another site, nor,
    under a path prefix, out of the hub (a ``..`` segment, even percent-encoded)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    path = value.split("?", 1)[0].split("#", 1)[0]
    if any(unquote(segment) in (".", "..") for segment in path.split("/")):
        return "/"
    return value


def relative_to_root(path: str) -> str:
    """A redirect target for ``path`` (a path on the hub, from :func:`safe_next`) that is
    relative to a page at the hub's root, so that it keeps any prefix the hub is served under."""
    return f".{path}"


def routes(ctx: HubContext) -> list[Route]:
    """The routes of the browser pages for one hub."""

    async def form_fields(request: Request) -> dict[str, str]:
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}

    async def check_form(request: Request, fields: dict[str, str], form: str) -> str | Refused:
        """The user the form's credentials name, or why the submission is refused."""
        if csrf.from_elsewhere(request) or not ctx.forms.check(fields.get(csrf.FIELD), form):
            return csrf.REFUSED, 400, {}
        username, password = fields.get("username", ""), fields.get("password", "")
        if not username or not password:
            return WRONG_CREDENTIALS, 400, {}
        user = await password_user(request, ctx, username, password)
        if isinstance(user, Throttled):
            return user.message, 429, {"Retry-After": str(user.retry_after)}
        if user is None:
            return WRONG_CREDENTIALS, 400, {}
        return user

    def start_session(response: Response, user: str) -> Response:
        value = ctx.store.sessions.create_browser_session(user, ctx.session_ttl)
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
        return pages.index_page(str(request.base_url).rstrip("/"), user, pages.login_url("/"))

    async def login_form(request: Request) -> Response:
        next_path = safe_next(request.query_params.get("next", "/"))
        return pages.login_page(next_path, ctx.forms.issue("login"))

    async def login(request: Request) -> Response:
        fields = await form_fields(request)
        next_path = safe_next(fields.get("next", "/"))
        user = await check_form(request, fields, "login")
        if not isinstance(user, str):
            error, status, headers = user
            return pages.login_page(next_path, ctx.forms.issue("login"), error, status, headers)
        note_user(request, user)
        redirect = RedirectResponse(relative_to_root(next_path), status_code=303)
        return start_session(redirect, user)

    async def logout(request: Request) -> Response:
        value = request.cookies.get(ctx.cookie_name)
        if value:
            ctx.store.sessions.delete_browser_session(value)
        response = RedirectResponse(relative_to_root("/"), status_code=303)
        response.delete_cookie(ctx.cookie_name, path="/")
        return response

    def link_expired(message: str) -> Response:
        return pages.message_page("Sign-in link expired", message, 404, frameable=True)

    async def sso_signin_form(request: Request) -> Response:
        state = request.query_params.get("state", "")
        sso = ctx.store.sessions.sso_state(state)
        if sso is None or sso.redeemed:
            return link_expired(
                "This sign-in link is unknown, expired or already used. Start the login again "
                "from your notebook."
            )
        return pages.sso_signin_page(state, sso.org, ctx.forms.issue(f"sso:{state}"))

    async def sso_signin(request: Request) -> Response:
        fields = await form_fields(request)
        state = fields.get("state", "")
        sso = ctx.store.sessions.sso_state(state)
        if sso is None or sso.redeemed:
            return link_expired("This sign-in link is unknown, expired or already used.")
        user = await check_form(request, fields, f"sso:{state}")
        if not isinstance(user, str):
            error, status, headers = user
            token = ctx.forms.issue(f"sso:{state}")
            return pages.sso_signin_page(state, sso.org, token, error, status, headers)
        if sso.org is not None and not ctx.store.users.is_member(user, sso.org):
            error = f"{user} is not a member of organization {sso.org}."
            return pages.sso_signin_page(
                state, sso.org, ctx.forms.issue(f"sso:{state}"), error, 403
            )
        note_user(request, user)
        ctx.store.sessions.approve_sso_state(state, user)
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
