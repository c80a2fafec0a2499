"""Which versions of the dependencies this run has, and skipping what an older one lacks.

The suite also runs on the oldest declared stack (``ci/oldest-constraints.txt``, in
``.venv-oldest``): a test of something that only a newer pygraphistry has is skipped there, with
the reason, rather than failing::

    @requires_graphistry("0.55", why="GraphistryClient.from_dataset_id first appears in 0.55.0")
    def test_from_dataset_id_...
"""

from __future__ import annotations

from importlib.metadata import version

import pytest
from packaging.version import Version

GRAPHISTRY = Version(version("graphistry"))


def requires_graphistry(minimum: str, *, why: str) -> pytest.MarkDecorator:
    """Skip the test (or module, as ``pytestmark``) when pygraphistry is older than ``minimum``;
    ``why`` says what the test needs that older versions lack."""
    return pytest.mark.skipif(
        Version(minimum) > GRAPHISTRY,
        reason=f"needs graphistry >= {minimum}: {why} (this run has {GRAPHISTRY})",
    )
