"""Who may do what on this hub: every access rule, in one place.

Three kinds of credentials: API clients send a session JWT (``Authorization: Bearer``);
browsers send the hub's session cookie; viewer frames may send a view grant (``Authorization:
Bearer`` on the viewer's data endpoints only, docs/single-sign-in.md). A token only ever touches
its own user's datasets and files. Viewing follows the dataset's privacy, like a real server:
public to anyone; organization to its owner and the members of its organization; private to its
owner. A grant lets its user view one dataset for minutes, and only while that user may.
Tokens and grants name their user's id and token generation: a token of a user that no longer
exists, or was issued before that user's password changed, opens nothing.

Rules that answer a request note the user it authenticated as (for ``hub.requests``); rules that
refuse return a :class:`Refusal`, which the routes turn into their endpoint's reply shape.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from starlette.requests import Request

from ..context import HubContext, client_address, note_user
from ..storage.store import Dataset, Identity, Store
from .throttle import Throttled
from .tokens import TOKEN_REVOKED, TokenClaims, TokenError

NO_CREDENTIALS = "Authentication credentials were not provided."
USER_NOT_FOUND = "User not found."


@dataclass(frozen=True)
class Refusal:
    """Why a request may not do what it asked: an HTTP status and a sentence."""

    status: int
    message: str


class Access(enum.Enum):
    """Whether a viewer may see a dataset."""

    ALLOWED = "allowed"
    NEEDS_LOGIN = "needs_login"
    DENIED = "denied"


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _stale(identity: Identity | None, user_id: int, generation: int) -> str:
    """Why a credential naming ``user_id`` at ``generation`` is no longer good ("" if it is)."""
    if identity is None or identity.id != user_id:
        return USER_NOT_FOUND
    return TOKEN_REVOKED if identity.generation != generation else ""


def session_claims(ctx: HubContext, token: str) -> TokenClaims | Refusal:
    """The claims of a session token that is well signed, unexpired and current (its user exists
    and has not changed password since), else a 401 :class:`Refusal` saying why. Every check of a
    session token goes through here: the API's Bearer check, refresh (E3) and verify (E4)."""
    try:
        claims = ctx.tokens.check(token)
    except TokenError as exc:
        return Refusal(401, str(exc))
    stale = _stale(ctx.store.users.identity(claims.username), claims.user_id, claims.generation)
    return Refusal(401, stale) if stale else claims


def issue_session_token(ctx: HubContext, user: str) -> str | None:
    """A new session token for ``user`` at their current generation (None: no such user)."""
    identity = ctx.store.users.identity(user)
    if identity is None:
        return None
    return ctx.tokens.issue(identity.id, user, generation=identity.generation)


async def password_user(
    request: Request, ctx: HubContext, username: str, password: str
) -> str | Throttled | None:
    """``username`` when the password is right, None when not, or the refusal when that user or
    this address failed too often lately (throttle.py). The one password check of E1 and the
    hub's HTML forms."""
    return await ctx.throttle.check(
        username,
        client_address(request),
        username,
        lambda: username if ctx.store.users.check_password(username, password) else None,
    )


def bearer_user(request: Request, ctx: HubContext) -> tuple[str | None, str]:
    """``(username, "")`` for a valid session token in ``Authorization: Bearer``, else
    ``(None, reason)``. The one check of every endpoint an API client calls with its token."""
    token = _bearer(request)
    if token is None:
        return None, NO_CREDENTIALS
    claims = session_claims(ctx, token)
    if isinstance(claims, Refusal):
        return None, claims.message
    note_user(request, claims.username)
    return claims.username, ""


def cookie_user(request: Request, ctx: HubContext) -> str | None:
    """The user of the request's browser session on this hub (None: no live session)."""
    value = request.cookies.get(ctx.cookie_name)
    user = ctx.store.sessions.browser_session_user(value) if value else None
    if user is not None:
        note_user(request, user)
    return user


def viewer_access(store: Store, dataset: Dataset, user: str | None) -> Access:
    """What a viewer signed in as ``user`` (None: nobody) may do with ``dataset``."""
    if dataset.privacy == "public":
        return Access.ALLOWED
    if user is None:
        return Access.NEEDS_LOGIN
    if user == dataset.owner:
        return Access.ALLOWED
    if dataset.privacy == "organization" and dataset.org:
        return Access.ALLOWED if store.users.is_member(user, dataset.org) else Access.DENIED
    return Access.DENIED


def grant_user(request: Request, ctx: HubContext, dataset: Dataset) -> tuple[str | None, str]:
    """``(username, "")`` for a valid view grant of ``dataset`` in ``Authorization: Bearer``
    whose user still exists, ``(None, "")`` when the request carries none, else
    ``(None, reason)``. Whether that user may still view the dataset is :func:`viewer_user`'s."""
    grant = _bearer(request)
    if grant is None:
        return None, ""
    try:
        claims = ctx.grants.check(grant, dataset.id)
    except TokenError as exc:
        return None, str(exc)
    stale = _stale(ctx.store.users.identity(claims.username), claims.user_id, claims.generation)
    if stale == USER_NOT_FOUND:
        return None, "The grant's user no longer exists."
    if stale:
        return None, "The grant was revoked: its user's password changed since."
    return claims.username, ""


def viewer_user(request: Request, ctx: HubContext, dataset: Dataset) -> tuple[Access, str]:
    """What the request may do with ``dataset`` in the viewer, and why a grant it carried was
    refused (``""`` when none was, or it carried none).

    A valid grant whose user may view the dataset wins; otherwise the browser-session rule
    applies as without a grant, so a refused grant never takes away what the cookie allows.
    """
    user, reason = grant_user(request, ctx, dataset)
    if user is not None:
        if viewer_access(ctx.store, dataset, user) is Access.ALLOWED:
            note_user(request, user)
            return Access.ALLOWED, ""
        reason = f"{user} may no longer view this dataset."
    return viewer_access(ctx.store, dataset, cookie_user(request, ctx)), reason


def owned_dataset(store: Store, user: str, dataset_id: str) -> Dataset | Refusal:
    """The dataset, if ``user`` owns it: only owners upload to, share or look up a dataset."""
    dataset = store.datasets.get(dataset_id)
    if dataset is None:
        return Refusal(404, f"No dataset {dataset_id} on this hub")
    if dataset.owner != user:
        return Refusal(403, f"Dataset {dataset_id} belongs to another user")
    return dataset


def grantable_dataset(store: Store, user: str, dataset_id: str) -> Dataset | Refusal:
    """The dataset, if ``user`` may be given a view grant for it: exactly when the viewer rule
    lets that user see it."""
    dataset = store.datasets.get(dataset_id)
    if dataset is None:
        return Refusal(404, f"No dataset {dataset_id} on this hub")
    if viewer_access(store, dataset, user) is not Access.ALLOWED:
        return Refusal(403, f"{user} may not view dataset {dataset_id}")
    return dataset


def org_refusal(store: Store, user: str, org: object) -> Refusal | None:
    """None when ``user`` may put data in organization ``org`` (or none was named)."""
    if org is None or org == "":
        return None
    if not isinstance(org, str) or not store.users.org_exists(org):
        return Refusal(403, f"Organization '{org}' not found")
    if not store.users.is_member(user, org):
        return Refusal(403, f"{user} is not a member of organization '{org}'")
    return None
