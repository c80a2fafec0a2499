"""Behaviour that only shows in a real kernel (nbclient, no browser): auto-display with
``%load_ext graphistry_jupyter``, and a hung server never holding up the next cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from tests.support.graphs import EDGES_CODE

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def run_cells(tmp_path: Path, *sources: str) -> list[Any]:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    client = NotebookClient(
        notebook, timeout=90, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    return [cell.outputs for cell in notebook.cells]


def text_of(outputs: list[Any]) -> str:
    parts = []
    for output in outputs:
        if output.get("name") == "stdout":
            parts.append(output.get("text", ""))
        parts.append(str(output.get("data", {}).get("text/plain", "")))
    return "".join(parts)


SETUP = f"""
import pandas as pd
import graphistry, graphistry_jupyter as gj
hub = gj.LocalHub(users={{"alice": "alice-pw"}}).start()
prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")
prod.login(username="alice", password="alice-pw")
{EDGES_CODE}
"""


def test_load_ext_displays_a_plottable_of_a_login_as_an_inline_plot(tmp_path: Path) -> None:
    outputs = run_cells(
        tmp_path,
        SETUP,
        "%load_ext graphistry_jupyter",
        "prod.client.edges(edges, 'src', 'dst')",
        "import time\n"
        "deadline = time.monotonic() + 30\n"
        "while not hub.datasets() and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)\n"
        "print([d['owner'] for d in hub.datasets()])",
        "graphistry.edges(edges, 'src', 'dst')",  # not bound to a login: its ordinary repr
    )
    # The plot's view, then its static output (a display of its own, which follows the plot).
    view, static = outputs[2]
    assert WIDGET_MIME in view["data"]
    assert view["data"]["text/plain"] == ""
    assert "on prod (alice@" in static["data"]["text/html"]
    assert text_of(outputs[3]).strip() == "['alice']", "the displayed plot uploaded to alice"
    assert not any(WIDGET_MIME in o.get("data", {}) for o in outputs[4])
    assert "'bindings'" in text_of(outputs[4]), "its ordinary repr"
    assert len(outputs[4]) == 1


def test_a_hung_server_never_holds_up_the_next_cell(tmp_path: Path) -> None:
    outputs = run_cells(
        tmp_path,
        "import time, graphistry_jupyter as gj\n"
        'hub = gj.LocalHub(users={"alice": "alice-pw"}, instruments=True).start()\n'
        'hung = hub.faults.inject("/api-token-auth/", "hang")\n'
        "w = gj.LoginWidget(server=hub.server, protocol=hub.protocol, deadline_s=60)",
        # What the form's "Log in" does: a custom message from the view.
        "w._handle_msg({'content': {'data': {'method': 'custom', 'content': {\n"
        "    'type': 'login', 'method': 'password', 'server': hub.server, 'org': '',\n"
        "    'privacy': '', 'client_protocol_hostname': '', 'remember': False,\n"
        "    'username': 'alice', 'password': 'alice-pw'}}}, 'buffers': []})",
        # This cell runs while the hub holds the login's request.
        "started = time.monotonic()\n"
        "while not hung.hits and time.monotonic() - started < 30:\n"
        "    time.sleep(0.05)\n"
        "print(w.status, hung.hits)",
        # The server answers at last: the login that waited on it completes.
        "hung.remove()\n"
        "started = time.monotonic()\n"
        "while w.status == 'logging_in' and time.monotonic() - started < 30:\n"
        "    time.sleep(0.05)\n"
        "print(w.status, '|', w.error)",
    )
    # The next cells ran while the login still waited on the hub, which held its request.
    assert text_of(outputs[2]).strip() == "logging_in 1"
    assert text_of(outputs[3]).strip() == "logged_in |"


def test_re_running_a_login_cell_replaces_the_form_it_made_before(tmp_path: Path) -> None:
    login_cell = (
        'prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")\n'
        'prod.login(username="alice", password="alice-pw")\n'
        "prod"
    )
    outputs = run_cells(
        tmp_path,
        "import pandas as pd, graphistry_jupyter as gj\n"
        'hub = gj.LocalHub(users={"alice": "alice-pw"}).start()\n' + EDGES_CODE,
        login_cell,
        "first, g = prod, prod.client.edges(edges, 'src', 'dst')\n"
        "plot = prod.plot(g)\n"
        "plot.wait(30)\n"
        "switcher = gj.SwitcherWidget(g)",
        login_cell,  # the same cell, run again
        "print(len(gj.logins()), gj.logins()[0] is prod, first.comm is None)\n"
        "print(first.account.status, plot.status, 'replaced by a newer one' in plot.error)\n"
        "print([option['name'] for option in switcher.options])",
    )
    printed = text_of(outputs[4]).splitlines()
    assert printed[0] == "1 True True", "one live form, the new one; the old one closed"
    assert printed[1] == "logged_out error True", "the old account logged out; its plot says so"
    assert printed[2].startswith("['prod (alice@"), printed[2]
    assert printed[2].count("prod (") == 1, "the switcher lists one entry"


def test_top_level_await_in_a_kernel_logs_in_plots_and_compares_on_its_running_loop(
    tmp_path: Path,
) -> None:
    outputs = run_cells(
        tmp_path,
        "import asyncio, pandas as pd, graphistry_jupyter as gj\n"
        'users = {"alice": "alice-pw"}\n'
        "prod_hub = gj.LocalHub(users=users).start()\n"
        "staging_hub = gj.LocalHub(users=users).start()\n"
        'prod = gj.LoginWidget(server=prod_hub.server, protocol=prod_hub.protocol, label="prod")\n'
        "staging = gj.LoginWidget(\n"
        '    server=staging_hub.server, protocol=staging_hub.protocol, label="staging"\n'
        ")\n" + EDGES_CODE,
        # The kernel's own loop runs these cells: no loop inside it (no nest_asyncio).
        "loop = asyncio.get_running_loop()\n"
        "await asyncio.gather(\n"
        '    prod.login_async(username="alice", password="alice-pw"),\n'
        '    staging.login_async(username="alice", password="alice-pw"),\n'
        ")\n"
        "print(prod.status, staging.status, asyncio.get_running_loop() is loop)",
        "g = prod.client.edges(edges, 'src', 'dst')\n"
        "url = await prod.plot(g)\n"
        "urls = await gj.compare(g, prod, staging)\n"
        "print(url.startswith(prod_hub.url), [u.startswith(h.url) for u, h in "
        "zip(urls, (prod_hub, staging_hub))])",
        "import sys\nprint('nest_asyncio' in sys.modules)",
    )
    assert text_of(outputs[1]).strip() == "logged_in logged_in True"
    assert text_of(outputs[2]).strip() == "True [True, True]"
    assert text_of(outputs[3]).strip() == "False", "no loop was nested"
