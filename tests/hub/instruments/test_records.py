"""Request records (hub/instruments/records.py): what a record keeps of a request's path."""

from __future__ import annotations

from graphistry_jupyter.hub.instruments.records import redact_path


def test_sso_states_are_redacted_from_recorded_paths():
    assert redact_path("/api/v2/o/sso/oidc/jwt/abc123/") == "/api/v2/o/sso/oidc/jwt/{state}/"
    assert redact_path("/api/v2/o/acme/switch/") == "/api/v2/o/acme/switch/"
