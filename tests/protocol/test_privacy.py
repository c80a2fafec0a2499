"""Privacy modes read the same on both ends: ``""`` is the server's default, ``"org"`` is
organization, and anything else is refused with the choices named."""

from __future__ import annotations

import pytest

from graphistry_jupyter.protocol.privacy import PRIVACY_CHOICES, PRIVACY_MODES, normalize_privacy


@pytest.mark.parametrize(
    ("typed", "mode"),
    [
        (None, ""),
        ("", ""),
        ("org", "organization"),
        (" ORG ", "organization"),
        (" Public ", "public"),
    ],
)
def test_privacy_modes_and_the_org_alias(typed: str | None, mode: str) -> None:
    assert normalize_privacy(typed) == mode


@pytest.mark.parametrize("mode", PRIVACY_MODES)
def test_every_mode_reads_as_itself(mode: str) -> None:
    assert normalize_privacy(mode) == mode


def test_the_choices_are_the_server_default_and_the_modes() -> None:
    assert PRIVACY_CHOICES == ("", "private", "organization", "public")


@pytest.mark.parametrize("typed", ["secret", "orga", "organisation"])
def test_an_unknown_privacy_mode_names_the_choices(typed: str) -> None:
    with pytest.raises(ValueError, match="privacy must be one of private, organization, public"):
        normalize_privacy(typed)
