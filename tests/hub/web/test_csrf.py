"""Form tokens (the hub's anti-forgery field), without a server: bound to one form of one hub,
and good for a limited time."""

from __future__ import annotations

import secrets

from graphistry_jupyter.hub.web.csrf import FORM_TOKEN_TTL_S, FormTokens

SECRET = secrets.token_bytes(32)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_opens_its_own_form_only():
    tokens = FormTokens(SECRET)
    token = tokens.issue("sso:abc")

    assert tokens.check(token, "sso:abc")
    assert not tokens.check(token, "sso:abd")
    assert not tokens.check(token, "login")


def test_a_token_of_another_hub_is_refused():
    assert not FormTokens(SECRET).check(FormTokens(secrets.token_bytes(32)).issue("login"), "login")


def test_a_token_expires_after_its_ttl():
    clock = Clock()
    tokens = FormTokens(SECRET, clock=clock)
    token = tokens.issue("login")

    clock.now += FORM_TOKEN_TTL_S
    assert tokens.check(token, "login")
    clock.now += 1
    assert not tokens.check(token, "login")


def test_a_tampered_token_is_refused():
    tokens = FormTokens(SECRET)
    nonce, issued, mac = tokens.issue("login").split(".")
    other_last = "1" if mac[-1] == "0" else "0"

    for forged in (
        f"{nonce}.{int(issued) + 1}.{mac}",
        f"x{nonce}.{issued}.{mac}",
        f"{nonce}.{issued}.{mac[:-1]}{other_last}",
        f"{nonce}.-5.{mac}",
        "",
        None,
        42,
    ):
        assert not tokens.check(forged, "login"), forged
