"""Addresses (http/addresses.py): what a person types into the server field becomes host[:port]
and a protocol, a browser address a URL or a path, or a clear ValueError that never repeats a
password typed into it, every sentence whole; and the browser addresses a process knows for its
own hubs, or the demo's."""

from __future__ import annotations

import re

import pytest

from graphistry_jupyter.demo import _proxy_env
from graphistry_jupyter.http import addresses as browser_addresses
from graphistry_jupyter.http.addresses import (
    _split_host,
    normalize_browser_address,
    normalize_server,
)
from graphistry_jupyter.hub.server import jupyter_proxy
from tests.support.outside_jupyter import outside_jupyter  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("outside_jupyter")


# --------------------------------------------------------------------------------- servers


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


EXAMPLE = "such as hub.graphistry.com, 127.0.0.1:8080 or [::1]:8080"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", f"Enter a server, {EXAMPLE}."),
        ("   ", f"Enter a server, {EXAMPLE}."),
        ("ftp://h", "The server should start with http:// or https://, or neither."),
        (
            "user:pw@h",
            "The server must not contain a user name or password (before '@'): enter only the "
            "host and port, and log in with the form.",
        ),
        (
            "h/p",
            "The server has a path, query or fragment after the host; enter only the host (and "
            f"port), {EXAMPLE}.",
        ),
        ("h:", f"Server 'h:' is not a valid address: use a host and optional port, {EXAMPLE}."),
        (
            "[::1]:",
            f"Server '[::1]:' is not a valid address: use a host and optional port, {EXAMPLE}.",
        ),
        ("a b", f"Server 'a b' is not a valid address: use a host and optional port, {EXAMPLE}."),
    ],
)
def test_each_bad_server_gets_its_whole_sentence(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        normalize_server(typed, "https")
    assert str(raised.value) == message


def test_a_pasted_url_with_a_trailing_slash_is_a_host() -> None:
    assert normalize_server("https://h:9///", "http") == ("h:9", "https")
    assert normalize_server("http://h:9", "https") == ("h:9", "http")


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("h:1/a?b#c", ("h:1", "/a?b#c")),
        ("h?b/c", ("h", "?b/c")),
        ("h#c?d", ("h", "#c?d")),
        ("/path", ("", "/path")),
        ("h/a/b", ("h", "/a/b")),
        ("h", ("h", "")),
    ],
)
def test_the_host_ends_at_the_first_slash_query_or_fragment(
    text: str, split: tuple[str, str]
) -> None:
    assert _split_host(text) == split


# ----------------------------------------------------------------------- browser addresses


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        (None, ""),
        ("", ""),
        ("  /  ", ""),
        ("/proxy/8080/", "/proxy/8080"),
        ("HTTPS://Graphs.Example.com/", "https://Graphs.Example.com"),
        ("http://h:9", "http://h:9"),
        ("https://h:9/base/", "https://h:9/base"),
        ("https://h/a/b//", "https://h/a/b"),
    ],
)
def test_a_browser_address_is_a_url_or_a_path(typed: str | None, address: str) -> None:
    assert normalize_browser_address(typed) == address


NEEDS_SCHEME = (
    "The browser address needs its scheme, such as https://graphs.example.com (or is a "
    "path on the notebook's server, such as /proxy/8080)."
)

NO_QUERY = (
    "The browser address may have a path, but no query, fragment, backslash or space, "
    "such as https://jupyter.example.com/user/a/proxy/8080."
)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("//h", NEEDS_SCHEME),
        ("h", NEEDS_SCHEME),
        ("ftp://h", NEEDS_SCHEME),
        ("h://https://x", NEEDS_SCHEME),
        ("https://h/a?b", NO_QUERY),
        ("https://h/a#b", NO_QUERY),
        ("/a b", NO_QUERY),
        ("/a\\b", NO_QUERY),
        ("/a\x01b", NO_QUERY),
        (
            "https://u@h",
            "The server must not contain a user name or password (before '@'): enter only the "
            "host and port, and log in with the form.",
        ),
    ],
)
def test_each_bad_browser_address_gets_its_sentence(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        normalize_browser_address(typed)
    assert str(raised.value) == message


def test_only_the_first_scheme_separator_counts() -> None:
    with pytest.raises(ValueError, match=r"^The server has a path, query or fragment"):
        normalize_server("http://h/x://y", "https")
    assert normalize_browser_address("https://h/p://q") == "https://h/p://q"


def test_an_x_in_an_address_is_an_ordinary_character() -> None:
    assert _split_host("aXb/c") == ("aXb", "/c")
    with pytest.raises(ValueError, match=r"^The server has a path"):
        normalize_server("h/X", "https")
    assert normalize_browser_address("https://h/X") == "https://h/X"


# ---------------------------------------------------- browser addresses this process knows


def test_a_remembered_address_applies_to_that_server_only_until_forgotten() -> None:
    browser_addresses.remember("http", "127.0.0.1:9", "/proxy/9")
    try:
        assert browser_addresses.browser_address("http", "127.0.0.1:9") == "/proxy/9"
        assert browser_addresses.browser_address("https", "127.0.0.1:9") == ""
        assert browser_addresses.browser_address("http", "127.0.0.1:10") == ""
    finally:
        browser_addresses.forget("http", "127.0.0.1:9")
    assert browser_addresses.browser_address("http", "127.0.0.1:9") == ""


def test_the_demo_s_hub_is_named_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _proxy_env(8080).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(browser_addresses.DEMO_HUB_ENV, "127.0.0.1:8080")

    assert browser_addresses.browser_address("http", "127.0.0.1:8080") == "/proxy/8080"
    assert browser_addresses.browser_address("http", "127.0.0.1:8081") == ""
    assert jupyter_proxy.wanted(None) is True  # and the kernels' own hubs go there too


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("/proxy/8080/", "/proxy/8080"),
        ("/user/alice/proxy/8080", "/user/alice/proxy/8080"),
        (
            "HTTPS://jupyter.example.com/user/a/proxy/8080/",
            "https://jupyter.example.com/user/a/proxy/8080",
        ),
        ("https://graphs.example.com", "https://graphs.example.com"),
    ],
)
def test_a_browser_address_may_be_a_path_or_have_one(address: str, expected: str) -> None:
    assert normalize_browser_address(address) == expected


@pytest.mark.parametrize("address", ["//evil.example/x", "/a?b=1", "/a#b", "/a\\b", "/a b"])
def test_a_browser_path_has_no_host_query_or_fragment(address: str) -> None:
    with pytest.raises(ValueError, match="browser address"):
        normalize_browser_address(address)


@pytest.mark.parametrize(
    ("typed", "code_point"),
    [
        ("hub\x00.example.com", "U+0000"),
        ("evil\u202emoc.example", "U+202E"),
        ("hub\u200b.example.com", "U+200B"),
        ("hub.example.com\x1b[31m", "U+001B"),
        ("https://hub\u2028.example.com", "U+2028"),
    ],
)
def test_a_control_or_invisible_character_is_refused_by_its_code_point(
    typed: str, code_point: str
) -> None:
    with pytest.raises(ValueError, match=r"^The server contains") as raised:
        normalize_server(typed, "https")
    assert str(raised.value) == (
        f"The server contains an invisible or control character ({code_point}): type the "
        "address again rather than pasting it."
    )


@pytest.mark.parametrize("typed", ["hub.example.com\\@evil.example", "hub\\evil:80"])
def test_a_backslash_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"^The server must not contain a backslash"):
        normalize_server(typed, "https")


def test_a_host_longer_than_a_dns_name_can_be_is_refused() -> None:
    longest = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])  # 253 characters
    assert normalize_server(f"{longest}:8080", "https") == (f"{longest}:8080", "https")
    with pytest.raises(ValueError, match=r"^The server's name is longer than 253 characters"):
        normalize_server("x" * 10_000, "https")
    with pytest.raises(ValueError, match=r"longer than 253"):
        normalize_server(longest + "e", "https")
