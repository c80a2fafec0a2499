"""Edge cases of the core that a mutation run showed no test looked at: separators that appear
twice, one-byte bodies, wide tables, objects that lack an attribute, words for a setting, the
order secrets are masked in. Each case names the rule it pins. Requests go without a timeout on
purpose: pygraphistry sends them so, and the scope must add one."""

# ruff: noqa: S113

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
import requests
import requests.api

from graphistry_jupyter.http import addresses as browser_addresses
from graphistry_jupyter.http import transport
from graphistry_jupyter.http.addresses import (
    _split_host,
    normalize_browser_address,
    normalize_server,
)
from graphistry_jupyter.http.client import new_client
from graphistry_jupyter.http.redaction import redact, secrets_in_flight
from graphistry_jupyter.plots.checks import check_plottable, describe_graph
from graphistry_jupyter.plots.errors import PlotError
from graphistry_jupyter.plots.errors import describe_plot_failure as plot_failure
from graphistry_jupyter.session.account import Account
from graphistry_jupyter.session.credentials import Credentials
from graphistry_jupyter.session.errors import describe_login_failure
from graphistry_jupyter.session.login_flows import Backoff

# ------------------------------------------------------------------------------- addresses


def test_only_the_first_scheme_separator_counts() -> None:
    with pytest.raises(ValueError, match=r"^The server has a path, query or fragment"):
        normalize_server("http://h/x://y", "https")
    assert normalize_browser_address("https://h/p://q") == "https://h/p://q"


def test_an_x_in_an_address_is_an_ordinary_character() -> None:
    assert _split_host("aXb/c") == ("aXb", "/c")
    with pytest.raises(ValueError, match=r"^The server has a path"):
        normalize_server("h/X", "https")
    assert normalize_browser_address("https://h/X") == "https://h/X"


# ------------------------------------------------------------------------------ transport


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://h/a?b?c", "/a"),
        ("https://h/x?u=http://y/z", "/x"),
        ("h", "/"),
        ("/a/b?c", "/a/b"),
    ],
)
def test_a_path_is_cut_at_the_first_query_and_after_the_first_scheme(url: str, path: str) -> None:
    assert transport._path(url) == path


def test_a_stage_is_named_from_the_path_before_the_first_query() -> None:
    url = "http://h/api/v2/upload/datasets/?a=1?b=2"
    assert transport._stage_for("post", url) == "creating dataset"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.blocks: list[bytes] = []

    def __call__(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.calls.append(kwargs)
        data = kwargs.get("data")
        if isinstance(data, transport._ProgressBody):
            self.blocks = [bytes(b) for b in data]
        response = requests.Response()
        response.status_code = 200
        return response


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    fake = Recorder()
    monkeypatch.setattr(transport, "_original_request", fake)
    transport.install()
    return fake


def test_a_one_byte_body_is_reported(recorder: Recorder) -> None:
    reports: list[tuple[str, int, int]] = []
    with transport.request_scope(30.0, lambda *r: reports.append(r)):
        requests.post("http://h/x/edges/arrow", data=b"x", timeout=None)
    assert reports == [("uploading edges", 0, 1), ("uploading edges", 1, 1)]


def test_a_big_body_goes_in_sixty_four_whole_blocks(recorder: Recorder) -> None:
    body = bytes(64 * 80_000)  # 64 blocks of 80,000 bytes: between the bounds
    with transport.request_scope(30.0, lambda *r: None):
        requests.post("http://h/x/edges/arrow", data=body, timeout=None)
    assert [len(b) for b in recorder.blocks] == [80_000] * 64


def test_less_than_a_second_left_is_still_time(recorder: Recorder) -> None:
    with transport.request_scope(0.5):
        requests.get("http://h/x", timeout=None)
    assert 0 < recorder.calls[0]["timeout"] <= 0.5


def test_a_thread_that_never_entered_a_scope_passes_through(recorder: Recorder) -> None:
    results: list[int] = []
    thread = threading.Thread(
        target=lambda: results.append(requests.get("http://h/x", timeout=3).status_code)
    )
    thread.start()
    thread.join()
    assert results == [200]
    assert recorder.calls == [{"params": None, "timeout": 3}]


def test_install_wraps_the_request_function_it_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(requests.api, "request", transport._original_request)
    transport.install()
    assert requests.api.request is transport._scoped_request


# ----------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Login failed with HTTP 403: Forbidden", "h:1 refused the login: Forbidden"),
        ("Login failed with HTTP 500", "h:1 refused the login: Login failed with HTTP 500"),
    ],
)
def test_a_refused_login_shows_what_follows_the_status(text: str, message: str) -> None:
    assert describe_login_failure(Exception(text), server="h:1", org=None, deadline_s=1) == message


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


def test_sso_credentials_refuse_to_register_in_one_sentence() -> None:
    with pytest.raises(ValueError, match=r"^single sign-on has no credentials to register with$"):
        Credentials("sso").register_kwargs()


def test_secrets_are_masked_longest_first_not_in_text_order() -> None:
    # "b" sorts after "abc" as text; masking it first would leave "a•••c" of the longer one.
    with secrets_in_flight(["b", "abc"]):
        assert redact("x abc y") == "x ••• y"


# ------------------------------------------------------------------------ client and state


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


def test_a_known_browser_address_is_where_the_next_login_opens_plots() -> None:
    account = Account("hub:7", "http", deadline_s=1.0)  # makes no request
    try:
        browser_addresses.remember("http", "hub:7", "https://seen.example.com")
        try:
            assert account._target().browser_address == "https://seen.example.com"
        finally:
            browser_addresses.forget("http", "hub:7")
        assert account._target().browser_address == ""
    finally:
        account.close()


def test_a_real_backoff_wait_ends() -> None:
    wait = Backoff(first=0.001, most=0.001)
    wait.sleep(cancelled=lambda: False)
    assert wait._next == 0.001


# ------------------------------------------------------------------------------ plottables


def test_an_object_with_only_edges_and_their_columns_is_checked() -> None:
    edges = pd.DataFrame({"s": [1], "d": [2]})
    bare = SimpleNamespace(_edges=edges, _source="s", _destination="d")
    check_plottable(bare)  # type: ignore[arg-type]
    assert describe_graph(bare) == "1 edge"  # type: ignore[arg-type]
    with pytest.raises(PlotError, match="no edges"):
        check_plottable(SimpleNamespace())  # type: ignore[arg-type]
    for partial in ({}, {"_source": "s"}):
        with pytest.raises(PlotError, match="Say which edge columns are the source"):
            check_plottable(SimpleNamespace(_edges=edges, **partial))  # type: ignore[arg-type]
    assert describe_graph(SimpleNamespace()) == "0 edges"  # type: ignore[arg-type]


def test_a_node_table_without_an_id_binding_on_a_bare_object() -> None:
    bare = SimpleNamespace(
        _edges=pd.DataFrame({"s": [1], "d": [2]}), _source="s", _destination="d", _nodes=[1]
    )
    with pytest.raises(PlotError, match="Say which node column is the id"):
        check_plottable(bare)  # type: ignore[arg-type]
    bare._node = "id"
    bare._nodes = pd.DataFrame({"id": [1, 2]})
    check_plottable(bare)  # type: ignore[arg-type]


def test_thirteen_columns_are_shown_as_twelve_and_more() -> None:
    wide = pd.DataFrame({f"c{i}": [1] for i in range(13)})
    with pytest.raises(PlotError) as raised:
        check_plottable(SimpleNamespace(_edges=wide, _source="c0", _destination="x"))  # type: ignore[arg-type]
    assert str(raised.value).endswith(", c11, …).")
