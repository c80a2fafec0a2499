"""Request records (hub/instruments/records.py): what a record keeps of a request (its path,
whether its body came chunked)."""

from __future__ import annotations

from graphistry_jupyter.hub.instruments.records import is_chunked, redact_path


def test_sso_states_are_redacted_from_recorded_paths():
    assert redact_path("/api/v2/o/sso/oidc/jwt/abc123/") == "/api/v2/o/sso/oidc/jwt/{state}/"
    assert redact_path("/api/v2/o/acme/switch/") == "/api/v2/o/acme/switch/"


def test_a_body_counts_as_chunked_by_its_transfer_encoding_only():
    def scope(*headers: tuple[bytes, bytes]) -> dict[str, object]:
        return {"type": "http", "headers": list(headers)}

    assert is_chunked(scope((b"transfer-encoding", b"chunked")))
    assert is_chunked(scope((b"Transfer-Encoding", b"gzip, Chunked")))
    assert not is_chunked(scope((b"content-length", b"12")))
    assert not is_chunked(scope())
