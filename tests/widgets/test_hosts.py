"""What a front end that cannot show the views shows instead: classic Notebook 6 / nbclassic
without the widgets extension, nbconvert's HTML, a code host's preview, a notebook reopened without
its kernel. Not a bare repr or a blank output, but what the widget showed and where the widgets
work (README, "Where it works"). The same content is the static output beside each view
(tests/widgets/test_static_output.py)."""

from __future__ import annotations

from graphistry_jupyter import compare
from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.widgets.conftest import login_widget

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WHERE = "The live widget shows in JupyterLab, Notebook 7, Voila, VS Code and marimo"
CLASSIC = (
    "classic Notebook 6 and nbclassic need the widgets extension "
    "(widgetsnbextension, installed with ipywidgets) in the notebook server&#x27;s environment."
)


def test_a_login_form_says_it_was_logged_out_and_where_it_shows(hub: LocalHub) -> None:
    data, _metadata = login_widget(hub)._repr_mimebundle_()

    assert WIDGET_VIEW in data  # front ends with widgets still pick the view
    assert (
        f"prod ({hub.server}): logged out when saved. Run the cell to log in."
        in (data["text/html"])
    )
    assert WHERE in data["text/html"]
    assert CLASSIC in data["text/html"]


def test_a_logged_in_form_says_who_and_where_and_to_reconnect(hub: LocalHub) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")

    data, _metadata = prod._repr_mimebundle_()

    assert (
        f"Logged in as alice on prod ({hub.server}) when saved — run the cell to reconnect."
        in data["text/html"]
    )


def test_a_plot_that_is_not_ready_says_so_and_where_it_shows(hub: LocalHub) -> None:
    prod = login_widget(hub)  # not logged in: the plot waits
    data, _metadata = prod.plot(prod.client.edges(EDGES, "src", "dst"))._repr_mimebundle_()

    assert WIDGET_VIEW in data
    assert "waiting for its login when saved" in data["text/html"]
    assert WHERE in data["text/html"]


def test_compare_says_what_each_pane_showed_and_where_it_shows(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod, staging = login_widget(hub), login_widget(staging_hub, label="staging")
    side_by_side = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)

    data, _metadata = side_by_side._repr_mimebundle_()

    assert f"on prod ({hub.server}): waiting for its login" in data["text/html"]
    assert f"on staging ({staging_hub.server}): waiting for its login" in data["text/html"]
    assert WHERE in data["text/html"]
