"""What a person types into the server field becomes host[:port] and a protocol, or a clear error
that never repeats a password typed into it."""

from __future__ import annotations

import pytest

from graphistry_jupyter.http.addresses import normalize_server


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hub.graphistry.com", ("hub.graphistry.com", "https")),
        ("  127.0.0.1:8080 ", ("127.0.0.1:8080", "https")),
        ("[::1]:8080", ("[::1]:8080", "https")),
        ("[::1]", ("[::1]", "https")),
        ("[::]", ("[::]", "https")),
        ("http://127.0.0.1:8080/", ("127.0.0.1:8080", "http")),
        ("HTTPS://hub.example.com", ("hub.example.com", "https")),
    ],
)
def test_a_host_or_a_pasted_url_becomes_host_and_protocol(
    typed: str, expected: tuple[str, str]
) -> None:
    assert normalize_server(typed, "https") == expected


def test_userinfo_is_refused_without_repeating_it() -> None:
    with pytest.raises(ValueError, match="must not contain a user name or password") as caught:
        normalize_server("alice:S3cretPw@hub.example.com", "https")
    assert "S3cretPw" not in str(caught.value)
    assert "alice" not in str(caught.value)


def test_a_host_that_names_another_host_after_an_at_sign_is_refused() -> None:
    with pytest.raises(ValueError, match="must not contain a user name or password"):
        normalize_server("good.example@evil.example", "https")


@pytest.mark.parametrize("typed", ["host?x=1", "host#frag", "host/path", "https://h/graph/x"])
def test_a_path_query_or_fragment_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="has a path, query or fragment after the host"):
        normalize_server(typed, "https")


@pytest.mark.parametrize("typed", ["[::1", "h:", "h:abc", "hub example.com", "h:99999"])
def test_a_malformed_address_is_refused_with_examples(typed: str) -> None:
    with pytest.raises(ValueError, match=r"is not a valid address: .* or \[::1\]:8080"):
        normalize_server(typed, "https")


@pytest.mark.parametrize(("typed", "protocol"), [("ftp://x", "https"), ("x", "gopher")])
def test_only_http_and_https_are_protocols(typed: str, protocol: str) -> None:
    with pytest.raises(ValueError, match="http"):
        normalize_server(typed, protocol)


def test_an_empty_server_asks_for_one() -> None:
    with pytest.raises(ValueError, match="Enter a server"):
        normalize_server("   ", "https")
