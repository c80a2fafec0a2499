"""A hypergraph built from a login's client belongs to that client (http/client.py): pygraphistry's
own ``client.hypergraph`` builds its graph on the global client, whose plot uploads through the
global session, not the login's."""

from __future__ import annotations

import graphistry
import pandas as pd
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter.http.client import new_client
from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import dataset_id_of, dataset_record

EVENTS = pd.DataFrame({"user": ["a", "b", "x"], "boss": ["x", "x", "y"]})


def test_a_clients_hypergraph_is_bound_to_it_and_plots_through_its_session(hub: LocalHub) -> None:
    client = new_client()
    client.register(
        api=3, protocol=hub.protocol, server=hub.server, username="bob", password="bob-pw"
    )

    result = client.hypergraph(EVENTS, verbose=False)
    graph = result["graph"]

    assert graph._pygraphistry is client
    assert set(result) == {"entities", "events", "edges", "nodes", "graph"}
    dataset_id = dataset_id_of(graph.plot(render=False))
    assert dataset_record(hub, dataset_id)["owner"] == "bob"
    assert (dataset_record(hub, dataset_id)["edges"], dataset_record(hub, dataset_id)["nodes"]) == (
        len(result["edges"]),
        len(result["nodes"]),
    )


def test_the_global_hypergraph_stays_on_the_global_client() -> None:
    graph = graphistry.hypergraph(EVENTS, verbose=False)["graph"]

    assert graph._pygraphistry is PyGraphistry
