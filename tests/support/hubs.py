"""The local hubs tests run against: their demo users, a clean slate per test, and finding the
dataset a viewer URL shows."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graphistry_jupyter.hub import LocalHub

# Local demo users and organization (not real credentials).
USERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"}
ORGS = {"acme": ["alice", "bob"]}


@contextlib.contextmanager
def clean(hub: LocalHub) -> Iterator[LocalHub]:
    """``hub`` with no faults, no latency and no recorded requests, for the length of a test.

    Datasets accumulate across tests, so tests look theirs up by the id in the viewer URL.
    """
    hub.faults.clear()
    hub.latency_ms = 0
    hub.clear_requests()
    yield hub
    hub.faults.clear()
    hub.latency_ms = 0


def viewer_prefix(hub: LocalHub) -> str:
    """The start of every viewer URL ``hub`` hands out (docs/contracts.md)."""
    return f"{hub.url}/graph/graph.html?dataset="


def dataset_id_of(viewer_url: str) -> str:
    """The ``dataset`` query parameter of a viewer URL."""
    values = parse_qs(urlsplit(viewer_url).query).get("dataset", [])
    assert len(values) == 1, f"no single dataset in {viewer_url}"
    return values[0]


def dataset_on(hub: LocalHub, viewer_url: str) -> dict[str, Any]:
    """The hub's record (owner, org, privacy, row counts) of the dataset a viewer URL shows."""
    wanted = dataset_id_of(viewer_url)
    found = [d for d in hub.datasets() if d["id"] == wanted]
    assert found, f"{hub.url} holds no dataset {wanted}"
    return found[0]
