"""The sign-in pages' routes (hub/web/signin.py): where a login may send the browser next."""

from __future__ import annotations

from graphistry_jupyter.hub.web.signin import safe_next


def test_safe_next_keeps_paths_on_the_hub():
    assert safe_next("/graph/graph.html?dataset=x") == "/graph/graph.html?dataset=x"
    assert safe_next("/graph/graph.html?next=../x") == "/graph/graph.html?next=../x"
    for target in ["//evil.example", "https://evil.example", "/\\evil", "", None, "/a\nb"]:
        assert safe_next(target) == "/"


def test_safe_next_never_climbs_out_of_a_prefix_the_hub_is_served_under():
    # Under Jupyter's /proxy/PORT/, "./../../lab" from /login would leave the hub.
    for target in ["/../lab", "/graph/../../lab", "/%2e%2E/lab", "/.%2e/x", "/./x", "/x/."]:
        assert safe_next(target) == "/"
