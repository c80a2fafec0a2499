"""Who may do what on this hub: every access rule, in one place.

Two kinds of callers authenticate: API clients with a session JWT (``Authorization: Bearer``),
and browsers with the hub's session cookie. A token only ever touches its own user's datasets
and files. Viewing follows the dataset's privacy, like a real server: public to anyone;
organization to its owner and the members of its organization; private to its owner.

Rules that answer a request note the user it authenticated as (for ``hub.requests``); rules that
refuse return a :class:`Refusal`, which the routes turn into their endpoint's reply shape.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from starlette.requests import Request

from .context import HubContext, note_user
from .store import Dataset, Store
from .tokens import TokenError

NO_CREDENTIALS = "Authentication credentials were not provided."


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


def bearer_user(request: Request, ctx: HubContext) -> tuple[str | None, str]:
    """``(username, "")`` for a valid session token in ``Authorization: Bearer``, else
    ``(None, reason)``. The one check of every endpoint an API client calls with its token."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None, NO_CREDENTIALS
    try:
        claims = ctx.tokens.check(token.strip())
    except TokenError as exc:
        return None, str(exc)
    if ctx.store.user_id(claims.username) != claims.user_id:
        return None, "User not found."
    note_user(request, claims.username)
    return claims.username, ""


def cookie_user(request: Request, ctx: HubContext) -> str | None:
    """The user of the request's browser session on this hub (None: no live session)."""
    value = request.cookies.get(ctx.cookie_name)
    user = ctx.store.session_user(value) if value else None
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
    if dataset.privacy == "organization" and dataset.org and store.is_member(user, dataset.org):
        return Access.ALLOWED
    return Access.DENIED


def owned_dataset(store: Store, user: str, dataset_id: str) -> Dataset | Refusal:
    """The dataset, if ``user`` owns it: only owners upload to, share or look up a dataset."""
    dataset = store.dataset(dataset_id)
    if dataset is None:
        return Refusal(404, f"No dataset {dataset_id} on this hub")
    if dataset.owner != user:
        return Refusal(403, f"Dataset {dataset_id} belongs to another user")
    return dataset


def org_refusal(store: Store, user: str, org: object) -> Refusal | None:
    """None when ``user`` may put data in organization ``org`` (or none was named)."""
    if org is None or org == "":
        return None
    if not isinstance(org, str) or not store.org_exists(org):
        return Refusal(403, f"Organization '{org}' not found")
    if not store.is_member(user, org):
        return Refusal(403, f"{user} is not a member of organization '{org}'")
    return None
