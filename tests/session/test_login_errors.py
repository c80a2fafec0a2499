"""Each raw failure of a login, from pygraphistry or requests, becomes one sentence a person can act
on (session/errors.py): the exact sentence for each kind, the server's own words pulled out of its
reply, and no secret typed into the form."""

from __future__ import annotations

import pytest
import requests
import requests.api

from graphistry_jupyter.http.transport import DeadlineExceeded
from graphistry_jupyter.plots.errors import describe_plot_failure
from graphistry_jupyter.session.errors import describe_login_failure

SERVER = "hub.example.com"


def login(exc: BaseException, org: str | None = None, deadline_s: float = 30.0) -> str:
    return describe_login_failure(exc, server=SERVER, org=org, deadline_s=deadline_s)


def plot(exc: BaseException, stage: str = "uploading edges", deadline_s: float = 30.0) -> str:
    return describe_plot_failure(exc, server=SERVER, stage=stage, deadline_s=deadline_s)


@pytest.mark.parametrize(
    ("exc", "org", "message"),
    [
        (
            DeadlineExceeded("x"),
            None,
            "hub.example.com did not answer within 12.5 s. Check the server, then try again.",
        ),
        (
            requests.exceptions.SSLError("handshake"),
            None,
            "The secure (https) connection to hub.example.com failed: the TLS handshake did not "
            'complete. If the server speaks plain http (a local hub does), use protocol="http".',
        ),
        (
            requests.ConnectionError("refused"),
            None,
            "Cannot reach hub.example.com: check the server address and that it is running, then "
            "try again.",
        ),
        (
            requests.exceptions.JSONDecodeError("Expecting value", "<html>", 0),
            None,
            "hub.example.com did not answer like a Graphistry server. Is the address right?",
        ),
        (
            Exception("The provided token failed verification"),
            None,
            "hub.example.com rejected the token: it is invalid or has expired. Get a new token.",
        ),
        (
            Exception('Failed to verify token: {"detail": "server busy"}'),
            None,
            "Could not check the token with hub.example.com: server busy",
        ),
        (
            Exception("Login failed with HTTP 401: {}"),
            None,
            "hub.example.com rejected the personal key: check the key ID and secret.",
        ),
        (
            Exception("Invalid personal key"),
            None,
            "hub.example.com rejected the personal key: check the key ID and secret.",
        ),
        (
            Exception('Login failed with HTTP 400: {"non_field_errors": ["Unable to log in"]}'),
            None,
            "Wrong username or password for hub.example.com.",
        ),
        (
            Exception('Login failed with HTTP 403: {"detail": "Account locked"}'),
            None,
            "hub.example.com refused the login: Account locked",
        ),
        (
            Exception("Organization acme is not found"),
            "acme",
            "There is no organization 'acme' on hub.example.com. Check its name (the slug).",
        ),
        (
            Exception("User is not a member of acme"),
            "acme",
            "This account is not a member of organization 'acme' on hub.example.com.",
        ),
        (
            Exception("Not authorized for this org"),
            "acme",
            "This account is not a member of organization 'acme' on hub.example.com.",
        ),
        (
            Exception("SSO token not ready"),
            None,
            "Single sign-on is not finished yet: complete it on the sign-in page.",
        ),
        (
            Exception("Organization acme is not found"),
            None,
            "Login to hub.example.com failed: Organization acme is not found",
        ),
        (
            Exception("User is not a member of acme"),
            None,
            "Login to hub.example.com failed: User is not a member of acme",
        ),
        (
            Exception('{"detail": "Something odd"}'),
            None,
            "Login to hub.example.com failed: Something odd",
        ),
        (KeyError(""), None, "Login to hub.example.com failed: ''"),
        (Exception(""), None, "Login to hub.example.com failed: Exception"),
    ],
)
def test_each_login_failure_gets_its_sentence(
    exc: BaseException, org: str | None, message: str
) -> None:
    assert login(exc, org=org, deadline_s=12.5) == message


def test_the_deadline_is_shown_without_trailing_zeros() -> None:
    assert "within 30 s" in login(DeadlineExceeded("x"), deadline_s=30.0)


def test_an_ssl_error_is_not_taken_for_a_refused_connection() -> None:
    # SSLError is a ConnectionError: the more precise sentence must win.
    assert "TLS handshake" in login(requests.exceptions.SSLError("x"))
    assert "TLS handshake" in plot(requests.exceptions.SSLError("x"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Login failed with HTTP 403: Forbidden", "h:1 refused the login: Forbidden"),
        ("Login failed with HTTP 500", "h:1 refused the login: Login failed with HTTP 500"),
    ],
)
def test_a_refused_login_shows_what_follows_the_status(text: str, message: str) -> None:
    assert describe_login_failure(Exception(text), server="h:1", org=None, deadline_s=1) == message
