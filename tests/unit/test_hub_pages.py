"""The hub's pages and records: escaping, the unbuilt-viewer message, redacted SSO states."""

from __future__ import annotations

from graphistry_jupyter.hub.instruments.records import redact_path
from graphistry_jupyter.hub.web.pages import viewer_page
from graphistry_jupyter.hub.web.signin import safe_next

CONFIG = {"dataset": "d1", "meta": "/m", "edges": "/e", "nodes": None}


def page_text(**kwargs) -> str:
    options = {"name": "G", "owner": "alice", "org": None, "privacy": "public", "built": True}
    return bytes(viewer_page(config=CONFIG, **{**options, **kwargs}).body).decode()


def test_without_a_built_front_end_the_viewer_says_so_in_an_alert():
    text = page_text(built=False)

    assert 'data-state="error"' in text
    assert 'role="alert"' in text
    assert "viewer.js is missing" in text
    assert "/graph/static/viewer.js" not in text


def test_names_cannot_inject_markup_into_the_page_or_its_config():
    text = page_text(name="</script><script>alert(1)</script>", owner="<b>")

    assert "<script>alert(1)" not in text
    assert "<b>" not in text


def test_safe_next_keeps_paths_on_the_hub():
    assert safe_next("/graph/graph.html?dataset=x") == "/graph/graph.html?dataset=x"
    assert safe_next("/graph/graph.html?next=../x") == "/graph/graph.html?next=../x"
    for target in ["//evil.example", "https://evil.example", "/\\evil", "", None, "/a\nb"]:
        assert safe_next(target) == "/"


def test_safe_next_never_climbs_out_of_a_prefix_the_hub_is_served_under():
    # Under Jupyter's /proxy/PORT/, "./../../lab" from /login would leave the hub.
    for target in ["/../lab", "/graph/../../lab", "/%2e%2E/lab", "/.%2e/x", "/./x", "/x/."]:
        assert safe_next(target) == "/"


def test_sso_states_are_redacted_from_recorded_paths():
    assert redact_path("/api/v2/o/sso/oidc/jwt/abc123/") == "/api/v2/o/sso/oidc/jwt/{state}/"
    assert redact_path("/api/v2/o/acme/switch/") == "/api/v2/o/acme/switch/"
