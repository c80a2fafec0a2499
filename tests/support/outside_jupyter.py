"""A test outside any Jupyter server: what decides where a local hub's pages are opened (the
JupyterHub prefix, the demo hub's variables, a behind-the-proxy setting, the notebook server's
runtime files) is cleared, whatever runs the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphistry_jupyter.http import addresses as browser_addresses
from graphistry_jupyter.hub.server import jupyter_proxy


@pytest.fixture
def outside_jupyter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No JupyterHub, no demo, no setting, and an empty runtime directory, whatever runs us."""
    for name in (
        jupyter_proxy.BEHIND_PROXY_ENV,
        jupyter_proxy.JUPYTERHUB_PREFIX_ENV,
        browser_addresses.DEMO_HUB_ENV,
        browser_addresses.DEMO_HUB_BROWSER_ENV,
        "JPY_PARENT_PID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
