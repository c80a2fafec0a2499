"""What a front end that cannot show the views shows instead: classic Notebook 6 / nbclassic
without the widgets extension, nbconvert's HTML, a code host's preview. Not a bare repr or a blank
output, but a sentence that says where the widgets work (README, "Where it works")."""

from __future__ import annotations

from graphistry_jupyter import compare
from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.widgets.conftest import login_widget

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WHERE = "It shows in JupyterLab, Notebook 7, Voila, VS Code and marimo"
CLASSIC = (
    "classic Notebook 6 and nbclassic show it only with the widgets extension "
    "(widgetsnbextension, installed with ipywidgets) in the environment of the notebook server."
)


def test_a_login_form_names_where_it_shows_beside_its_view(hub: LocalHub) -> None:
    data, _metadata = login_widget(hub)._repr_mimebundle_()

    assert WIDGET_VIEW in data  # front ends with widgets still pick the view
    assert "LoginWidget" in data["text/html"]
    assert WHERE in data["text/html"]
    assert CLASSIC in data["text/html"]


def test_a_plot_that_is_not_ready_says_so_and_where_it_shows(hub: LocalHub) -> None:
    prod = login_widget(hub)  # not logged in: the plot waits
    data, _metadata = prod.plot(prod.client.edges(EDGES, "src", "dst"))._repr_mimebundle_()

    assert WIDGET_VIEW in data
    assert "waiting" in data["text/html"]
    assert WHERE in data["text/html"]


def test_compare_names_where_it_shows(hub: LocalHub, staging_hub: LocalHub) -> None:
    prod, staging = login_widget(hub), login_widget(staging_hub, label="staging")
    side_by_side = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)

    data, _metadata = side_by_side._repr_mimebundle_()

    assert WHERE in data["text/html"]
