"""JSON that parses but cannot be text (a lone surrogate, ``"\\ud800"``) is a clean 400 at every
endpoint that reads a JSON body, never a 500 with a traceback on the hub's stderr (a notebook
cell, when the hub runs in the kernel)."""

from __future__ import annotations

import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.hubs import USERS

LONE_SURROGATE = b"\\ud800"


@pytest.mark.parametrize(
    "body",
    [
        b'{"username": "' + LONE_SURROGATE + b'", "password": "x"}',
        b'{"username": "alice", "password": "' + LONE_SURROGATE + b'"}',
        b'{"' + LONE_SURROGATE + b'": "alice"}',
    ],
    ids=["username", "password", "key"],
)
def test_a_lone_surrogate_at_the_login_endpoint_is_a_clean_400(body, capfd):
    with LocalHub(users=USERS) as hub:
        reply = requests.post(
            f"{hub.url}/api-token-auth/",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
    err = capfd.readouterr().err

    assert reply.status_code == 400
    assert "Traceback" not in err
    assert "UnicodeEncodeError" not in err
