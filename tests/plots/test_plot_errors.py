"""Each raw failure of an upload becomes one sentence a person can act on (plots/errors.py): the
exact sentence for each kind, while doing what, and the server's failing status."""

from __future__ import annotations

import pytest
import requests
import requests.api

from graphistry_jupyter.http.transport import DeadlineExceeded
from graphistry_jupyter.plots.errors import describe_plot_failure, session_ended
from graphistry_jupyter.plots.errors import describe_plot_failure as plot_failure

SERVER = "hub.example.com"


def plot(exc: BaseException, stage: str = "uploading edges", deadline_s: float = 30.0) -> str:
    return describe_plot_failure(exc, server=SERVER, stage=stage, deadline_s=deadline_s)


def test_a_session_that_ended_says_to_log_in_again() -> None:
    assert session_ended(SERVER) == (
        "The session on hub.example.com has ended (it expired or the server revoked it): log in "
        "again, and the plot will continue."
    )


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


@pytest.mark.parametrize(
    ("statuses", "message"),
    [
        ([200, 500], "h:1 failed (HTTP 500) while uploading. Try Re-plot, or check the server."),
        ([503, 502], "h:1 failed (HTTP 502) while uploading. Try Re-plot, or check the server."),
        ([499], "Plot on h:1 failed while uploading: boom"),
    ],
)
def test_a_server_error_during_a_plot_names_its_last_status(
    statuses: list[int], message: str
) -> None:
    failure = Exception("boom")
    assert plot_failure(
        failure, server="h:1", stage="uploading", deadline_s=1, statuses=statuses
    ) == (message)


def test_a_certificate_failure_during_a_plot_names_the_server() -> None:
    failure = requests.exceptions.SSLError("certificate verify failed")
    assert plot_failure(failure, server="h:1", stage="s", deadline_s=1).startswith(
        "The certificate of h:1 could not be verified."
    )
