"""Behind a company proxy: logins, uploads and single sign-in's grant requests all go through
HTTP_PROXY, like pygraphistry's own calls, to a real hub behind a real forward proxy. The hub's
name resolves only inside the proxy, so a request that bypassed it could not succeed."""

from __future__ import annotations

from graphistry_jupyter import LocalHub, LoginWidget
from tests.support.comm import CommLog, send_from_view
from tests.support.forward_proxy import forward_proxy
from tests.support.graphs import EDGES, NODES
from tests.support.hubs import dataset_id_of, requests_to
from tests.support.waiting import wait_for

__all__ = ["forward_proxy"]  # the fixture, used by name


def test_login_upload_and_grant_go_through_the_proxy(
    hub: LocalHub, forward_proxy: str, comm_log: CommLog
) -> None:
    port = hub.server.rsplit(":", 1)[1]
    login = LoginWidget(server=f"{forward_proxy}:{port}", protocol="http", label="behind")
    login.login(username="alice", password="alice-pw")

    view = login.plot(login.client.edges(EDGES, "src", "dst").nodes(NODES, "id"))
    dataset = dataset_id_of(view.wait(30))
    send_from_view(view, {"type": "grant_request", "dataset": dataset, "to": "frame"})

    wait_for(lambda: any(m.get("type") == "grant" for m in comm_log.custom_messages()), "a grant")
    uploads = requests_to(hub, f"/api/v2/upload/datasets/{dataset}/*")
    assert sorted(r.path.rsplit("/", 2)[1] for r in uploads) == ["edges", "nodes"]
