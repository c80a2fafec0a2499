"""TLS as a person meets it (http/tls.py): the unverified-TLS warning once, not on every request,
and the sentence that says how to trust a server's certificate."""

from __future__ import annotations

import warnings

import requests
import urllib3

from graphistry_jupyter.http.tls import allow_unverified_tls
from graphistry_jupyter.session.errors import describe_login_failure


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
