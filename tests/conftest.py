"""Fixtures shared by every test: a clean environment for pygraphistry, a real local hub, and a
way to log the unmodified ``graphistry`` client in to it.

The hub is started once per session (about 0.2 s) and handed to each test with no faults, no
latency and no recorded requests. Datasets accumulate across tests, so tests look theirs up by id.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import graphistry
import pytest
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter.hub import LocalHub

# Plugins must be declared here, in the top-level conftest (pytest refuses them elsewhere):
# browser fixtures (page, browser_context) and the recording comm of the widget tests.
pytest_plugins = ["tests.support.browser", "tests.support.comm"]

USERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"}
ORGS = {"acme": ["alice", "bob"]}

ClientFor = Callable[..., Any]


@pytest.fixture(autouse=True)
def _no_graphistry_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """pygraphistry reads GRAPHISTRY_* variables (and a config file named by PYGRAPHISTRY_CONFIG)
    into every new session; a test must never pick up a developer's real server or token.

    ``client().register(org_name=...)`` also writes the org into pygraphistry's *global*
    session (protocol section 5.5): put it back after each test.
    """
    for name in list(os.environ):
        if name.startswith("GRAPHISTRY_") or name == "PYGRAPHISTRY_CONFIG":
            monkeypatch.delenv(name)
    global_org = PyGraphistry.session.org_name
    yield
    PyGraphistry.session.org_name = global_org


@pytest.fixture(scope="session")
def shared_hub() -> Iterator[LocalHub]:
    """One hub for the session: alice, bob and carol; organization acme = alice and bob."""
    with LocalHub(users=USERS, orgs=ORGS) as hub:
        yield hub


@pytest.fixture
def hub(shared_hub: LocalHub) -> Iterator[LocalHub]:
    """The session's hub with no faults, no latency and an empty request log."""
    shared_hub.faults.clear()
    shared_hub.latency_ms = 0
    shared_hub.clear_requests()
    yield shared_hub
    shared_hub.faults.clear()
    shared_hub.latency_ms = 0


def _register(hub: LocalHub, **kwargs: Any) -> Any:
    return graphistry.client().register(api=3, protocol=hub.protocol, server=hub.server, **kwargs)


@pytest.fixture
def register_on() -> ClientFor:
    """``register_on(hub, **kwargs)``: ``graphistry.client().register(api=3, ...)`` against
    ``hub`` over plain HTTP, with any login arguments (token, personal key, SSO, ...)."""
    return _register


@pytest.fixture
def client_for() -> ClientFor:
    """``client_for(hub, "alice", **register_kwargs)``: a new client logged in with the user's
    password (from ``USERS``) through the unmodified ``graphistry`` client."""

    def make(hub: LocalHub, user: str, **kwargs: Any) -> Any:
        return _register(hub, username=user, password=USERS[user], **kwargs)

    return make
