"""Fixtures shared by every test: a clean environment for pygraphistry, real local hubs, and a
way to log the unmodified ``graphistry`` client in to them.

``hub`` (standing for production) and ``staging_hub`` are started once per session (about 0.2 s
each) and handed to each test with no faults, no latency and no recorded requests. Datasets
accumulate across tests, so tests look theirs up by id. ``sentinel_hub`` is a module's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import graphistry
import keyring
import keyring.backends.fail
import pytest
from graphistry.pygraphistry import PyGraphistry

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import ORGS, SENTINEL_PASSWORD, USERS, clean

# Plugins must be declared here, in the top-level conftest (pytest refuses them elsewhere):
# browser fixtures (page, browser_context) and the recording comm of the widget tests.
pytest_plugins = ["tests.support.browser", "tests.support.comm"]


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
    with LocalHub(users=USERS, orgs=ORGS, instruments=True) as hub:
        yield hub


@pytest.fixture(scope="session")
def _second_hub() -> Iterator[LocalHub]:
    with LocalHub(users=USERS, orgs=ORGS, instruments=True) as hub:
        yield hub


@pytest.fixture
def hub(shared_hub: LocalHub) -> Iterator[LocalHub]:
    """The session's hub, standing for production, with no faults, no latency and an empty
    request log.

    It runs in the test process: kernels and Chromium reach it on 127.0.0.1, and tests read
    ``hub.datasets()`` to see who owns what was plotted.
    """
    with clean(shared_hub) as hub:
        yield hub


@pytest.fixture
def staging_hub(_second_hub: LocalHub) -> Iterator[LocalHub]:
    """A second hub, standing for staging: the same users on a separate server."""
    with clean(_second_hub) as hub:
        yield hub


@pytest.fixture(scope="module")
def sentinel_hub() -> Iterator[LocalHub]:
    """A hub of its own whose only user, sam in organization acme, has ``SENTINEL_PASSWORD``."""
    with LocalHub(
        users={"sam": SENTINEL_PASSWORD}, orgs={"acme": ["sam"]}, instruments=True
    ) as hub:
        yield hub


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


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's config directory, empty, with no keyring; a test may set another keyring,
    and the one before the test is put back after it."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield home
    keyring.set_keyring(previous)
