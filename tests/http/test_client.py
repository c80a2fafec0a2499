"""The client an account owns (http/client.py): it skips pygraphistry's per-plot refresh only while
its JWT has more than a minute left, keeps its own connections, and takes a CA bundle's path or
pygraphistry's yes/no words for certificate_validation. No server: pygraphistry's refresh is
replaced by a recorder."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from graphistry.pygraphistry import GraphistryClient

from graphistry_jupyter.http import client as client_module
from graphistry_jupyter.http.client import REFRESH_MARGIN_S, JupyterClient, new_client


def _jwt(**claims: Any) -> str:
    return jwt.encode(claims, "not-a-real-secret-but-long-enough-for-hs256", algorithm="HS256")


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, bool]]:
    """Calls that reached pygraphistry's own refresh (which would make a request)."""
    calls: list[tuple[str | None, bool]] = []

    def refresh(self: GraphistryClient, token: str | None = None, fail_silent: bool = False) -> str:
        calls.append((token, fail_silent))
        return "refreshed"

    monkeypatch.setattr(GraphistryClient, "refresh", refresh)
    monkeypatch.setattr(client_module.time, "time", lambda: 1_000_000.0)
    return calls


def _client_with(token: str | None) -> JupyterClient:
    client = new_client()
    client.api_token(token)
    return client


def test_a_token_with_more_than_the_margin_left_is_not_refreshed(
    refreshes: list[tuple[str | None, bool]],
) -> None:
    token = _jwt(exp=1_000_000 + REFRESH_MARGIN_S + 1)
    assert _client_with(token).refresh() == token
    assert refreshes == []
    assert REFRESH_MARGIN_S == 60.0


@pytest.mark.parametrize(
    "token",
    [
        _jwt(exp=1_000_000 + REFRESH_MARGIN_S),  # exactly the margin left
        _jwt(exp=1_000_000 + 10),
        _jwt(exp=1),
        _jwt(username="no-exp"),
        "opaque-token",
    ],
    ids=["at the margin", "about to expire", "expired", "no exp", "not a JWT"],
)
def test_other_tokens_are_refreshed_as_pygraphistry_would(
    refreshes: list[tuple[str | None, bool]], token: str
) -> None:
    assert _client_with(token).refresh() == "refreshed"
    assert refreshes == [(None, False)]


def test_without_a_token_pygraphistry_decides(refreshes: list[tuple[str | None, bool]]) -> None:
    assert _client_with(None).refresh(fail_silent=True) == "refreshed"
    assert refreshes == [(None, True)]


def test_an_explicit_token_is_always_passed_on(refreshes: list[tuple[str | None, bool]]) -> None:
    client = _client_with(_jwt(exp=2_000_000))
    assert client.refresh("given", True) == "refreshed"
    assert refreshes == [("given", True)]


def test_the_expiry_is_read_from_the_current_token() -> None:
    assert _client_with(_jwt(exp=1234)).token_expires_at() == 1234.0
    assert _client_with("opaque").token_expires_at() is None


def test_each_client_has_its_own_session_and_connections() -> None:
    first, second = new_client(), new_client()
    assert isinstance(first, JupyterClient)
    assert first.session is not second.session
    assert first.connections is not second.connections


# ------------------------------------------------------------------ certificate validation


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (" YES ", True),
        ("on", True),
        ("1", True),
        ("False", False),
        ("off", False),
        ("0", False),
        (False, False),
        ("/etc/ca.pem", "/etc/ca.pem"),
    ],
)
def test_certificate_validation_takes_words_booleans_or_a_bundle(
    value: bool | str, stored: bool | str
) -> None:
    client = new_client()
    client.certificate_validation(value)
    assert client.certificate_validation() == stored
    assert client.certificate_validation(None) == stored
