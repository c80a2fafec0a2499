"""The server's own words, pulled out of a Graphistry error reply (http/replies.py) for the
sentences of failed logins and plots."""

from __future__ import annotations

import pytest

from graphistry_jupyter.http.replies import server_detail


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ('{"non_field_errors": ["Unable to log in.", "second"]}', "Unable to log in."),
        ('prefix {"detail": "Not found."}', "Not found."),
        ('{"message": "Quota exceeded"}', "Quota exceeded"),
        ('{"errors": ["first error"]}', "first error"),
        ('{"non_field_errors": [], "detail": "fallback"}', "fallback"),
        ('{"detail": ""}', '{"detail": ""}'),
        ('{"other": 1}', '{"other": 1}'),
        ("[1, 2]", "[1, 2]"),
        ("  plain text  ", "plain text"),
        ("  {not json  ", "{not json"),
        ('{"detail": 5}', '{"detail": 5}'),
    ],
)
def test_the_servers_own_words_are_pulled_out_of_its_reply(body: str, detail: str) -> None:
    assert server_detail(body) == detail


def test_the_servers_words_start_at_the_first_brace() -> None:
    assert server_detail('x {"detail": "a {b} c"}') == "a {b} c"
