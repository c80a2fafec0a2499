"""``%load_ext graphistry_jupyter`` in a real kernel (nbclient): a hypergraph left as a cell's value
displays as an inline plot on the login that made it, whether it was built from the login's
client or from ``graphistry.hypergraph`` and then bound to that client."""

from __future__ import annotations

from pathlib import Path

from tests.widgets.test_in_a_kernel import WIDGET_MIME, run_cells, text_of

SETUP = """
import time
import pandas as pd
import graphistry, graphistry_jupyter as gj
hub = gj.LocalHub(users={"alice": "alice-pw"}).start()
prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")
prod.login(username="alice", password="alice-pw")
events = pd.DataFrame({"user": ["a", "b", "x"], "boss": ["x", "x", "y"]})

def plotted(count):
    # A dataset is listed from its create on; its tables arrive after.
    def uploaded():
        return [d for d in hub.datasets() if d["edges"] and d["nodes"]]
    deadline = time.monotonic() + 30
    while len(uploaded()) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted((d["owner"], d["edges"], d["nodes"]) for d in hub.datasets())
"""


def widget_shown(outputs: list[object]) -> bool:
    return any(WIDGET_MIME in o.get("data", {}) for o in outputs)  # type: ignore[attr-defined]


def test_a_hypergraph_cell_value_displays_as_a_plot_on_its_login(tmp_path: Path) -> None:
    outputs = run_cells(
        tmp_path,
        SETUP,
        "%load_ext graphistry_jupyter",
        "prod.client.hypergraph(events, verbose=False)['graph']",
        "print(plotted(1))",
        "prod.client.set_client_for(graphistry.hypergraph(events, verbose=False)['graph'])"
        ".bind(point_color='type')",
        "print(plotted(2))",
        "graphistry.hypergraph(events, verbose=False)['graph']",  # on no login: its plain repr
    )

    assert widget_shown(outputs[2]), outputs[2]
    # 3 events x 2 columns: 6 edges; 3 event nodes and 4 entities (a, b, x as user; x, y as boss)
    assert text_of(outputs[3]).strip() == "[('alice', 6, 8)]"
    assert widget_shown(outputs[4]), outputs[4]
    assert text_of(outputs[5]).strip() == "[('alice', 6, 8), ('alice', 6, 8)]"
    assert not widget_shown(outputs[6])
    assert "'bindings'" in text_of(outputs[6]), "its ordinary repr"
