"""Each raw failure pygraphistry or requests raises becomes one sentence a person can act on
(errors.py): the exact sentence for each kind, the server's own words pulled out of its reply,
and no secret typed into the form."""

from __future__ import annotations

import pytest
import requests

from graphistry_jupyter.http.redaction import REDACTED, scrub
from graphistry_jupyter.http.replies import server_detail
from graphistry_jupyter.http.transport import DeadlineExceeded
from graphistry_jupyter.plots.errors import describe_plot_failure, session_ended
from graphistry_jupyter.session.errors import describe_login_failure

SERVER = "hub.example.com"


def login(exc: BaseException, org: str | None = None, deadline_s: float = 30.0) -> str:
    return describe_login_failure(exc, server=SERVER, org=org, deadline_s=deadline_s)


def plot(exc: BaseException, stage: str = "uploading edges", deadline_s: float = 30.0) -> str:
    return describe_plot_failure(exc, server=SERVER, stage=stage, deadline_s=deadline_s)


def test_scrub_masks_every_non_empty_secret_and_ignores_empty_ones() -> None:
    text = "user alice password pw1 key k2 token pw1"
    assert scrub(text, ["pw1", "", None, "k2"]) == (
        f"user alice password {REDACTED} key {REDACTED} token {REDACTED}"
    )
    assert scrub("nothing here", []) == "nothing here"
    assert REDACTED == "•••"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ('{"non_field_errors": ["Unable to log in.", "second"]}', "Unable to log in."),
        ('prefix {"detail": "Not found."}', "Not found."),
        ('{"message": "Quota exceeded"}', "Quota exceeded"),
        ('{"errors": ["first error"]}', "first error"),
        ('{"non_field_errors": [], "detail": "fallback"}', "fallback"),
        ('{"detail": ""}', '{"detail": ""}'),
        ('{"other": 1}', '{"other": 1}'),
        ("[1, 2]", "[1, 2]"),
        ("  plain text  ", "plain text"),
        ("  {not json  ", "{not json"),
        ('{"detail": 5}', '{"detail": 5}'),
    ],
)
def test_the_servers_own_words_are_pulled_out_of_its_reply(body: str, detail: str) -> None:
    assert server_detail(body) == detail


def test_a_session_that_ended_says_to_log_in_again() -> None:
    assert session_ended(SERVER) == (
        "The session on hub.example.com has ended (it expired or the server revoked it): log in "
        "again, and the plot will continue."
    )


# ------------------------------------------------------------------------------------ logins


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


# ------------------------------------------------------------------------------------- plots


def _http_error(status: int) -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    return requests.HTTPError("refused", response=response)


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (
            DeadlineExceeded("x"),
            "hub.example.com did not answer within 7 s while uploading edges. Try Re-plot.",
        ),
        (
            requests.ConnectionError("reset"),
            "Lost the connection to hub.example.com while uploading edges. Check the server, "
            "then Re-plot.",
        ),
        (
            _http_error(413),
            "hub.example.com refused the upload (HTTP 413) while uploading edges.",
        ),
        (
            KeyError("success"),
            "hub.example.com gave an unexpected reply while uploading edges (no 'success' in "
            "it): the server may have failed; try Re-plot, or check the server.",
        ),
        (
            Exception("Permission denied for dataset"),
            "The plot was uploaded, but hub.example.com refused to set its privacy (permission "
            "denied): check that this account may share plots, or plot without a privacy setting.",
        ),
        (
            Exception("Not logged in"),
            "This account is not logged in: log in, and the plot will continue.",
        ),
        (
            Exception("You must call login() first"),
            "This account is not logged in: log in, and the plot will continue.",
        ),
        (
            Exception('{"message": "Disk full"}'),
            "Plot on hub.example.com failed while uploading edges: Disk full",
        ),
        (
            requests.HTTPError("no response attached"),
            "Plot on hub.example.com failed while uploading edges: no response attached",
        ),
        (ValueError(""), "Plot on hub.example.com failed while uploading edges: ValueError"),
    ],
)
def test_each_plot_failure_gets_its_sentence(exc: BaseException, message: str) -> None:
    assert plot(exc, deadline_s=7.0) == message


def test_a_server_error_status_names_the_failure_whatever_pygraphistry_raised() -> None:
    message = describe_plot_failure(
        KeyError("success"),
        server="hub.example.com",
        stage="creating dataset",
        deadline_s=30,
        statuses=[200, 502],
    )
    assert message == (
        "hub.example.com failed (HTTP 502) while creating dataset. "
        "Try Re-plot, or check the server."
    )
