"""A closed widget lets go of everything it held: its account, client and connections (a login
widget), its tables (a plot), so they can be collected; checked with weak references, in this
process and in a real kernel (nbclient), where the kernel's machinery (comms, the display
publisher, output history) could hold on to what this process would let go. A closed login
widget refuses login() and plot() with a sentence, a closed plot refuses replot()."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pytest

from graphistry_jupyter import LocalHub, LoginError, PlotError, PlotWidget
from tests.support.graphs import EDGES
from tests.widgets.conftest import login_widget
from tests.widgets.test_in_a_kernel import run_cells


def test_a_closed_login_widget_and_its_account_and_client_are_collected(hub: LocalHub) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    refs = [weakref.ref(o) for o in (login, login.account, login.client)]

    login.close()
    del login
    gc.collect()

    assert [ref() is None for ref in refs] == [True, True, True]


def test_a_closed_plot_lets_go_of_its_tables(hub: LocalHub) -> None:
    login = login_widget(hub).login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES.copy(), "src", "dst")
    table = weakref.ref(g._edges)
    view = PlotWidget(g, account=login)
    view.wait(30)
    del g

    view.close()
    del view
    login.close()
    del login
    gc.collect()

    assert table() is None


def test_a_closed_login_widget_refuses_login_and_plot_with_a_sentence(hub: LocalHub) -> None:
    login = login_widget(hub, label="gone").login(username="alice", password="alice-pw")
    g = login.client.edges(EDGES, "src", "dst")
    login.close()

    closed = r"^The login widget of gone was closed: create a new LoginWidget to log in or plot"
    with pytest.raises(LoginError, match=closed):
        login.login(username="alice", password="alice-pw")
    with pytest.raises(LoginError, match=closed):
        login.plot(g)
    with pytest.raises(PlotError, match=r"^The login widget of gone was closed"):
        login.account.plot(g)


def test_a_closed_plot_refuses_replot_with_a_sentence(hub: LocalHub) -> None:
    login = login_widget(hub, label="gone").login(username="alice", password="alice-pw")
    view = PlotWidget(login.client.edges(EDGES, "src", "dst"), account=login)
    view.wait(30)
    view.close()

    with pytest.raises(PlotError, match=r"^This plot was closed: make a new one to plot again"):
        view.replot()


# The kernel's own TCP connections to the hub (client side: the hub's port is the remote one),
# read from /proc, as another process would see them.
KERNEL_CONNECTIONS = """
import os
def connections_to(port):
    inodes = set()
    for name in ("tcp", "tcp6"):
        with open(f"/proc/self/net/{name}") as table:
            for row in list(table)[1:]:
                fields = row.split()
                if int(fields[2].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                    inodes.add(fields[9])
    held = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            held += os.readlink(f"/proc/self/fd/{fd}") in {f"socket:[{i}]" for i in inodes}
        except OSError:
            pass
    return held
"""


def printed(outputs: list[Any]) -> Any:
    """What a cell printed as JSON (its displays are other outputs)."""
    streams = [o["text"] for o in outputs if o.get("name") == "stdout"]
    return json.loads("".join(streams))


LOGINS = 6
ROWS = 10 * 1024 * 1024 // 16  # two int64 columns: about 10 MB a table


def test_in_a_real_kernel_closed_widgets_release_accounts_clients_sockets_and_tables(
    tmp_path: Path,
) -> None:
    outputs = run_cells(
        tmp_path,
        "import gc, json, weakref\n"
        "import numpy as np, pandas as pd, graphistry_jupyter as gj\n"
        'hub = gj.LocalHub(users={"alice": "alice-pw"}).start()\n' + KERNEL_CONNECTIONS,
        # Several logged-in widgets, each with a plot of its own 10 MB table, shown as a notebook
        # shows them (the display publisher and the comms see every one).
        f"logins, plots, refs = [], [], {{}}\n"
        f"for n in range({LOGINS}):\n"
        f'    w = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label=f"l{{n}}")\n'
        '    w.login(username="alice", password="alice-pw")\n'
        f"    edges = pd.DataFrame({{'src': np.arange({ROWS}), 'dst': np.arange({ROWS})}})\n"
        "    p = w.plot(w.client.edges(edges, 'src', 'dst'))\n"
        "    p.wait(60)\n"
        "    display(w, p)\n"
        "    for what, o in (('login', w), ('account', w.account), ('client', w.client),\n"
        "                    ('table', edges), ('plot', p)):\n"
        "        refs.setdefault(what, []).append(weakref.ref(o))\n"
        "    logins.append(w); plots.append(p)\n"
        "del w, p, edges, what, o\n"
        "print(json.dumps({'connections': connections_to(hub.port)}))",
        # Close them all; keep one of each to call afterwards.
        "kept_login, kept_plot = logins[0], plots[0]\n"
        "for p in plots: p.close()\n"
        "for w in logins: w.close()\n"
        "del logins, plots, p, w\n"
        "gc.collect()\n"
        "alive = {what: sum(r() is not None for r in rs) for what, rs in refs.items()}\n"
        "print(json.dumps({'alive': alive, 'connections': connections_to(hub.port)}))",
        "refused = []\n"
        "for call in (lambda: kept_login.login(username='alice', password='alice-pw'),\n"
        "             lambda: kept_login.plot(kept_login.client.edges(\n"
        "                 pd.DataFrame({'src': [1], 'dst': [2]}), 'src', 'dst')),\n"
        "             kept_plot.replot):\n"
        "    try:\n"
        "        call()\n"
        "        refused.append('(no error)')\n"
        "    except Exception as exc:\n"
        "        refused.append(f'{type(exc).__name__}: {exc}')\n"
        "print(json.dumps(refused))",
    )
    before, after, refused = (printed(outputs[n]) for n in (1, 2, 3))

    assert before["connections"] >= LOGINS, "each login kept its connection alive while open"
    # The kept login and plot are still referenced (by name): everything else is gone.
    assert after["alive"] == {"login": 1, "account": 1, "client": 1, "table": 1, "plot": 1}
    assert after["connections"] == 0, "no closed login keeps a socket to the hub"
    assert refused[0].startswith("LoginError: The login widget of l0 was closed")
    assert refused[1].startswith("LoginError: The login widget of l0 was closed")
    assert refused[2].startswith("PlotError: This plot was closed")
