"""Two real local hubs standing for production and staging, and clean widget state per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter import LoginWidget, accounts
from graphistry_jupyter.hub import LocalHub

USERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"}
ORGS = {"acme": ["alice", "bob"]}


@pytest.fixture(scope="module")
def prod_hub() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, orgs=ORGS) as hub:
        yield hub


@pytest.fixture(scope="module")
def staging_hub() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, orgs=ORGS) as hub:
        yield hub


@pytest.fixture(autouse=True)
def _fresh_hubs_and_logins(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with no faults, no recorded requests, no login widgets, and leaves the
    global graphistry session as it found it."""
    hubs = [
        request.getfixturevalue(n) for n in ("prod_hub", "staging_hub") if n in request.fixturenames
    ]
    for hub in hubs:
        hub.faults.clear()
        hub.clear_requests()
    global_org = PyGraphistry.session.org_name
    yield
    for widget in accounts():
        widget.close()
    for hub in hubs:
        hub.faults.clear()
    PyGraphistry.session.org_name = global_org


def login_widget(hub: LocalHub, label: str = "prod", **kwargs: object) -> LoginWidget:
    """A login form for ``hub`` (over plain http, as the local hub serves)."""
    return LoginWidget(server=hub.server, protocol=hub.protocol, label=label, **kwargs)  # type: ignore[arg-type]
