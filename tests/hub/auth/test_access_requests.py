"""The hub's access rules as its routes apply them to a request (hub/auth/access.py), without a
server: real Starlette requests built from ASGI scopes (headers, cookies, the client's address)
against a real hub context over a real SQLite store.

The hub: alice and bob are in organization acme, carol is in none. Each test gets its own copy
of the store, so a test may change a password or a dataset's privacy.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request

from graphistry_jupyter.hub.auth.access import (
    NO_CREDENTIALS,
    Access,
    bearer_user,
    cookie_user,
    grant_user,
    grantable_dataset,
    owned_dataset,
    password_user,
    viewable_dataset,
    viewer_access,
)
from graphistry_jupyter.hub.auth.grants import GRANT_INVALID, GRANT_OTHER_DATASET, GrantService
from graphistry_jupyter.hub.auth.throttle import LoginThrottle
from graphistry_jupyter.hub.auth.tokens import TOKEN_REVOKED, TokenService
from graphistry_jupyter.hub.context import USER_STATE_KEY, HubContext
from graphistry_jupyter.hub.refusals import Refused
from graphistry_jupyter.hub.storage.store import Dataset, Store
from graphistry_jupyter.hub.storage.tables import TableStore
from graphistry_jupyter.hub.web.csrf import FormTokens

USERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"}
ORGS = {"acme": ["alice", "bob"]}
COOKIE = "gj_hub_test"
NOBODY = object()  # what a request that authenticated nobody notes: nothing


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hub's database with its users and organization (hashing passwords takes a while:
    once per module, then copied)."""
    path = tmp_path_factory.mktemp("hub") / "hub.sqlite3"
    store = Store(path)
    store.populate(USERS, ORGS)
    store.close()
    return path


@pytest.fixture
def ctx(populated: Path, tmp_path: Path) -> Iterator[HubContext]:
    shutil.copy(populated, tmp_path / "hub.sqlite3")
    store = Store(tmp_path / "hub.sqlite3")
    secret = secrets.token_bytes(32)
    yield HubContext(
        store=store,
        tables=TableStore(tmp_path),
        tokens=TokenService(600, secret),
        grants=GrantService(300, secret),
        forms=FormTokens(secret),
        throttle=LoginThrottle(1, 60, clock=lambda: 1000.0),  # a still clock
        cookie_name=COOKIE,
        session_ttl=3600,
        static_dir=tmp_path,
    )
    store.close()


def request(
    *,
    authorization: str | None = None,
    cookie: str | None = None,
    client: tuple[str, int] = ("10.0.0.7", 51000),
) -> Request:
    headers = []
    if authorization is not None:
        headers.append((b"authorization", authorization.encode("latin-1")))
    if cookie is not None:
        headers.append((b"cookie", cookie.encode("latin-1")))
    scope = {"type": "http", "method": "GET", "path": "/", "headers": headers, "client": client}
    return Request(scope)


def noted(request: Request) -> object:
    """The user the request was noted as having authenticated as (for ``hub.requests``)."""
    return request.scope.get("state", {}).get(USER_STATE_KEY, NOBODY)


def dataset(ctx: HubContext, owner: str, privacy: str, org: str | None = None) -> Dataset:
    created = ctx.store.datasets.create(owner, org, {"name": "g"})
    ctx.store.datasets.set_privacy(created.id, privacy)
    found = ctx.store.datasets.get(created.id)
    assert found is not None
    return found


def session_cookie(ctx: HubContext, user: str) -> str:
    return f"{COOKIE}={ctx.store.sessions.create_browser_session(user, ctx.session_ttl)}"


def refusal_of(rule: Any, *args: Any) -> tuple[int, str]:
    """The status and sentence of the refusal ``rule(*args)`` raises (failing if it raises none)."""
    with pytest.raises(Refused) as refused:
        rule(*args)
    return refused.value.status, refused.value.message


def grant_header(ctx: HubContext, user: str, dataset_id: str) -> str:
    identity = ctx.store.users.identity(user)
    assert identity is not None
    grant, _ = ctx.grants.issue(identity.id, user, dataset_id, generation=identity.generation)
    return f"Bearer {grant}"


# -- passwords ------------------------------------------------------------------------------------


def login(ctx: HubContext, username: str, password: str, address: str = "10.0.0.7") -> object:
    """The user a password login names (None: a wrong password); Refused past the limit."""
    coroutine = password_user(request(client=(address, 51000)), ctx, username, password)
    # On a thread of its own: in a whole-suite run, Playwright's sync API (the e2e tests) keeps
    # an event loop running on the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def test_a_password_login_names_its_user_only_when_the_password_is_right(ctx: HubContext) -> None:
    assert login(ctx, "alice", "alice-pw") == "alice"
    assert login(ctx, "alice", "bob-pw") is None
    assert login(ctx, "dave", "alice-pw") is None


def test_failed_password_logins_are_counted_per_username(ctx: HubContext) -> None:
    # One failure per username, four per address, in the window.
    assert login(ctx, "alice", "wrong") is None

    with pytest.raises(Refused) as refused:
        login(ctx, "alice", "alice-pw", address="10.0.0.8")

    assert refused.value.retry_after == 60
    assert refused.value.message == "Too many failed logins for alice: try again in 60 seconds."
    assert login(ctx, "bob", "bob-pw") == "bob"


def test_failed_password_logins_are_counted_per_client_address(ctx: HubContext) -> None:
    for ghost in ("ghost1", "ghost2", "ghost3", "ghost4"):
        assert login(ctx, ghost, "guess") is None

    with pytest.raises(Refused) as refused:
        login(ctx, "bob", "bob-pw")

    assert refused.value.retry_after == 60
    assert refused.value.message == "Too many failed logins from 10.0.0.7: try again in 60 seconds."
    assert login(ctx, "bob", "bob-pw", address="10.0.0.8") == "bob"


# -- session tokens (API clients) -----------------------------------------------------------------


def test_a_session_token_authenticates_its_user(ctx: HubContext) -> None:
    token = ctx.tokens.issue(ctx.store.users.user_id("bob") or 0, "bob")
    api = request(authorization=f"Bearer {token}")

    assert bearer_user(api, ctx) == "bob"
    assert noted(api) == "bob"


def test_a_request_without_a_usable_authorization_header_has_no_credentials(
    ctx: HubContext,
) -> None:
    token = ctx.tokens.issue(ctx.store.users.user_id("bob") or 0, "bob")
    for header in (None, "", "Bearer", "Bearer  ", f"Basic {token}", token):
        api = request(authorization=header)
        assert refusal_of(bearer_user, api, ctx) == (401, NO_CREDENTIALS), header
        assert noted(api) is NOBODY


def test_a_token_from_before_a_password_change_opens_nothing(ctx: HubContext) -> None:
    token = ctx.tokens.issue(ctx.store.users.user_id("bob") or 0, "bob")
    ctx.store.set_password("bob", "new-bob-pw")
    api = request(authorization=f"Bearer {token}")

    assert refusal_of(bearer_user, api, ctx) == (401, TOKEN_REVOKED)
    assert noted(api) is NOBODY


# -- browser sessions -----------------------------------------------------------------------------


def test_a_browser_session_cookie_authenticates_its_user(ctx: HubContext) -> None:
    browser = request(cookie=f"other=1; {session_cookie(ctx, 'carol')}")

    assert cookie_user(browser, ctx) == "carol"
    assert noted(browser) == "carol"


@pytest.mark.parametrize(
    "cookie",
    [
        None,
        f"{COOKIE}=",
        f"{COOKIE}=not-a-session",
        lambda ctx: session_cookie(ctx, "carol").replace(COOKIE, "gj_hub_another"),
    ],
    ids=["no cookie", "empty", "unknown session", "another hub's cookie"],
)
def test_a_request_without_a_live_session_cookie_has_no_browser_user(
    ctx: HubContext, cookie: object
) -> None:
    value = cookie(ctx) if callable(cookie) else cookie
    assert value is None or isinstance(value, str)
    browser = request(cookie=value)

    assert cookie_user(browser, ctx) is None
    assert noted(browser) is NOBODY


def test_a_password_change_ends_the_users_browser_sessions(ctx: HubContext) -> None:
    browser = request(cookie=session_cookie(ctx, "carol"))
    ctx.store.set_password("carol", "new-carol-pw")

    assert cookie_user(browser, ctx) is None


# -- who may view a dataset -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("privacy", "org", "viewer", "access"),
    [
        ("public", None, None, Access.ALLOWED),
        ("public", None, "carol", Access.ALLOWED),
        ("private", None, None, Access.NEEDS_LOGIN),
        ("private", None, "alice", Access.ALLOWED),
        ("private", None, "carol", Access.DENIED),
        ("private", "acme", "bob", Access.DENIED),
        ("organization", "acme", None, Access.NEEDS_LOGIN),
        ("organization", "acme", "alice", Access.ALLOWED),
        ("organization", "acme", "bob", Access.ALLOWED),
        ("organization", "acme", "carol", Access.DENIED),
        ("organization", None, "alice", Access.ALLOWED),
        ("organization", None, "bob", Access.DENIED),
        ("organization", "alice", "alice", Access.ALLOWED),
        ("organization", "alice", "bob", Access.DENIED),
    ],
)
def test_a_dataset_is_visible_as_its_privacy_says(
    ctx: HubContext, privacy: str, org: str | None, viewer: str | None, access: Access
) -> None:
    """Public: anyone. Private: its owner (alice) only, whatever its organization. Organization:
    its owner and the members of its organization (a personal one's is its user)."""
    assert viewer_access(ctx.store, dataset(ctx, "alice", privacy, org), viewer) is access


def test_only_its_owner_gets_a_dataset_to_change(ctx: HubContext) -> None:
    shared = dataset(ctx, "alice", "public")

    assert owned_dataset(ctx.store, "alice", shared.id) == shared
    assert refusal_of(owned_dataset, ctx.store, "bob", shared.id) == (
        403,
        f"Dataset {shared.id} belongs to another user",
    )
    assert refusal_of(owned_dataset, ctx.store, "alice", "d0") == (404, "No dataset d0 on this hub")


def test_a_view_grant_is_given_exactly_to_whoever_may_view_the_dataset(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")

    assert grantable_dataset(ctx.store, "alice", team.id) == team
    assert grantable_dataset(ctx.store, "bob", team.id) == team
    assert refusal_of(grantable_dataset, ctx.store, "carol", team.id) == (
        403,
        f"carol may not view dataset {team.id}",
    )
    assert refusal_of(grantable_dataset, ctx.store, "bob", "d0") == (
        404,
        "No dataset d0 on this hub",
    )


# -- view grants ----------------------------------------------------------------------------------


def refused_grant(why: str) -> str:
    return f"View grant refused: {why}"


def test_a_view_grant_names_its_user(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    frame = request(authorization=grant_header(ctx, "bob", team.id))

    assert grant_user(frame, ctx, team) == "bob"


def test_a_request_without_a_grant_is_no_grant_refused(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")

    assert grant_user(request(), ctx, team) is None
    assert grant_user(request(authorization="Bearer "), ctx, team) is None


def test_a_grant_for_one_dataset_does_not_open_another(ctx: HubContext) -> None:
    first, second = (dataset(ctx, "alice", "organization", "acme") for _ in range(2))
    frame = request(authorization=grant_header(ctx, "bob", first.id))

    assert refusal_of(grant_user, frame, ctx, second) == (403, refused_grant(GRANT_OTHER_DATASET))


def test_a_session_token_is_no_grant(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    token = ctx.tokens.issue(ctx.store.users.user_id("bob") or 0, "bob")

    frame = request(authorization=f"Bearer {token}")

    assert refusal_of(grant_user, frame, ctx, team) == (403, refused_grant(GRANT_INVALID))


@pytest.mark.parametrize(
    ("user_id", "username"), [(99, "dave"), (99, "bob")], ids=["unknown name", "another id"]
)
def test_a_grant_whose_user_no_longer_exists_is_refused(
    ctx: HubContext, user_id: int, username: str
) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    grant, _ = ctx.grants.issue(user_id, username, team.id)

    frame = request(authorization=f"Bearer {grant}")

    assert refusal_of(grant_user, frame, ctx, team) == (
        403,
        refused_grant("The grant's user no longer exists."),
    )


def test_a_grant_from_before_its_users_password_change_is_revoked(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    frame = request(authorization=grant_header(ctx, "bob", team.id))
    ctx.store.set_password("bob", "new-bob-pw")

    assert refusal_of(grant_user, frame, ctx, team) == (
        403,
        refused_grant("The grant was revoked: its user's password changed since."),
    )


# -- the viewer: grants and browser sessions together ---------------------------------------------


def test_a_valid_grant_opens_the_dataset_to_its_user(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    frame = request(authorization=grant_header(ctx, "bob", team.id))

    assert viewable_dataset(frame, ctx, team.id) == team
    assert noted(frame) == "bob"


def test_a_grant_wins_over_the_browser_session(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    frame = request(
        authorization=grant_header(ctx, "bob", team.id), cookie=session_cookie(ctx, "carol")
    )

    assert viewable_dataset(frame, ctx, team.id) == team
    assert noted(frame) == "bob"


def test_a_grant_opens_nothing_once_its_user_may_no_longer_view_the_dataset(
    ctx: HubContext,
) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    header = grant_header(ctx, "bob", team.id)
    ctx.store.datasets.set_privacy(team.id, "private")
    now_private = ctx.store.datasets.get(team.id)
    assert now_private is not None
    frame = request(authorization=header)

    assert refusal_of(viewable_dataset, frame, ctx, team.id) == (
        403,
        refused_grant("bob may no longer view this dataset."),
    )
    assert noted(frame) is NOBODY


@pytest.mark.parametrize(
    "browser_user", ["alice", "carol"], ids=["the owner's session", "another user's session"]
)
def test_a_refused_grant_leaves_the_browser_session_rule(
    ctx: HubContext, browser_user: str
) -> None:
    """A grant that was refused never takes away what the cookie allows, nor adds to it; when
    neither lets the request in, the refusal says why the grant was refused."""
    private = dataset(ctx, "alice", "private")
    elsewhere = dataset(ctx, "alice", "private")
    frame = request(
        authorization=grant_header(ctx, "alice", elsewhere.id),
        cookie=session_cookie(ctx, browser_user),
    )

    if browser_user == "alice":
        assert viewable_dataset(frame, ctx, private.id) == private
    else:
        assert refusal_of(viewable_dataset, frame, ctx, private.id) == (
            403,
            refused_grant(GRANT_OTHER_DATASET),
        )
    assert noted(frame) == browser_user


def test_a_grant_refused_for_its_user_still_leaves_the_owners_session(ctx: HubContext) -> None:
    team = dataset(ctx, "alice", "organization", "acme")
    header = grant_header(ctx, "bob", team.id)
    ctx.store.datasets.set_privacy(team.id, "private")
    now_private = ctx.store.datasets.get(team.id)
    assert now_private is not None
    frame = request(authorization=header, cookie=session_cookie(ctx, "alice"))

    assert viewable_dataset(frame, ctx, team.id) == now_private
    assert noted(frame) == "alice"


@pytest.mark.parametrize(
    ("privacy", "browser_user", "refusal"),
    [
        ("public", None, None),
        ("private", None, "Dataset {} is not public: log in to this hub"),
        ("private", "alice", None),
        ("private", "bob", "You may not view dataset {}"),
        ("organization", "bob", None),
        ("organization", "carol", "You may not view dataset {}"),
    ],
)
def test_without_a_grant_the_browser_session_decides(
    ctx: HubContext, privacy: str, browser_user: str | None, refusal: str | None
) -> None:
    shown = dataset(ctx, "alice", privacy, "acme")
    cookie = None if browser_user is None else session_cookie(ctx, browser_user)
    browser = request(cookie=cookie)

    if refusal is None:
        assert viewable_dataset(browser, ctx, shown.id) == shown
    else:
        assert refusal_of(viewable_dataset, browser, ctx, shown.id) == (
            403,
            refusal.format(shown.id),
        )


def test_an_unknown_dataset_is_not_found_in_the_viewer(ctx: HubContext) -> None:
    browser = request(cookie=session_cookie(ctx, "carol"))

    assert refusal_of(viewable_dataset, browser, ctx, "d0") == (404, "No dataset d0 on this hub")
    assert noted(browser) == "carol"
