"""Every sentence the server and browser-address checks answer with, whole (options.py), and the
TLS sentences of errors.py: a reworded or truncated message fails here."""

from __future__ import annotations

import re
import warnings

import pytest
import requests
import urllib3

from graphistry_jupyter.http.addresses import (
    _split_host,
    normalize_browser_address,
    normalize_server,
)
from graphistry_jupyter.http.replies import server_detail
from graphistry_jupyter.http.tls import allow_unverified_tls
from graphistry_jupyter.session.errors import describe_login_failure

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


def test_unverified_tls_warns_once_not_on_every_request() -> None:
    with warnings.catch_warnings():
        warnings.resetwarnings()
        allow_unverified_tls()
        action, _, category, _, _ = warnings.filters[0]
        assert (action, category) == ("once", urllib3.exceptions.InsecureRequestWarning)


def test_a_certificate_failure_says_how_to_trust_the_server() -> None:
    failure = requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")
    assert describe_login_failure(failure, server="h:1", org=None, deadline_s=1) == (
        "The certificate of h:1 could not be verified. If the server uses a private CA or a "
        "self-signed certificate, pass its CA bundle: certificate_validation='/path/to/ca.pem'; "
        "to skip the check (not recommended), certificate_validation=False."
    )


def test_the_servers_words_start_at_the_first_brace() -> None:
    assert server_detail('x {"detail": "a {b} c"}') == "a {b} c"
