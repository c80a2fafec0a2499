"""Each widget's static output: published beside the view with a display id, and replaced by
``update_display`` on every change of what it shows, also when the change happens on a worker
thread. This is what the saved notebook keeps (static_output.py). First through IPython's display
functions with a recording publisher (tests/support/displays.py), then in a real kernel
(nbclient), whose messages are what a front end receives."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import nbformat
from IPython.display import display
from nbclient import NotebookClient

from graphistry_jupyter import compare
from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.plots.grants import dataset_of
from graphistry_jupyter.widgets.plot import NO_PICTURE
from tests.support.displays import DisplayLog, Published, displays
from tests.support.graphs import EDGES, EDGES_CODE
from tests.support.loops import run_loop
from tests.support.png import png, send_snapshot
from tests.widgets.conftest import login_widget

__all__ = ["displays"]  # the fixture

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


# ------------------------------------------------------------------ through IPython's display


def _view_and_static(log: DisplayLog) -> tuple[Published, Published]:
    view, static = log.published[:2]
    return view, static


def test_displaying_a_widget_publishes_its_view_then_its_static_output(
    hub: LocalHub, displays: DisplayLog
) -> None:
    prod = login_widget(hub)

    display(prod)

    view, static = _view_and_static(displays)
    assert WIDGET_MIME in view.data
    assert view.data["text/plain"] == ""  # no repr beside the static content
    assert (view.update, static.update) == (False, False)
    assert static.display_id is not None
    assert set(static.data) == {"text/html"}
    assert f"prod ({hub.server}): logged out when saved" in static.data["text/html"]


def test_each_change_of_a_login_replaces_its_static_output_from_the_thread_that_made_it(
    hub: LocalHub, displays: DisplayLog
) -> None:
    prod = login_widget(hub)
    display(prod)
    _view, static = _view_and_static(displays)

    prod.login(username="alice", password="alice-pw")
    worker = threading.Thread(target=prod.logout, name="a-worker")
    worker.start()
    worker.join()

    updates = [p for p in displays.published if p.update]
    assert all(p.display_id == static.display_id for p in updates)
    said = [
        ("logging in" if "logging in" in p.data["text/html"] else "")
        or ("logged in" if "Logged in as alice" in p.data["text/html"] else "")
        or ("logged out" if "logged out when saved" in p.data["text/html"] else "")
        for p in updates
    ]
    # The login starts on the cell's thread and ends on its worker thread; login() re-sends the
    # last state from the cell's thread before it returns (nbclient keeps only what precedes the
    # cell's idle); then the other thread's logout.
    assert said == ["logging in", "logged in", "logged in", "logged out"]
    main = threading.current_thread().name
    assert [p.thread for p in updates] == [main, "graphistry-login-prod", main, "a-worker"]
    assert (
        f"Logged in as alice on prod ({hub.server}) when saved — run the cell to reconnect."
        in updates[1].data["text/html"]
    )


def test_a_change_that_does_not_change_what_it_shows_sends_nothing(
    hub: LocalHub, displays: DisplayLog
) -> None:
    prod = login_widget(hub)
    display(prod)
    before = len(displays.published)

    prod.deadline_s = 12.0  # a synced trait the static output does not show

    assert len(displays.published) == before


def test_a_plot_s_static_output_follows_it_to_ready_then_to_its_snapshot(
    hub: LocalHub, displays: DisplayLog
) -> None:
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst").name("Friends"))
    display(view)
    _view, static = _view_and_static(displays)
    assert static.display_id is not None
    url = view.wait(30)

    html = displays.html_of(static.display_id)
    assert "uploading when saved" in html[0]
    ready = html[-1]
    assert f"<strong>Friends</strong> on prod (alice@{hub.server})" in ready
    assert f'href="{url.replace("&", "&amp;")}"' in ready
    assert NO_PICTURE in ready  # no browser drew it

    send_snapshot(view, dataset_of(view.url), png(320, 200))

    shown = displays.html_of(static.display_id)[-1]
    assert '<img src="data:image/png;base64,' in shown
    assert NO_PICTURE not in shown


def test_awaiting_a_plot_or_a_compare_sends_their_static_outputs_again_from_the_loop_s_thread(
    hub: LocalHub, displays: DisplayLog
) -> None:
    # As wait() does from the cell's thread: a worker's last update can reach the kernel's IO
    # thread after the cell went idle, which nbclient drops.
    prod = login_widget(hub).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst").name("Friends"))
    display(view)
    side_by_side = compare(prod.client.edges(EDGES, "src", "dst").name("Both"), prod)
    display(side_by_side)

    async def awaited() -> str:
        await view
        await side_by_side
        return threading.current_thread().name

    loop_thread = run_loop(awaited())

    for shown in (view, side_by_side.views[0]):
        last = [
            p for p in displays.published if p.update and p.display_id in shown._static._display_ids
        ][-1]
        assert last.thread == loop_thread
        assert "uploading when saved" not in last.data["text/html"]


def test_a_closed_widget_s_static_output_keeps_what_it_showed(
    hub: LocalHub, displays: DisplayLog
) -> None:
    prod = login_widget(hub)
    display(prod)
    prod.close()
    before = len(displays.published)

    prod.label = "renamed"

    assert len(displays.published) == before


def test_compare_publishes_each_pane_s_static_output_which_follows_its_own_plot(
    hub: LocalHub, staging_hub: LocalHub, displays: DisplayLog
) -> None:
    prod, staging = login_widget(hub), login_widget(staging_hub, label="staging")
    side = compare(prod.client.edges(EDGES, "src", "dst"), prod, staging)

    display(side)
    view, *statics = displays.published
    prod.login(username="alice", password="alice-pw")
    side.views[0].wait(30)

    assert WIDGET_MIME in view.data
    assert [s.data["text/html"].count("waiting for its login when saved") for s in statics] == [
        1,
        1,
    ]
    [prod_id, staging_id] = [s.display_id for s in statics]
    assert "Open the plot on its server" in displays.html_of(prod_id)[-1]
    assert displays.html_of(staging_id) == [statics[1].data["text/html"]]  # never updated


# ------------------------------------------------------------------------- in a real kernel


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
