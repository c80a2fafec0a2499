"""Which requests an injected fault applies to."""

from __future__ import annotations

import pytest

from graphistry_jupyter.hub import FaultRegistry


def test_a_fault_matches_its_exact_path_or_a_prefix_ending_in_a_star():
    faults = FaultRegistry()
    exact = faults.inject("/api-token-auth/", "status")
    prefix = faults.inject("/api/v2/upload/*", "drop")

    assert faults.take("POST", "/api-token-auth/") is exact
    assert faults.take("POST", "/api-token-auth") is None
    assert faults.take("POST", "/api/v2/upload/datasets/") is prefix
    assert faults.take("POST", "/api/v2/files/") is None


def test_a_fault_can_be_limited_to_a_method():
    faults = FaultRegistry()
    fault = faults.inject("/x", "status", method="post")

    assert faults.take("GET", "/x") is None
    assert faults.take("POST", "/x") is fault


def test_a_fault_can_be_limited_to_chunked_bodies():
    # A server that needs a Content-Length: refuses a streamed body, takes a sized one.
    faults = FaultRegistry()
    fault = faults.inject("/x", "status", status=411, chunked_only=True)

    assert faults.take("POST", "/x") is None
    assert faults.take("POST", "/x", chunked=True) is fault


def test_a_fault_retires_after_its_times_and_on_remove():
    faults = FaultRegistry()
    counted = faults.inject("/x", "status", times=2)
    removed = faults.inject("/y", "hang")

    assert faults.take("GET", "/x") is counted
    assert counted.active
    assert faults.take("GET", "/x") is counted
    assert not counted.active
    assert faults.take("GET", "/x") is None
    removed.remove()
    removed.remove()
    assert faults.take("GET", "/y") is None
    assert len(faults) == 0


@pytest.mark.parametrize(
    ("path", "kind", "times", "message"),
    [
        ("x", "hang", None, r"^fault path must start with '/': 'x'$"),
        ("/x", "explode", None, r"^unknown fault kind 'explode': use 'hang', 'status' or 'drop'$"),
        ("/x", "drop", 0, r"^times must be at least 1 \(or None for every request\)$"),
    ],
)
def test_nonsense_faults_are_refused(path, kind, times, message):
    with pytest.raises(ValueError, match=message):
        FaultRegistry().inject(path, kind, times=times)
