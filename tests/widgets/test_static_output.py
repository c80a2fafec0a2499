"""Each widget's static output, in a real kernel (nbclient): published beside the view with a
display id, and replaced by ``update_display`` on every change of what it shows, also when the
change happens on a worker thread. This is what the saved notebook keeps (static_output.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from tests.support.graphs import EDGES_CODE
from tests.support.png import png

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def run(tmp_path: Path, *sources: str) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """Runs the cells; returns each cell's final outputs and every display message the kernel
    sent (display_data and update_display_data, in order)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    client = NotebookClient(
        notebook, timeout=90, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    sent: list[dict[str, Any]] = []
    original = client.process_message

    def record(msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        if msg["msg_type"] in ("display_data", "update_display_data"):
            sent.append({"type": msg["msg_type"], **msg["content"]})
        return original(msg, cell, cell_index)

    client.process_message = record  # type: ignore[method-assign]
    client.execute()
    return [cell.outputs for cell in notebook.cells], sent


def static_html(outputs: list[Any]) -> list[str]:
    return [
        o["data"]["text/html"]
        for o in outputs
        if "text/html" in o.get("data", {}) and WIDGET_MIME not in o["data"]
    ]


SETUP = f"""
import threading
import pandas as pd
import graphistry_jupyter as gj
hub = gj.LocalHub(users={{"alice": "alice-pw"}}).start()
{EDGES_CODE}
"""


def test_a_login_shows_as_its_view_then_a_static_output_that_follows_it(tmp_path: Path) -> None:
    outputs, sent = run(
        tmp_path,
        SETUP,
        'prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")\nprod',
        'prod.login(username="alice", password="alice-pw"); None',
        # A logout on another thread: its update reaches the same output.
        't = threading.Thread(target=prod.logout, name="worker"); t.start(); t.join()\n'
        'prod.login(username="alice", password="alice-pw"); None',
    )
    view, static = outputs[1]
    assert WIDGET_MIME in view["data"]
    assert view["data"]["text/plain"] == ""  # no repr next to the static content
    assert "execute_result" not in {o["output_type"] for o in outputs[1]}
    assert static_html(outputs[1]) == [static["data"]["text/html"]]
    assert "Logged in as alice on prod" in static["data"]["text/html"]

    display_id = next(
        m["transient"]["display_id"]
        for m in sent
        if m["type"] == "display_data" and "text/html" in m["data"]
    )
    updates = [
        m["data"]["text/html"]
        for m in sent
        if m["type"] == "update_display_data" and m["transient"]["display_id"] == display_id
    ]
    states = ["logged in", "logged out", "logging in"]
    said = [next(state for state in states if state in u.lower()) for u in updates]
    changes = [state for k, state in enumerate(said) if k == 0 or said[k - 1] != state]
    # The login, the logout on the worker thread, the login again: each reached the output.
    assert changes == ["logging in", "logged in", "logged out", "logging in", "logged in"]


def test_a_plot_s_static_output_follows_it_to_ready_and_its_snapshot(tmp_path: Path) -> None:
    picture = png(320, 200)
    outputs, _sent = run(
        tmp_path,
        SETUP,
        'prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")\n'
        'prod.login(username="alice", password="alice-pw"); None',
        'view = prod.plot(prod.client.edges(edges, "src", "dst").name("Friends"))\n'
        "display(view)\n"
        "url = view.wait(30)\n"
        "from graphistry_jupyter.plots.grants import dataset_of\n"
        # What the plot view does with its viewer's snapshot, from the comm's thread.
        "view._handle_msg({'content': {'data': {'method': 'custom', 'content': {\n"
        "    'type': 'snapshot', 'dataset': dataset_of(url)}}},\n"
        f"    'buffers': [memoryview({picture!r})]}})\n"
        "print(url)",
    )
    url = "".join(o.get("text", "") for o in outputs[2]).strip()
    [static] = static_html(outputs[2])
    assert "<strong>Friends</strong> on prod (alice@" in static
    assert f'href="{url.replace("&", "&amp;")}"' in static
    assert '<img src="data:image/png;base64,' in static
    assert "uploading" not in static
    assert "waiting" not in static


def test_compare_shows_each_pane_s_static_output(tmp_path: Path) -> None:
    outputs, _sent = run(
        tmp_path,
        SETUP,
        'prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")\n'
        'other = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="other")\n'
        'prod.login(username="alice", password="alice-pw"); None',
        'side = gj.compare(prod.client.edges(edges, "src", "dst"), prod, other)\nside',
        'other.login(username="alice", password="alice-pw"); side.wait(30); None',
    )
    statics = static_html(outputs[2])
    assert len(statics) == 2
    assert "on prod (alice@" in statics[0]
    assert "on other (alice@" in statics[1]
    assert all("Open the plot on its server" in static for static in statics)
