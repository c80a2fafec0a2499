"""TLS, as a person meets it: the warning when certificate checks are off, and the sentence
for a secure connection that failed (the same for a login and a plot)."""

from __future__ import annotations

import warnings

import urllib3


def allow_unverified_tls() -> None:
    """The person turned certificate checks off (the badge shows it): say so once, not on every
    request, which urllib3 would otherwise print into the cell."""
    warnings.filterwarnings("once", category=urllib3.exceptions.InsecureRequestWarning)


def tls_failure(server: str, exc: BaseException) -> str:
    """What to do about a failed secure connection to ``server``: trust its certificate, or
    speak plain http to a server that does."""
    if "certificate" in str(exc).lower():
        return (
            f"The certificate of {server} could not be verified. If the server uses a private "
            "CA or a self-signed certificate, pass its CA bundle: "
            "certificate_validation='/path/to/ca.pem'; to skip the check (not recommended), "
            "certificate_validation=False."
        )
    return (
        f"The secure (https) connection to {server} failed: the TLS handshake did not complete. "
        'If the server speaks plain http (a local hub does), use protocol="http".'
    )
