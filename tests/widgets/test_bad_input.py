"""Bad input gets a clear error that names the problem, before anything is uploaded, and the
account stays logged in for the next try."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from graphistry_jupyter import (
    LocalHub,
    LoginError,
    LoginWidget,
    PlotError,
    PlotWidget,
    SwitcherWidget,
)
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import dataset_on, requests_to
from tests.widgets.conftest import login_widget

Build = Callable[[Any], Any]
BAD_GRAPHS: dict[str, tuple[Build, str]] = {
    "nodes but no edges": (
        lambda c: c.nodes(NODES, "id"),
        "The graph has no edges: bind them with g.edges(df, 'src', 'dst').",
    ),
    "an empty edge table": (
        lambda c: c.edges(EDGES.iloc[0:0], "src", "dst"),
        "The edge table is empty: there is nothing to draw.",
    ),
    "a missing source id": (
        lambda c: c.edges(EDGES.assign(src=["a", np.nan, "c"]), "src", "dst"),
        "Column 'src' of the edges has 1 missing value (null or NaN): drop those rows or fill "
        "them first.",
    ),
    "a binding to a missing column": (
        lambda c: c.edges(EDGES, "src", "dst").bind(edge_color="colour"),
        "The edge color is bound to column 'colour', which the edge table lacks "
        "(it has: src, dst, weight).",
    ),
    "a destination column that is not there": (
        lambda c: c.edges(EDGES, "src", "target"),
        "The edges' destination is bound to column 'target', which the edge table lacks "
        "(it has: src, dst, weight).",
    ),
    "nodes without an id column": (
        lambda c: c.edges(EDGES, "src", "dst").nodes(NODES, "node_id"),
        "The node id is bound to column 'node_id', which the node table lacks "
        "(it has: id, kind, color).",
    ),
}


@pytest.mark.parametrize(("build", "message"), BAD_GRAPHS.values(), ids=BAD_GRAPHS.keys())
def test_a_graph_that_would_plot_wrong_is_refused_before_any_upload(
    hub: LocalHub, build: Build, message: str
) -> None:
    login = login_widget(hub)
    login.login(username="alice", password="alice-pw")
    hub.clear_requests()

    view = login.plot(build(login.client))

    with pytest.raises(PlotError) as caught:
        view.wait(10)
    assert str(caught.value) == view.error == message
    assert requests_to(hub, "/api/v2/upload/*") == []
    assert login.status == "logged_in"
    good = login.plot(login.client.edges(EDGES, "src", "dst"))
    assert good.wait(30).startswith(hub.url), "the account still plots"


def test_a_dataframe_is_not_a_plot_and_the_error_says_how_to_make_one(hub: LocalHub) -> None:
    login = login_widget(hub)
    with pytest.raises(TypeError, match=r"PlotWidget needs a plottable, not a DataFrame: .*edges"):
        PlotWidget(pd.DataFrame(EDGES), account=login)


@pytest.mark.parametrize(
    ("height", "error", "message"),
    [
        (-5, ValueError, "height must be a positive number of pixels, not -5"),
        (0, ValueError, "height must be a positive number of pixels, not 0"),
        (2.5, TypeError, "height must be a whole number of pixels, not float"),
        ("600", TypeError, "height must be a whole number of pixels, not str"),
        (True, TypeError, "height must be a whole number of pixels, not bool"),
    ],
)
def test_a_height_that_is_not_a_positive_pixel_count_is_refused(
    hub: LocalHub, height: object, error: type[Exception], message: str
) -> None:
    login = login_widget(hub)
    g = login.client.edges(EDGES, "src", "dst")
    with pytest.raises(error, match=message):
        PlotWidget(g, account=login, height=height)  # type: ignore[arg-type]


def test_a_switcher_with_an_empty_account_list_is_refused(hub: LocalHub) -> None:
    g = login_widget(hub).client.edges(EDGES, "src", "dst")
    with pytest.raises(ValueError, match="needs at least one account"):
        SwitcherWidget(g, accounts=[])


def test_a_username_of_spaces_asks_for_a_username_without_asking_the_server(
    hub: LocalHub,
) -> None:
    login = LoginWidget(server=hub.server, protocol=hub.protocol)
    with pytest.raises(LoginError, match=r"Enter a username\."):
        login.login(username="   ", password="alice-pw")
    assert hub.requests == []


def test_https_to_a_plain_http_server_says_the_tls_handshake_failed(hub: LocalHub) -> None:
    login = LoginWidget(server=hub.server, protocol="https", deadline_s=10)
    with pytest.raises(LoginError, match=r'TLS handshake did not complete.*protocol="http"'):
        login.login(username="alice", password="alice-pw")


def test_a_password_typed_into_the_server_field_never_becomes_widget_state(hub: LocalHub) -> None:
    with pytest.raises(ValueError, match="must not contain a user name or password") as caught:
        LoginWidget(server=f"alice:S3cretPw@{hub.server}", protocol="http")
    assert "S3cretPw" not in str(caught.value)


def test_an_unnamed_graph_is_titled_for_what_it_is_the_same_on_every_account(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    staging = login_widget(staging_hub, label="staging").login(username="bob", password="bob-pw")
    g = prod.client.edges(EDGES, "src", "dst").nodes(NODES, "id")

    on_prod = dataset_on(hub, prod.plot(g).wait(30))
    on_staging = dataset_on(staging_hub, staging.plot(g).wait(30))
    named = dataset_on(hub, prod.plot(g.name("triangle")).wait(30))

    assert on_prod["name"] == on_staging["name"] == "3 nodes · 3 edges"
    assert named["name"] == "triangle", "a name the person gave is kept"


def test_a_badge_colour_follows_the_label_and_can_be_chosen(hub: LocalHub) -> None:
    first, again = login_widget(hub, label="prod"), login_widget(hub, label="prod")
    assert first.color == again.color, "a re-run cell keeps its badge colour"
    assert login_widget(hub, label="mine", color="#123456").color == "#123456"
