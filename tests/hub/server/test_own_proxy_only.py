"""A hub in a kernel answers, through jupyter-server-proxy, only its own notebook server's path
(hub/server/jupyter_proxy.py, OwnProxyOnly): on a JupyterHub whose users share one machine,
another user's ``/user/bob/proxy/PORT/`` gets a bare 404, while the kernel's direct calls and its
own person's proxy work. tests/e2e/test_jupyterhub.py shows the same through a real JupyterHub."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.hub.server import jupyter_proxy

HEADER = "X-ProxyContextPath"


@pytest.fixture
def alices_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    """A hub started in alice's kernel under JupyterHub, behind her notebook server's proxy."""
    monkeypatch.setenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, "/user/alice/")
    with LocalHub(users={"alice": "alice-pw"}, behind_jupyter_proxy=True) as hub:
        yield hub


@pytest.mark.parametrize("path", ["/", "/login", "/api-token-auth/", "/graph/graph.html"])
def test_another_user_s_proxy_gets_a_bare_404_everywhere(alices_hub: LocalHub, path: str) -> None:
    port = alices_hub.port
    for elsewhere in (f"/user/bob/proxy/{port}", f"/user/bob/proxy/127.0.0.1:{port}", "/proxy/1"):
        reply = requests.get(alices_hub.url + path, headers={HEADER: elsewhere}, timeout=10)

        assert reply.status_code == 404
        assert reply.text == "Not Found"


def test_the_kernel_and_its_own_proxy_reach_the_hub(alices_hub: LocalHub) -> None:
    own = f"/user/alice/proxy/{alices_hub.port}"

    assert requests.get(alices_hub.url + "/", timeout=10).status_code == 200
    assert requests.get(alices_hub.url + "/", headers={HEADER: own}, timeout=10).status_code == 200
    login = {"username": "alice", "password": "alice-pw"}
    assert requests.post(alices_hub.url + "/api-token-auth/", json=login, timeout=10).ok


def test_the_index_through_the_proxy_names_the_address_people_open(alices_hub: LocalHub) -> None:
    own = f"/user/alice/proxy/{alices_hub.port}"

    page = requests.get(alices_hub.url + "/", headers={HEADER: own + "/"}, timeout=10).text

    assert f"Open it in a browser at <code>{own}/</code>" in page
    assert f"calls it at <code>{alices_hub.url}</code>" in page


def test_a_hub_not_behind_the_proxy_answers_no_proxied_request() -> None:
    with LocalHub(users={"alice": "alice-pw"}, behind_jupyter_proxy=False) as hub:
        proxied = requests.get(hub.url + "/", headers={HEADER: f"/proxy/{hub.port}"}, timeout=10)
        direct = requests.get(hub.url + "/", timeout=10)

    assert proxied.status_code == 404
    assert direct.status_code == 200
    assert f"server at <code>{hub.url}</code>" in direct.text
