"""What every end-to-end test works with, as one object: the ``lab`` fixture of
``tests/e2e/conftest.py``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from playwright.sync_api import Page

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES_CODE
from tests.support.hubs import USERS
from tests.support.jupyter import JupyterServer
from tests.support.notebook_page import NotebookPage, NotebookUi, Steps, VoilaPage, write_notebook


@dataclass
class Lab:
    """One test's Chromium page (it cannot leave 127.0.0.1), the session's Jupyter server
    (JupyterLab, which also serves Notebook 7 and Voila), the hubs standing for production
    (``hub``) and staging (``staging_hub``), and the test's step screenshots."""

    page: Page
    server: JupyterServer
    hub: LocalHub
    staging_hub: LocalHub
    steps: Steps
    test_name: str
    notebooks_written: int = 0

    def write_notebook(self, cells: Sequence[str]) -> str:
        """Write a notebook of ``cells`` into the server root; return its name.

        Names derive from the test's name, so parallel tests never share a notebook file.
        """
        self.notebooks_written += 1
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", self.test_name).strip("-")
        name = f"{stem}-{self.notebooks_written}.ipynb"
        write_notebook(self.server.root_dir / name, cells)
        return name

    def open_notebook(self, cells: Sequence[str], *, ui: NotebookUi = "lab") -> NotebookPage:
        """A new notebook of ``cells``, opened in ``ui`` with its kernel ready (no cell run)."""
        return NotebookPage.open(self.page, self.server, self.write_notebook(cells), ui)

    def open_voila(self, cells: Sequence[str]) -> VoilaPage:
        """A new notebook of ``cells`` as a Voila dashboard, every cell run."""
        return VoilaPage.open(self.page, self.server, self.write_notebook(cells))

    def shot(self, step: str) -> None:
        """Screenshot the page as step ``step``; kept only if the test fails."""
        self.steps.shot(step)


def login_widget_code(
    hub: LocalHub, name: str = "login", *, user: str | None = None, **options: str
) -> str:
    """Notebook code (after ``import graphistry_jupyter as gj``) that makes ``name``, a login
    widget for ``hub`` labelled "prod" unless ``options`` say otherwise, and logs it in as demo
    ``user`` when one is given."""
    arguments = {"server": hub.server, "protocol": "http", "label": "prod", **options}
    listed = ", ".join(f"{key}={value!r}" for key, value in arguments.items())
    code = f"{name} = gj.LoginWidget({listed})"
    if user is not None:
        code += f"\n{name}.login(username={user!r}, password={USERS[user]!r})"
    return code


def two_logins_code(lab: Lab, **options: str) -> str:
    """A notebook's first cell: alice logged in on production as ``prod``, bob on staging as
    ``staging`` (both from code, with ``options`` such as ``privacy``), and ``g``, the test graph
    built from prod's client."""
    prod = login_widget_code(lab.hub, "prod", user="alice", **options)
    staging = login_widget_code(lab.staging_hub, "staging", label="staging", user="bob", **options)
    return (
        f"import pandas as pd\nimport graphistry_jupyter as gj\n{prod}\n{staging}\n"
        f"{EDGES_CODE}\ng = prod.client.edges(edges, 'src', 'dst')"
    )
