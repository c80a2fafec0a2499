"""Fixtures for end-to-end tests: one Jupyter server and one Chromium per session, a page per test.

The browser, a fresh context and page per test, and the final screenshot of a failed test come
from ``tests.support.browser`` (a plugin registered in ``tests/conftest.py``); the hubs standing
for production and staging, run in the test process so tests can read what they hold, from
``tests/conftest.py``. Here: the Jupyter server (Lab; it also serves Notebook 7 and Voila), pages
that cannot leave 127.0.0.1, ``steps``, which screenshots each named step of a test and keeps the
pictures under ``tests/e2e/artifacts/`` only when the test fails, and ``lab``, all of these as the
one object a scenario takes.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

import tests.support.browser as browser_plugin
from graphistry_jupyter.hub import LocalHub
from tests.support.jupyter import WORK_DIR, JupyterServer, running_jupyter
from tests.support.lab import Lab
from tests.support.notebook_page import Steps


@pytest.fixture(scope="session")
def jupyter_root() -> Iterator[Path]:
    """The directory the session's Jupyter server serves; tests write their notebooks here."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="e2e-notebooks-", dir=WORK_DIR))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def jupyter_session_server(jupyter_root: Path) -> Iterator[JupyterServer]:
    """One JupyterLab server for the whole session, widget-state saving on.

    Saving widget state only matters when a test saves a notebook, and the tests that do want
    to see what it writes, so it is on for every test.
    """
    with running_jupyter("lab", jupyter_root, save_widget_state=True) as server:
        yield server


@pytest.fixture
def jupyter_server(jupyter_session_server: JupyterServer) -> Iterator[JupyterServer]:
    """The session's server; this test's kernels are shut down when it ends."""
    yield jupyter_session_server
    jupyter_session_server.shutdown_kernels()
    jupyter_session_server.check_log()


# Anything not on this machine: Voila's template links a CDN stylesheet, Lab may look for news.
NOT_LOCAL = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")


@pytest.fixture
def page(page: Page) -> Page:
    """The browser plugin's fresh page, refused any request that leaves 127.0.0.1.

    Tests only ever talk to local servers; failing such requests at once also keeps pages from
    waiting on the network.
    """
    page.route(NOT_LOCAL, lambda route: route.abort())
    return page


@pytest.fixture
def steps(page: Page, request: pytest.FixtureRequest) -> Iterator[Steps]:
    """Take ``steps.shot("name")`` after each step; the pictures stay when the test fails."""
    recorder = Steps(page, request.node.name)
    yield recorder
    if not browser_plugin.has_failed(request):
        recorder.discard()


@pytest.fixture
def lab(
    page: Page,
    jupyter_server: JupyterServer,
    hub: LocalHub,
    staging_hub: LocalHub,
    steps: Steps,
    request: pytest.FixtureRequest,
) -> Lab:
    """Everything a scenario works with (see ``Lab``), so each test takes this one fixture."""
    return Lab(page, jupyter_server, hub, staging_hub, steps, test_name=request.node.name)
