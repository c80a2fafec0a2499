"""Yes/no settings given as text (environment variables, pygraphistry's string settings), read
with one list of words: pygraphistry's own, so a value means the same here as there."""

from __future__ import annotations

YES_WORDS = ("y", "yes", "t", "true", "on", "1")
NO_WORDS = ("n", "no", "f", "false", "off", "0")


def yes_or_no(text: str | None) -> bool | None:
    """``True`` or ``False`` for a yes/no word (any case, surrounding space ignored); ``None``
    for anything else, including an empty or missing value."""
    word = (text or "").strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None
