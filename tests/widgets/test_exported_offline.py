"""``jupyter nbconvert --to html --execute`` with no network (nbclient runs the notebook, no
browser): every widget's static output is in the HTML with what it showed when the cell finished.
A plot shows its title, account label, ``user@server`` and plain link, and says it has no picture
because no browser drew it; nothing says "uploading" and nothing is shaped like a token. (The
same for a notebook run in JupyterLab, with snapshots: tests/e2e/test_reopened.py.)"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import nbformat

from graphistry_jupyter.widgets.plot import NO_PICTURE
from tests.support.exported import (
    JWT_SHAPED,
    images_and_links,
    nbconvert_offline,
    without_scripts,
)
from tests.support.graphs import EDGES_CODE

CELLS = [
    "import pandas as pd\nimport graphistry_jupyter as gj\n"
    'hub = gj.LocalHub(users={"alice": "alice-pw"}).start()\n'
    f"{EDGES_CODE}",
    'prod = gj.LoginWidget(server=hub.server, protocol=hub.protocol, label="prod")\n'
    'prod.login(username="alice", password="alice-pw")\n'
    "prod",
    "view = prod.plot(prod.client.edges(edges, 'src', 'dst').name('triangle'), height=360)\n"
    "url = view.wait(30)\n"
    "view",
    "side = gj.compare(prod.client.edges(edges, 'src', 'dst').name('side'), prod)\n"
    "urls = side.wait(30)\n"
    "side",
    "print('\\n'.join([url, *urls, hub.server]))",
]


def test_an_executed_export_shows_each_widget_as_it_finished_offline(tmp_path: Path) -> None:
    source = tmp_path / "executed.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nbformat.write(notebook, source)

    html = nbconvert_offline(source, "--execute")

    printed = re.findall(r"<pre>(.*?)</pre>", html, flags=re.S)[-1]
    *urls, server = unescape(printed).split()
    images, links = images_and_links(html)
    assert len(urls) == 2
    assert [link for link in links if "/graph/graph.html" in link] == urls
    assert images == []  # nothing drew the graphs
    shown = without_scripts(html)
    assert shown.count(NO_PICTURE) == 2
    assert f"Logged in as alice on prod ({server}) when saved" in shown
    assert f"<strong>triangle</strong> on prod (alice@{server})" in shown
    assert f"<strong>side</strong> on prod (alice@{server})" in shown
    assert "uploading" not in shown.lower()
    assert "waiting" not in shown.lower()
    assert not JWT_SHAPED.search(html)  # the saved widget state included
