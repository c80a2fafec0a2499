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
refuse raise ``Refused``, which the route's family renders in its endpoint's shape
(refusals.py).
"""

from __future__ import annotations

import enum

from starlette.requests import Request

from ..context import HubContext, client_address, note_user
from ..refusals import Refused
from ..storage.store import Dataset, Identity, Store
from .grants import GrantClaims
from .tokens import TOKEN_REVOKED, TokenClaims, TokenError

NO_CREDENTIALS = "Authentication credentials were not provided."
USER_NOT_FOUND = "User not found."


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


def session_claims(ctx: HubContext, token: str) -> TokenClaims:
    """The claims of a session token that is well signed, unexpired and current (its user exists
    and has not changed password since); else Refused (401) saying why. Every check of a session
    token goes through here: the API's Bearer check, the token refresh (E3) and verify (E4)."""
    try:
        claims = ctx.tokens.check(token)
    except TokenError as exc:
        raise Refused(401, str(exc)) from None
    stale = _stale(ctx.store.users.identity(claims.username), claims.user_id, claims.generation)
    if stale:
        raise Refused(401, stale)
    return claims


def issue_session_token(ctx: HubContext, user: str) -> str | None:
    """A new session token for ``user`` at their current generation (None: no such user)."""
    identity = ctx.store.users.identity(user)
    if identity is None:
        return None
    return ctx.tokens.issue(identity.id, user, generation=identity.generation)


async def password_user(
    request: Request, ctx: HubContext, username: str, password: str
) -> str | None:
    """``username`` when the password is right, None when not; Refused (429) when that user or
    this address failed too often lately (throttle.py). The one password check of the password
    login (E1) and the hub's HTML forms."""
    return await ctx.throttle.check(
        username,
        client_address(request),
        username,
        lambda: username if ctx.store.users.check_password(username, password) else None,
    )


def bearer_user(request: Request, ctx: HubContext) -> str:
    """The user of the valid session token in ``Authorization: Bearer``; else Refused (401)
    saying why. The one check of every endpoint an API client calls with its token."""
    token = _bearer(request)
    if token is None:
        raise Refused(401, NO_CREDENTIALS)
    claims = session_claims(ctx, token)
    note_user(request, claims.username)
    return claims.username


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


def grant_user(request: Request, ctx: HubContext, dataset: Dataset) -> str | None:
    """The user of a valid view grant of ``dataset`` in ``Authorization: Bearer`` whose user
    still exists, None when the request carries none; else Refused (403) saying why. Whether
    that user may still view the dataset is :func:`viewable_dataset`'s."""
    claims = _grant_claims(request, ctx, dataset)
    return None if claims is None else claims.username


def _grant_claims(request: Request, ctx: HubContext, dataset: Dataset) -> GrantClaims | None:
    grant = _bearer(request)
    if grant is None:
        return None
    try:
        claims = ctx.grants.check(grant, dataset.id)
    except TokenError as exc:
        raise _grant_refused(str(exc)) from None
    stale = _stale(ctx.store.users.identity(claims.username), claims.user_id, claims.generation)
    if stale == USER_NOT_FOUND:
        raise _grant_refused("The grant's user no longer exists.")
    if stale:
        raise _grant_refused("The grant was revoked: its user's password changed since.")
    return claims


def redeemed_grant(request: Request, ctx: HubContext, dataset_id: str) -> GrantClaims:
    """Spends the request's view grant of ``dataset_id`` (``Authorization: Bearer``) and returns
    its claims, when it is valid, unspent and its user may still view the dataset; else Refused
    (404 unknown dataset, 403 saying why). The grant alone decides: no browser session stands in.

    A grant that travelled in an address (a new tab's ``#grant=``) stays in the browser's history
    after the page strips it; redeeming it at once for a fresh grant that lives only in the page's
    memory leaves nothing in that history that opens anything (docs/single-sign-in.md §5)."""
    dataset = ctx.store.datasets.get(dataset_id)
    if dataset is None:
        raise Refused(404, f"No dataset {dataset_id} on this hub")
    claims = _grant_claims(request, ctx, dataset)
    if claims is None:
        raise _grant_refused("No grant was sent.")
    if viewer_access(ctx.store, dataset, claims.username) is not Access.ALLOWED:
        raise _grant_refused(f"{claims.username} may no longer view this dataset.")
    try:
        ctx.grants.spend(claims)
    except TokenError as exc:
        raise _grant_refused(str(exc)) from None
    note_user(request, claims.username)
    return claims


def _grant_refused(why: str) -> Refused:
    return Refused(403, f"View grant refused: {why}")


def viewable_dataset(request: Request, ctx: HubContext, dataset_id: str) -> Dataset:
    """The dataset, when the request may see it in the viewer; else Refused: 404 for an
    unknown one, 403 saying why not.

    A valid grant whose user may view the dataset wins; otherwise the browser-session rule
    applies as without a grant, so a refused grant never takes away what the cookie allows.
    Refused by both, the grant's refusal says why, since the frame sent the grant to be let in.
    """
    dataset = ctx.store.datasets.get(dataset_id)
    if dataset is None:
        cookie_user(request, ctx)  # noted for hub.requests, as on every viewer request
        raise Refused(404, f"No dataset {dataset_id} on this hub")
    grant_refused: Refused | None = None
    try:
        user = grant_user(request, ctx, dataset)
    except Refused as refused:
        user, grant_refused = None, refused
    if user is not None:
        if viewer_access(ctx.store, dataset, user) is Access.ALLOWED:
            note_user(request, user)
            return dataset
        grant_refused = _grant_refused(f"{user} may no longer view this dataset.")
    access = viewer_access(ctx.store, dataset, cookie_user(request, ctx))
    if access is Access.ALLOWED:
        return dataset
    if grant_refused is not None:
        raise grant_refused
    if access is Access.NEEDS_LOGIN:
        raise Refused(403, f"Dataset {dataset_id} is not public: log in to this hub")
    raise Refused(403, f"You may not view dataset {dataset_id}")


def owned_dataset(store: Store, user: str, dataset_id: str) -> Dataset:
    """The dataset, if ``user`` owns it (else Refused, 404 or 403): only owners upload to,
    share or look up a dataset."""
    dataset = store.datasets.get(dataset_id)
    if dataset is None:
        raise Refused(404, f"No dataset {dataset_id} on this hub")
    if dataset.owner != user:
        raise Refused(403, f"Dataset {dataset_id} belongs to another user")
    return dataset


def grantable_dataset(store: Store, user: str, dataset_id: str) -> Dataset:
    """The dataset, if ``user`` may be given a view grant for it: exactly when the viewer rule
    lets that user see it (else Refused, 404 or 403)."""
    dataset = store.datasets.get(dataset_id)
    if dataset is None:
        raise Refused(404, f"No dataset {dataset_id} on this hub")
    if viewer_access(store, dataset, user) is not Access.ALLOWED:
        raise Refused(403, f"{user} may not view dataset {dataset_id}")
    return dataset


def check_org(store: Store, user: str, org: object) -> None:
    """Refused (403) unless ``user`` may put data in organization ``org`` (or none was named)."""
    if org is None or org == "":
        return
    if not isinstance(org, str) or not store.users.org_exists(org):
        raise Refused(403, f"Organization '{org}' not found")
    if not store.users.is_member(user, org):
        raise Refused(403, f"{user} is not a member of organization '{org}'")
