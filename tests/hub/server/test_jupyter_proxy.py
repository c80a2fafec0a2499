"""Where browsers open a local hub that runs behind the notebook server's proxy
(hub/jupyter_proxy.py): when a hub goes there, the notebook server's base URL as a kernel finds
it, and the address built from it. (Split out of the client side's tests; the browser addresses
themselves are tested in tests/http/test_addresses.py.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graphistry_jupyter.hub.server import jupyter_proxy
from tests.support.outside_jupyter import outside_jupyter  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("outside_jupyter")


def test_an_explicit_choice_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jupyter_proxy.BEHIND_PROXY_ENV, "1")
    assert jupyter_proxy.wanted(False) is False
    monkeypatch.setenv(jupyter_proxy.BEHIND_PROXY_ENV, "0")
    assert jupyter_proxy.wanted(True) is True


@pytest.mark.parametrize(("setting", "expected"), [("1", True), ("yes", True), ("0", False)])
def test_the_environment_setting_decides_when_the_hub_does_not_say(
    monkeypatch: pytest.MonkeyPatch, setting: str, expected: bool
) -> None:
    monkeypatch.setenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, "/user/alice/")  # loses to "0"
    monkeypatch.setenv(jupyter_proxy.BEHIND_PROXY_ENV, setting)
    assert jupyter_proxy.wanted(None) is expected


def test_by_default_only_a_kernel_under_jupyterhub_with_the_proxy_goes_behind_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert jupyter_proxy.wanted(None) is False  # a laptop: the browser reaches 127.0.0.1
    monkeypatch.setenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, "/user/alice/")
    assert jupyter_proxy.wanted(None) is True  # the test extra installs jupyter-server-proxy
    monkeypatch.setattr(jupyter_proxy, "proxy_installed", lambda: False)
    assert jupyter_proxy.wanted(None) is False


def test_jupyterhub_s_prefix_is_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, "/user/alice")
    assert jupyter_proxy.jupyter_base_url() == "/user/alice/"


def test_else_the_base_url_the_kernel_s_jupyter_server_wrote_down(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    info = {"base_url": "/jupyter/", "pid": 4242, "port": 8888}
    (runtime / "jpserver-4242.json").write_text(json.dumps(info))
    (runtime / f"jpserver-{os.getppid()}.json").write_text(json.dumps({"base_url": "/other/"}))

    monkeypatch.setenv("JPY_PARENT_PID", "4242")  # how jupyter_client names the kernel's server
    assert jupyter_proxy.jupyter_base_url() == "/jupyter/"
    monkeypatch.delenv("JPY_PARENT_PID")  # else the kernel's parent process
    assert jupyter_proxy.jupyter_base_url() == "/other/"


@pytest.mark.parametrize("content", [None, "{not json", '["/x/"]', '{"base_url": "x/"}'])
def test_else_the_root(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | None
) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    if content is not None:
        (runtime / "jpserver-4242.json").write_text(content)
    monkeypatch.setenv("JPY_PARENT_PID", "4242")
    assert jupyter_proxy.jupyter_base_url() == "/"


def test_a_base_url_never_names_another_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, "//evil.example/")
    assert jupyter_proxy.jupyter_base_url() == "/evil.example/"


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("/", "/proxy/8080"),
        ("/user/alice/", "/user/alice/proxy/8080"),
        (
            "https://jupyter.example.com/user/alice",
            "https://jupyter.example.com/user/alice/proxy/8080",
        ),
    ],
)
def test_the_address_is_the_proxy_path_under_the_base_url(base_url: str, expected: str) -> None:
    assert jupyter_proxy.address(8080, base_url) == expected


@pytest.mark.parametrize("base_url", ["user/alice/", "/a?b", "/a#b", "/a b"])
def test_a_base_url_that_is_neither_a_path_nor_a_url_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        jupyter_proxy.address(8080, base_url)


def test_the_address_of_a_kernel_under_jupyterhub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jupyter_proxy.JUPYTERHUB_PREFIX_ENV, "/user/alice/")
    assert jupyter_proxy.address(8080) == "/user/alice/proxy/8080"
