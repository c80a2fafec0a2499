"""The graph viewer: ``/graph/graph.html`` (the URL pygraphistry returns), its metadata and table
endpoints, and the bundled front end under ``/graph/static/`` (docs/contracts.md).

Access follows the dataset's privacy (auth/access.py). A browser session on this hub opens the page
and its data as usual. Without one, the page of a non-public dataset is the viewer in "needs
grant" mode: it carries no metadata, and its script obtains a view grant from the notebook that
framed it (or from the ``#grant=`` fragment of a new tab) and sends it with every data request,
falling back to the hub's sign-in message (docs/single-sign-in.md).

The page names its script, data endpoints and sign-in link relative to itself (``static/...``,
``api/datasets/...``, ``../login``), so it works under a path prefix too (pages.py).
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount

from ..auth.access import Access, cookie_user, redeemed_grant, viewable_dataset, viewer_access
from ..context import HubContext
from ..refusals import DETAIL, Refused
from ..storage.store import Dataset
from ..storage.tables import TableKind
from . import pages
from .static_files import CompressedStaticFiles

ARROW_STREAM = "application/vnd.apache.arrow.stream"


def _encodings(descriptor: dict[str, Any], key: str) -> dict[str, Any]:
    value = descriptor.get(key)
    encodings = dict(value) if isinstance(value, dict) else {}
    if not isinstance(encodings.get("bindings"), dict):
        encodings["bindings"] = {}
    return encodings


def dataset_meta(dataset: Dataset) -> dict[str, Any]:
    """The meta endpoint's JSON (docs/contracts.md). ``complete`` is false, and ``missing``
    names each table that did not arrive and why, when the upload did not finish."""
    metadata = dataset.descriptor.get("metadata")
    missing = [{"table": kind, "reason": reason} for kind, reason in dataset.missing_tables()]
    return {
        **dataset.summary(),  # id, name, owner, org, privacy, row counts
        "description": dataset.description,
        "node_encodings": _encodings(dataset.descriptor, "node_encodings"),
        "edge_encodings": _encodings(dataset.descriptor, "edge_encodings"),
        "metadata": metadata if isinstance(metadata, dict) else {},
        "complete": not missing,
        "missing": missing,
    }


def _data_paths(dataset_id: str, *, nodes: bool) -> dict[str, object]:
    """The viewer config's dataset and endpoints (docs/contracts.md); ``nodes`` None: none.
    Relative to the viewer page (``/graph/graph.html``), as every URL of the hub's pages."""
    base = f"api/datasets/{dataset_id}"
    return {
        "dataset": dataset_id,
        "meta": base,
        "edges": f"{base}/edges.arrow",
        "nodes": f"{base}/nodes.arrow" if nodes else None,
    }


def routes(ctx: HubContext) -> list[BaseRoute]:
    """The viewer's routes for one hub."""

    def needs_grant_page(
        dataset: Dataset, here: str, result: Access, user: str | None, framed: bool
    ) -> Response:
        # What shows when no grant arrives: the wording of the hub's sign-in message, naming no
        # organization, since this page is for anyone holding the URL.
        if result is Access.DENIED:
            title = "Not allowed"
            message = f"You are signed in as {user}, who may not view this graph."
            link = pages.login_link(here, "Log in as someone else", pages.ROOT_FROM_VIEWER)
        else:
            organization = dataset.privacy == "organization"
            shared = "shared with an organization" if organization else "private"
            title = "Log in to view this graph"
            message = f"This graph is {shared}. Log in to this hub to view it."
            link = pages.login_link(here, root=pages.ROOT_FROM_VIEWER)
        # Every data path, nodes included: only the meta endpoint tells whether a node table
        # exists, once a grant is accepted.
        config: dict[str, object] = {
            **_data_paths(dataset.id, nodes=True),
            "login": pages.login_url(here, pages.ROOT_FROM_VIEWER),
            "needs_grant": True,
        }
        return pages.needs_grant_page(
            config=config,
            title=title,
            message=message,
            action_html=link,
            built=(ctx.static_dir / "viewer.js").is_file(),
            framed=framed,
        )

    async def graph_page(request: Request) -> Response:
        dataset_id = request.query_params.get("dataset", "")
        if not dataset_id:
            raise Refused(400, "The URL names no dataset (?dataset=...).", title="No dataset")
        dataset = ctx.store.datasets.get(dataset_id)
        user = cookie_user(request, ctx)
        if dataset is None:
            raise Refused(404, f"No dataset {dataset_id} on this hub", title="Dataset not found")
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        result = viewer_access(ctx.store, dataset, user)
        if result is not Access.ALLOWED:
            # Browsers say what a request loads (Fetch Metadata): a frame waits for its grant.
            framed = request.headers.get("sec-fetch-dest") in ("iframe", "frame")
            return needs_grant_page(dataset, here, result, user, framed)
        config = _data_paths(dataset.id, nodes=dataset.nodes is not None)
        # Allowed without a grant (public, or this browser's session): the page starts fetching
        # its data at once, before its script has loaded; the tables only when all arrived.
        wanted = ("meta",) if dataset.missing_tables() else ("meta", "edges", "nodes")
        prefetch = tuple(str(config[key]) for key in wanted if config[key] is not None)
        return pages.viewer_page(
            name=dataset.name,
            owner=dataset.owner,
            org=dataset.org,
            privacy=dataset.privacy,
            config=config,
            built=(ctx.static_dir / "viewer.js").is_file(),
            prefetch=prefetch,
        )

    async def meta(request: Request) -> Response:
        dataset = viewable_dataset(request, ctx, request.path_params["dataset_id"])
        return JSONResponse(dataset_meta(dataset), headers={"Cache-Control": "no-store"})

    async def redeem(request: Request) -> Response:
        # A grant from an address is good for this one exchange (auth/access.py).
        claims = redeemed_grant(request, ctx, request.path_params["dataset_id"])
        grant, expires_at = ctx.grants.issue(
            claims.user_id, claims.username, claims.dataset, generation=claims.generation
        )
        body = {"grant": grant, "dataset_id": claims.dataset, "expires_at": expires_at}
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def table(request: Request) -> Response:
        name = request.path_params["table"]
        if name not in ("edges.arrow", "nodes.arrow"):
            raise Refused(404, f"No table {name}")
        dataset = viewable_dataset(request, ctx, request.path_params["dataset_id"])
        kind: TableKind = "edges" if name == "edges.arrow" else "nodes"
        body = await run_in_threadpool(ctx.tables.read_as_stream, dataset.id, kind)
        if body is None:
            why = dict(dataset.missing_tables()).get(kind, "none was uploaded")
            raise Refused(404, f"Dataset {dataset.id} has no {kind} table: {why}")
        return Response(body, media_type=ARROW_STREAM, headers={"Cache-Control": "no-store"})

    return [
        pages.PAGES.route("/graph/graph.html", graph_page, methods=["GET"]),
        DETAIL.route("/graph/api/datasets/{dataset_id}", meta, methods=["GET"]),
        DETAIL.route("/graph/api/datasets/{dataset_id}/redeem", redeem, methods=["POST"]),
        DETAIL.route("/graph/api/datasets/{dataset_id}/{table}", table, methods=["GET"]),
        Mount(
            "/graph/static",
            app=CompressedStaticFiles(directory=ctx.static_dir),
            name="static",
        ),
    ]
