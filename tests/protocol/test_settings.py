"""A yes/no setting given as text reads as pygraphistry reads its own: the same words, any case."""

from __future__ import annotations

import pytest

from graphistry_jupyter.protocol.settings import NO_WORDS, YES_WORDS, yes_or_no


@pytest.mark.parametrize("word", [*YES_WORDS, " Yes ", "TRUE", "On"])
def test_yes_words(word: str) -> None:
    assert yes_or_no(word) is True


@pytest.mark.parametrize("word", [*NO_WORDS, " No ", "FALSE", "Off"])
def test_no_words(word: str) -> None:
    assert yes_or_no(word) is False


@pytest.mark.parametrize("text", [None, "", "  ", "maybe", "/etc/ssl/ca.pem", "2"])
def test_anything_else_is_neither(text: str | None) -> None:
    assert yes_or_no(text) is None


def test_the_words_are_pygraphistrys() -> None:
    # pygraphistry's certificate_validation setter reads a string through distutils-style
    # strtobool; the same words mean the same here.
    assert set(YES_WORDS) == {"y", "yes", "t", "true", "on", "1"}
    assert set(NO_WORDS) == {"n", "no", "f", "false", "off", "0"}
