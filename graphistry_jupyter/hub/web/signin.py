"""Browser-facing sign-in: the hub's login page (viewer sessions), logout, the SSO sign-in page
where a person approves a notebook's SSO login, and the index page.

Each form POST is checked in this order: its anti-forgery token (csrf.py; a failure is a 400 page
with a fresh form, and nothing else happens), then the failed-login limit (auth/throttle.py; 429),
then the credentials. A refused form comes back ready to be submitted again: each form's family
renders every refusal as its page again, with a fresh anti-forgery token and the refusal in the
alert (refusals.py), except an SSO link that expired, which is a page of its own.

Redirects are relative (``./graph/graph.html?...`` from ``/login``), like every URL in the pages,
so they stay on the hub when it is served under a path prefix (pages.py).
"""

from __future__ import annotations

import secrets
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..auth.access import cookie_user, password_user
from ..context import HubContext, note_user, proxied_from
from ..refusals import Family, Refused
from ..storage.store import SSO_STATE_TTL_S
from . import csrf, pages

WRONG_CREDENTIALS = "Wrong username or password."


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
        # Read once: the form's family reads it again (cached) to render a refusal.
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}

    def check_forgery(request: Request, fields: dict[str, str], form: str) -> None:
        if csrf.from_elsewhere(request) or not ctx.forms.check(fields.get(csrf.FIELD), form):
            raise Refused(400, csrf.REFUSED)

    async def checked_form_user(request: Request, fields: dict[str, str], form: str) -> str:
        """The user the form's credentials name; Refused when the submission is not accepted."""
        check_forgery(request, fields, form)
        username, password = fields.get("username", ""), fields.get("password", "")
        if not username or not password:
            raise Refused(400, WRONG_CREDENTIALS)
        user = await password_user(request, ctx, username, password)
        if user is None:
            raise Refused(400, WRONG_CREDENTIALS)
        return user

    async def login_form_again(request: Request, refused: Refused) -> Response:
        fields = await form_fields(request)
        next_path = safe_next(fields.get("next", "/"))
        token = ctx.forms.issue("login")
        return pages.login_page(next_path, token, refused.message, refused.status, refused.headers)

    async def sso_form_again(request: Request, refused: Refused) -> Response:
        if refused.title is not None:  # the link expired: no form to show again
            return pages.refusal_page(request.url.path, refused)
        state = (await form_fields(request)).get("state", "")
        sso = ctx.store.sessions.sso_state(state)
        token = ctx.forms.issue(f"sso:{state}")
        org = sso.org if sso is not None else None
        return pages.sso_signin_page(
            state, org, token, refused.message, refused.status, refused.headers
        )

    login_form_family = Family(login_form_again)
    sso_form_family = Family(sso_form_again)

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
        # Through Jupyter's proxy (the only one that gets here, server/jupyter_proxy.py), people
        # open the hub at the proxy's path; the kernel calls it at its own address.
        browser = proxied_from(request.scope["headers"])
        server = str(request.base_url).rstrip("/")
        return pages.index_page(server, user, pages.login_url("/"), browser_address=browser)

    async def login_form(request: Request) -> Response:
        next_path = safe_next(request.query_params.get("next", "/"))
        return pages.login_page(next_path, ctx.forms.issue("login"))

    async def login(request: Request) -> Response:
        fields = await form_fields(request)
        next_path = safe_next(fields.get("next", "/"))
        user = await checked_form_user(request, fields, "login")
        note_user(request, user)
        redirect = RedirectResponse(relative_to_root(next_path), status_code=303)
        return start_session(redirect, user)

    async def logout(request: Request) -> Response:
        if csrf.from_elsewhere(request):  # a page elsewhere must not sign this browser out
            raise Refused(400, csrf.REFUSED)
        value = request.cookies.get(ctx.cookie_name)
        if value:
            ctx.store.sessions.delete_browser_session(value)
        response = RedirectResponse(relative_to_root("/"), status_code=303)
        response.delete_cookie(ctx.cookie_name, path="/")
        return response

    def link_expired(message: str) -> Refused:
        return Refused(404, message, title="Sign-in link expired")

    sso_cookie = f"{ctx.cookie_name}_sso"

    def other_browser() -> Refused:
        return Refused(
            403,
            "This sign-in link was opened first in another browser, and only that browser can "
            "approve it. Start the login again from your notebook and open its link here.",
            title="Sign-in link opened elsewhere",
        )

    async def sso_signin_form(request: Request) -> Response:
        state = request.query_params.get("state", "")
        sso = ctx.store.sessions.sso_state(state)
        if sso is None or sso.redeemed:
            raise link_expired(
                "This sign-in link is unknown, expired or already used. Start the login again "
                "from your notebook."
            )
        # The login is bound to the browser that opens its link first: someone who learned a
        # pending state elsewhere cannot approve it with their own account (docs/hub.md).
        nonce = request.cookies.get(sso_cookie) or secrets.token_urlsafe(32)
        if not ctx.store.sessions.is_sso_browser(state, nonce) and not (
            ctx.store.sessions.bind_sso_state(state, nonce)
        ):
            raise other_browser()
        page = pages.sso_signin_page(state, sso.org, ctx.forms.issue(f"sso:{state}"))
        page.set_cookie(
            sso_cookie,
            nonce,
            max_age=int(SSO_STATE_TTL_S),
            path="/",
            httponly=True,
            samesite="lax",
        )
        return page

    async def sso_signin(request: Request) -> Response:
        fields = await form_fields(request)
        state = fields.get("state", "")
        sso = ctx.store.sessions.sso_state(state)
        if sso is None or sso.redeemed:
            raise link_expired("This sign-in link is unknown, expired or already used.")
        check_forgery(request, fields, f"sso:{state}")
        if not ctx.store.sessions.is_sso_browser(state, request.cookies.get(sso_cookie)):
            raise other_browser()
        user = await checked_form_user(request, fields, f"sso:{state}")
        if sso.org is not None and not ctx.store.users.is_member(user, sso.org):
            raise Refused(403, f"{user} is not a member of organization {sso.org}.")
        note_user(request, user)
        ctx.store.sessions.approve_sso_state(state, user)
        # Signing in here is signing in to the hub: the viewer works in this browser too.
        return start_session(pages.sso_done_page(user), user)

    return [
        pages.PAGES.route("/", index, methods=["GET"]),
        login_form_family.route("/login", login_form, methods=["GET"]),
        login_form_family.route("/login", login, methods=["POST"]),
        pages.PAGES.route("/logout", logout, methods=["POST"]),
        sso_form_family.route("/sso/signin", sso_signin_form, methods=["GET"]),
        sso_form_family.route("/sso/signin", sso_signin, methods=["POST"]),
    ]
