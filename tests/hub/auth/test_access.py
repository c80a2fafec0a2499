"""The hub's access rules for API clients, called directly (hub/auth/access.py): the Bearer header,
which session tokens are current, and who may put data in an organization. The store is a
stand-in that knows a few users; tokens are the hub's own."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from starlette.requests import Request

from graphistry_jupyter.hub.auth import access
from graphistry_jupyter.hub.auth.access import (
    NO_CREDENTIALS,
    USER_NOT_FOUND,
    bearer_user,
    check_org,
    issue_session_token,
    session_claims,
)
from graphistry_jupyter.hub.auth.tokens import TOKEN_INVALID, TOKEN_REVOKED, TokenService
from graphistry_jupyter.hub.refusals import Refused


class Users:
    """alice (id 1, generation 2) in acme; bob (id 2, generation 0) in no organization."""

    known = {
        "alice": SimpleNamespace(id=1, generation=2),
        "bob": SimpleNamespace(id=2, generation=0),
    }

    def identity(self, user: str) -> Any:
        return self.known.get(user)

    def org_exists(self, org: str) -> bool:
        return org == "acme"

    def is_member(self, user: str, org: str) -> bool:
        return (user, org) == ("alice", "acme")


class Store:
    """The store's users part is all the rules here read."""

    users = Users()


@pytest.fixture
def ctx() -> Any:
    return SimpleNamespace(tokens=TokenService(ttl=600), store=Store())


def request_with(authorization: str | None) -> Request:
    headers = [] if authorization is None else [(b"authorization", authorization.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers, "state": {}})


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("BEARER abc", "abc"),
        ("Bearer ", None),
        ("Bearer", None),
        ("Token abc", None),
        ("abc", None),
        (None, None),
    ],
)
def test_the_bearer_token_is_read_from_the_header(header: str | None, token: str | None) -> None:
    assert access._bearer(request_with(header)) == token


def test_a_current_session_token_gives_its_claims(ctx: Any) -> None:
    token = ctx.tokens.issue(1, "alice", generation=2)
    claims = session_claims(ctx, token)
    assert (claims.username, claims.user_id, claims.generation) == ("alice", 1, 2)


@pytest.mark.parametrize(
    ("issue", "reason"),
    [
        (lambda t: "garbage", TOKEN_INVALID),
        (lambda t: TokenService(ttl=600).issue(1, "alice", generation=2), TOKEN_INVALID),
        (lambda t: t.issue(1, "carol"), USER_NOT_FOUND),
        (lambda t: t.issue(9, "alice", generation=2), USER_NOT_FOUND),
        (lambda t: t.issue(1, "alice", generation=1), TOKEN_REVOKED),
    ],
    ids=["not a token", "another hub's", "unknown user", "another user's id", "old password"],
)
def test_a_token_that_is_not_current_is_refused_saying_why(
    ctx: Any, issue: Any, reason: str
) -> None:
    with pytest.raises(Refused) as refused:
        session_claims(ctx, issue(ctx.tokens))
    assert (refused.value.status, refused.value.message) == (401, reason)


def test_a_session_token_is_issued_at_the_users_generation(ctx: Any) -> None:
    token = issue_session_token(ctx, "alice")
    assert token is not None
    claims = ctx.tokens.check(token)
    assert (claims.username, claims.user_id, claims.generation) == ("alice", 1, 2)
    assert issue_session_token(ctx, "carol") is None


def refusal_of(rule: Any, *args: Any) -> tuple[int, str]:
    """The status and sentence of the refusal ``rule(*args)`` raises (failing if it raises none)."""
    with pytest.raises(Refused) as refused:
        rule(*args)
    return refused.value.status, refused.value.message


def test_the_api_user_is_the_bearer_tokens(ctx: Any) -> None:
    request = request_with(f"Bearer {ctx.tokens.issue(2, 'bob')}")
    assert bearer_user(request, ctx) == "bob"
    assert refusal_of(bearer_user, request_with(None), ctx) == (401, NO_CREDENTIALS)
    assert refusal_of(bearer_user, request_with("Bearer garbage"), ctx) == (401, TOKEN_INVALID)
    assert (NO_CREDENTIALS, USER_NOT_FOUND) == (
        "Authentication credentials were not provided.",
        "User not found.",
    )


@pytest.mark.parametrize(
    ("user", "org", "refusal"),
    [
        ("bob", "acme", "bob is not a member of organization 'acme'"),
        ("alice", "nowhere", "Organization 'nowhere' not found"),
        ("alice", 5, "Organization '5' not found"),
    ],
)
def test_only_members_put_data_in_an_organization(user: str, org: object, refusal: str) -> None:
    assert refusal_of(check_org, Store(), user, org) == (403, refusal)


@pytest.mark.parametrize("org", [None, "", "acme"])
def test_a_member_or_no_organization_may_put_data_anywhere_it_names(org: object) -> None:
    check_org(Store(), "alice", org)  # type: ignore[arg-type]
