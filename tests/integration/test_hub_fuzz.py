"""A bounded, deterministic fuzz of every hub route: malformed requests never get a 5xx or a
dropped connection, and the hub still serves a normal login and plot afterwards.

Routes come from the hub itself (``LocalHub.routes()``), so a new route is fuzzed without
touching this file. For each route, every HTTP method is tried with requests built from a seeded
``random.Random``: bad path parameters, garbage and deeply nested JSON, odd forms, random bytes
(some dressed as Arrow), oversized bodies, huge and odd headers, wrong auth schemes and tokens,
odd query strings. Then the route's own methods get every kind of body with real credentials, so
the handlers themselves are reached. A few raw requests break HTTP framing itself.
"""

from __future__ import annotations

import io
import json
import random
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pytest
import requests

from graphistry_jupyter.hub import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import ORGS, USERS, dataset_id_of
from tests.support.waiting import wait_for

SEED = 20_261_129
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")
PATHS_PER_ROUTE = 4  # concrete paths tried per route template


@dataclass(frozen=True)
class Known:
    """Real ids and credentials on the fuzzed hub, so some requests get past the first checks."""

    dataset: str
    file: str
    token: str
    grant: str
    key: str


@pytest.fixture(scope="module")
def fuzz_hub() -> Iterator[LocalHub]:
    # A small upload limit keeps oversized bodies cheap; a short login window lets the normal
    # login at the end through soon after the fuzz's failed ones.
    with LocalHub(
        users=USERS,
        orgs=ORGS,
        max_upload_bytes=256 * 1024,
        login_window=1.0,
        instruments=True,
    ) as hub:
        yield hub


@pytest.fixture(scope="module")
def known(fuzz_hub: LocalHub) -> Known:
    client = graphistry_client(fuzz_hub)
    dataset = dataset_id_of(client.edges(EDGES, "src", "dst").plot(render=False))
    token = client.session.api_token
    auth = {"Authorization": f"Bearer {token}"}
    file_id = requests.post(f"{fuzz_hub.url}/api/v2/files/", json={}, headers=auth, timeout=10)
    grant = requests.post(
        f"{fuzz_hub.url}/api/v2/datasets/{dataset}/view-grant", headers=auth, timeout=10
    )
    key_id, secret = fuzz_hub.create_personal_key("alice")
    return Known(
        dataset=dataset,
        file=file_id.json()["file_id"],
        token=token,
        grant=grant.json()["data"]["grant"],
        key=f"{key_id}:{secret}",
    )


def graphistry_client(hub: LocalHub) -> object:
    import graphistry

    return graphistry.client().register(
        api=3, protocol="http", server=hub.server, username="alice", password=USERS["alice"]
    )


def arrow_bytes() -> bytes:
    table = pa.table({"src": [1, 2, 3], "dst": [2, 3, 1]})
    sink = io.BytesIO()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


ARROW = arrow_bytes()


# -- ingredients ------------------------------------------------------------------------------


def path_values(rng: random.Random, known: Known, name: str) -> list[str]:
    real = {
        "dataset_id": known.dataset,
        "file_id": known.file,
        "org": "acme",
        "kind": "edges",
        "table": "edges.arrow",
        "state": "0" * 32,
        "idp": "okta",
    }.get(name, "x")
    odd = [
        rng.randbytes(8).hex(),
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "x" * rng.choice([300, 3000]),
        "%00%ff",
        "%C3%BC%E2%9C%93",
        "null",
        "-1",
        "nodes",
        "acme%2Fswitch",
    ]
    return [real, *rng.sample(odd, PATHS_PER_ROUTE - 1)]


def concrete_paths(rng: random.Random, known: Known, template: str) -> list[str]:
    if "{" not in template:
        # A mount or a fixed path: itself, and odd things under it.
        return [template, f"{template}/viewer.js", f"{template}/%2e%2e/%2e%2e/hub.sqlite3"][
            :PATHS_PER_ROUTE
        ]
    names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
    choices = {name: path_values(rng, known, name) for name in names}
    paths = []
    for i in range(PATHS_PER_ROUTE):
        path = template
        for name in names:
            path = path.replace(f"{{{name}}}", choices[name][i])
        paths.append(path)
    return paths


def bodies(rng: random.Random) -> list[tuple[str, bytes]]:
    """One body of every kind, each drawn afresh."""
    deep = rng.choice([b"[" * 60_000, b'{"a":' * 12_000, b"[" * 5_000 + b"]" * 5_000])
    return [
        ("empty", b""),
        ("truncated json", b'{"username": "alice", "password": '),
        ("json scalar", rng.choice([b"null", b'"text"', b"42", b"[]", b"true"])),
        ("deep json", deep),
        (
            "json of wrong types",
            json.dumps(
                rng.choice(
                    [
                        {"username": 1, "password": ["x"]},
                        {"username": "alice", "password": "x" * 5000, "org_name": {"a": 1}},
                        {"token": rng.choice([5, None, "a.b.c", "", " "])},
                        {"edge_files": rng.choice(["x", [1], ["nope"], [None]])},
                        {"node_files": ["a", "b"], "name": {"n": 1}, "metadata": 7},
                        {"obj_pk": None, "obj_type": ["dataset"], "mode": {"x": 1}},
                        {"file_type": "csv", "org_name": "nowhere"},
                    ]
                )
            ).encode(),
        ),
        ("random bytes", rng.randbytes(rng.choice([1, 17, 1000, 5000]))),
        ("arrow magic around garbage", b"ARROW1\x00\x00" + rng.randbytes(300) + b"ARROW1"),
        ("truncated arrow", ARROW[: rng.randrange(8, len(ARROW))]),
        ("arrow with a flipped byte", flip(rng, ARROW)),
        (
            "odd form",
            rng.choice([b"%ZZ=%%&&=", b"\xff\xfe=\x80", b"username&password", b"a=" * 900]),
        ),
        ("form with bad token", b"username=alice&password=alice-pw&csrf=a.1.b&state=" + b"s" * 40),
        ("over 64 KiB", b"y" * (64 * 1024 + rng.randrange(1, 5000))),
    ]


def flip(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]


def headers(
    rng: random.Random, known: Known, *, valid_auth: bool = False
) -> tuple[str, dict[str, str]]:
    """Odd headers; with ``valid_auth``, one of the hub's real credentials, so that the request
    gets past authentication into the handler."""
    content_type = rng.choice(
        [
            None,
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=zz",
            "multipart/form-data",
            "text/plain; charset=bogus",
            "application/json; charset=utf-16",
        ]
    )
    real = [f"Bearer {known.token}", f"Bearer {known.grant}", f"PersonalKey {known.key}"]
    auth = rng.choice(
        real
        if valid_auth
        else [
            None,
            "Bearer",
            "Bearer " + "x" * 4000,
            "Bearer a.b.c",
            f"Bearer {known.token}",
            f"Bearer {known.token} extra",
            f"bearer {known.grant}",
            f"Token {known.token}",
            "Basic YWxpY2U6YWxpY2UtcHc=",
            "PersonalKey",
            "PersonalKey :",
            "PersonalKey a:b:c",
            f"PersonalKey {known.key}",
            "PersonalKey " + "k" * 3000 + ":s",
            "Bearer \u00e9\u00ff",
        ]
    )
    extra = rng.choice(
        [
            {},
            {"X-Huge": "h" * 6000},
            {"Cookie": "gj_hub_00000000=zzz; a=b; =; " + "c" * 2000},
            {"Sec-Fetch-Site": "cross-site", "Origin": "null"},
            {"Accept": "*/*, text/html;q=\u00e9", "Range": "bytes=99999999-"},
            # (Broken framing, such as an unknown Transfer-Encoding, is the raw tests' below:
            # the server rightly drops the connection, which `requests` reports as a reset.)
        ]
    )
    found = {k: v for k, v in (("Content-Type", content_type), ("Authorization", auth)) if v}
    return f"type={content_type} auth={(auth or '')[:24]!r} extra={list(extra)}", {
        **found,
        **extra,
    }


def query(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "?dataset=",
            "?dataset=" + "d" * 500,
            "?erase=maybe",
            "?next=//evil.example&state=%00",
            "?" + "a=1&" * 300,
            "?dataset=%ff%fe&type=arrow",
        ]
    )


# -- the fuzz ---------------------------------------------------------------------------------


def send(
    hub: LocalHub,
    method: str,
    path: str,
    rng: random.Random,
    known: Known,
    content: tuple[str, bytes] | None = None,
) -> str | None:
    """One malformed request (with ``content`` as its body, else a random one); a description
    of it if the hub failed it, else None."""
    body_kind, data = content or rng.choice(bodies(rng))
    header_kind, sent_headers = headers(rng, known, valid_auth=content is not None)
    url = f"{hub.url}{path}{query(rng)}"
    what = f"{method} {url[:120]} body={body_kind} {header_kind}"
    try:
        reply = requests.request(
            method, url, data=data, headers=sent_headers, timeout=20, allow_redirects=False
        )
    except requests.RequestException as exc:
        return f"{what}: no reply ({type(exc).__name__}: {exc})"
    return f"{what}: HTTP {reply.status_code}" if reply.status_code >= 500 else None


def test_no_malformed_request_to_any_route_gets_a_server_error(fuzz_hub, known):
    rng = random.Random(SEED)  # noqa: S311 (reproducible test data, not secrets)
    routes = fuzz_hub.routes()
    assert len(routes) >= 20, routes  # the listing works, and covers the API and the pages
    fuzz_hub.clear_requests()
    failures: list[str] = []

    for template, own_methods in routes:
        paths = concrete_paths(rng, known, template)
        for path in paths:  # every method, with anything
            for method in METHODS:
                failures.append(send(fuzz_hub, method, path, rng, known) or "")
        for method in own_methods:  # the route's own methods, with real credentials: every body
            for content in bodies(rng):
                path = rng.choice(paths[:2])  # the real ids, or one odd value
                failures.append(send(fuzz_hub, method, path, rng, known, content) or "")

    failures = [f for f in failures if f]
    assert failures == [], "\n".join(failures[:20])
    recorded = [(r.method, r.path, r.status) for r in fuzz_hub.requests]
    assert [r for r in recorded if r[2] >= 500 or r[2] == 0] == []


RAW_REQUESTS = [
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /api-token-auth/ HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /api-token-auth/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /api-token-auth/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET /graph/graph.html?dataset=\xff HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX-Huge: " + b"h" * 40_000 + b"\r\n\r\n",
    b"BREW /api-token-auth/ HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /" + b"p" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /api/v2/upload/files/x HTTP/1.1\r\nHost: x\r\n"
    b"Content-Length: 99999999999999999999\r\n\r\n",
]


@pytest.mark.parametrize("raw", RAW_REQUESTS, ids=range(len(RAW_REQUESTS)))
def test_broken_or_odd_http_framing_never_gets_a_server_error(fuzz_hub, raw):
    with socket.create_connection((fuzz_hub.host, fuzz_hub.port), timeout=10) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk

    status_line = reply.split(b"\r\n", 1)[0]
    version, status = status_line.split(b" ")[:2]
    assert version == b"HTTP/1.1", reply[:200]
    assert 200 <= int(status) < 500, status_line


def test_after_the_fuzz_a_normal_login_and_plot_still_work(fuzz_hub, known, register_on):
    # Fuzzed logins may have used up this address's failures: they leave the 1 s window.
    def logs_in() -> bool:
        reply = requests.post(
            f"{fuzz_hub.url}/api-token-auth/",
            json={"username": "bob", "password": USERS["bob"]},
            timeout=10,
        )
        return reply.status_code == 200

    wait_for(logs_in, "a normal login to be served again")
    client = register_on(fuzz_hub, username="bob", password=USERS["bob"])
    url = client.edges(EDGES, "src", "dst").plot(render=False)
    assert fuzz_hub.read_table(dataset_id_of(url)).num_rows == len(EDGES)
