"""Widget tests run against the root conftest's two hubs (``hub``, ``staging_hub``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphistry_jupyter import LoginWidget, logins
from graphistry_jupyter.hub import LocalHub


@pytest.fixture(autouse=True)
def _no_logins_left() -> Iterator[None]:
    """Each test's login widgets are closed after it, so logins() starts empty."""
    yield
    for widget in logins():
        widget.close()


def login_widget(hub: LocalHub, label: str = "prod", **kwargs: object) -> LoginWidget:
    """A login form for ``hub`` (over plain http, as the local hub serves)."""
    return LoginWidget(server=hub.server, protocol=hub.protocol, label=label, **kwargs)  # type: ignore[arg-type]
