"""What a person does first after ``pip install graphistry-jupyter``, run inside a fresh venv by
tests/install/test_install.py (so it imports nothing from the repository).

    python smoke.py base    # no extras: the package imports, LocalHub names its extra
    python smoke.py hub     # with [hub]: a local hub, a login, a plot and its URL

Prints one JSON line with what it saw; any failure is an exception (exit 1).
"""

from __future__ import annotations

import json
import sys
from importlib import metadata, resources


def base() -> dict[str, object]:
    import graphistry_jupyter as gj

    static = resources.files("graphistry_jupyter") / "static"
    login = gj.LoginWidget(server="127.0.0.1:9", protocol="http")
    try:
        gj.LocalHub  # noqa: B018 - the attribute access is what is tested
    except ImportError as exc:
        hub_message = str(exc)
    else:
        hub_message = ""
    return {
        "file": gj.__file__,
        "version": gj.__version__,
        "metadata_version": metadata.version("graphistry-jupyter"),
        "front_ends": sorted(p.name for p in static.iterdir()),
        "status": login.status,
        "hub_message": hub_message,
    }


def hub() -> dict[str, object]:
    import pandas as pd

    import graphistry_jupyter as gj

    with gj.LocalHub(users={"alice": "alice-pw"}) as local:
        login = gj.LoginWidget(server=local.server, protocol=local.protocol, label="local")
        login.login(username="alice", password="alice-pw")
        edges = pd.DataFrame({"src": ["a", "b"], "dst": ["b", "c"]})
        url = login.plot(login.client.edges(edges, "src", "dst")).wait(60)
        return {
            "file": gj.__file__,
            "status": login.status,
            "url": url,
            "hub_url": local.url,
            "datasets": local.datasets(),
        }


if __name__ == "__main__":
    steps = {"base": base, "hub": hub}
    print(json.dumps(steps[sys.argv[1]]()))
