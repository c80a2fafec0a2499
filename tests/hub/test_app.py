"""What stands between a request and the route that answers it (hub/app.py): on a hub made
without test instruments, only the security headers and the body limit; with them, the request
records outermost (they time a request from its arrival) and the injected latency and faults."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.hub import app as hub_app
from graphistry_jupyter.hub.instruments.faults import NetworkConditionsMiddleware
from graphistry_jupyter.hub.instruments.records import RecordingMiddleware
from graphistry_jupyter.hub.limits import BodyLimitMiddleware
from graphistry_jupyter.hub.web.headers import SecurityHeadersMiddleware

USERS = {"alice": "alice-pw"}


def layers(app: Any) -> list[type]:
    """The middleware a request passes, outermost first, down to the routes."""
    found = []
    while not isinstance(app, Starlette):
        found.append(type(app))
        app = app.app
    return found


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The apps the hubs started in a test serve, in the order they were built."""
    built: list[Any] = []
    build = hub_app.build_app

    def recording_build(*args: Any, **kwargs: Any) -> Any:
        built.append(build(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(hub_app, "build_app", recording_build)
    return built


def test_a_hub_made_without_instruments_has_none_in_its_request_path(served: list[Any]) -> None:
    with LocalHub(users=USERS):
        pass

    assert layers(served[0]) == [SecurityHeadersMiddleware, BodyLimitMiddleware]


@pytest.mark.parametrize(
    "options", [{"instruments": True}, {"latency_ms": 5}], ids=["instruments", "latency"]
)
def test_with_instruments_requests_are_recorded_and_meet_injected_conditions(
    served: list[Any], options: dict[str, Any]
) -> None:
    with LocalHub(users=USERS, **options):
        pass

    assert layers(served[0]) == [
        RecordingMiddleware,
        SecurityHeadersMiddleware,
        NetworkConditionsMiddleware,
        BodyLimitMiddleware,
    ]
