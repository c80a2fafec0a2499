"""A server that echoes the session token in an upload error cannot put it into the plot's
error: every error sentence a widget shows (plot and login alike) goes through one scrubbing
(http/redaction.py ``shown``), so neither the widget's state, its comm messages, nor the
exception carries the token. Real hub behind a real echoing server, real client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from graphistry_jupyter import LocalHub, LoginWidget, PlotError, PlotWidget
from tests.support.comm import CommLog, comm_log
from tests.support.echo_server import echoing_uploads
from tests.support.graphs import EDGES

__all__ = ["comm_log"]  # the fixture, used by name

JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_-]{8,}")


@pytest.fixture
def echoing(hub: LocalHub) -> Iterator[str]:
    with echoing_uploads(hub.url) as address:
        yield address


def test_a_token_echoed_in_an_upload_error_stays_out_of_the_plot(
    echoing: str, comm_log: CommLog
) -> None:
    login = LoginWidget(server=echoing, protocol="http", label="echo")
    login.login(username="alice", password="alice-pw")
    token = str(login.client.api_token())
    view = PlotWidget(login.client.edges(EDGES, "src", "dst"), account=login, deadline_s=10)

    with pytest.raises(PlotError) as raised:
        view.wait(30)

    for shown in (view.error, str(raised.value), repr(view.get_state()), comm_log.as_text()):
        assert token not in shown
        assert not JWT_SHAPED.search(shown)
    assert "cannot accept Bearer •••" in view.error, "the server did echo the header"


def test_an_error_set_on_an_account_is_scrubbed_of_its_session_token(hub: LocalHub) -> None:
    """The login form's error goes through the same scrubbing, whoever wrote the sentence."""
    login = LoginWidget(server=hub.server, protocol=hub.protocol)
    login.login(username="alice", password="alice-pw")
    token = str(login.client.api_token())

    login.account.error = f"refused {token}, sent as Bearer opaque-token-1"

    assert login.error == "refused •••, sent as Bearer •••"
