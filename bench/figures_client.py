"""Client-side figures: a plot against pygraphistry's own client, the widget's cost, compare(), and
upload progress. Every hub here runs in this process (as in tests and notebooks)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import graphistry
from common import Samples, edges_frame, interleaved, nodes_frame
from latency_proxy import latency_proxy
from report import Row, size_label

from graphistry_jupyter import LocalHub, PlotWidget, compare
from graphistry_jupyter.plots import upload as upload_module
from graphistry_jupyter.session.account import Account


@contextlib.contextmanager
def hub_with_clients(
    latency_ms: float, *, tls: bool = False, network_rtt_ms: float = 0
) -> Iterator[tuple[LocalHub, Any, Account]]:
    """A hub, pygraphistry's client and an account, both logged in as alice. ``latency_ms`` is
    added to each API reply by the hub; ``network_rtt_ms``, by a proxy, to every byte and every
    new connection (latency_proxy.py)."""
    options: dict[str, Any] = {"tls": True} if tls else {}
    with (
        contextlib.ExitStack() as stack,
        LocalHub(users={"alice": "alice-pw"}, instruments=True, **options) as hub,
    ):
        trust: Any = hub.ca_bundle or True  # the hub's private CA, over https
        if hub.ca_bundle:
            # pygraphistry's certificate_validation takes only booleans; with True, requests
            # trusts the bundle named by REQUESTS_CA_BUNDLE.
            stack.enter_context(_environment("REQUESTS_CA_BUNDLE", hub.ca_bundle))
        server = hub.server
        if network_rtt_ms:
            port = stack.enter_context(latency_proxy("127.0.0.1", hub.port, network_rtt_ms))
            server = f"127.0.0.1:{port}"
        plain = graphistry.client()
        plain.register(
            api=3,
            protocol=hub.protocol,
            server=server,
            username="alice",
            password="alice-pw",
        )
        ours = Account(server, hub.protocol, label="bench", certificate_validation=trust)
        ours.login_async(username="alice", password="alice-pw").result()
        hub.latency_ms = latency_ms  # logins above took no latency: only plots are measured
        try:
            yield hub, plain, ours
        finally:
            ours.close()


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            del os.environ[name]
        else:
            os.environ[name] = saved


def _round_trips(hub: LocalHub, action: Callable[[], object]) -> int:
    hub.clear_requests()
    action()
    return sum(1 for r in hub.requests if r.path.startswith("/api"))


def _counting(
    hub: LocalHub, opened: dict[str, int], name: str, action: Callable[[int], object]
) -> Callable[[int], object]:
    """``action``, adding the connections the hub accepted during each call to ``opened[name]``
    (over https, each one a TCP and a full TLS handshake: neither client resumes TLS sessions)."""

    def run(r: int) -> object:
        before = hub.connections_accepted
        try:
            return action(r)
        finally:
            opened[name] += hub.connections_accepted - before

    return run


def plot_vs_pygraphistry(
    sizes: list[int], latency_ms: float, rounds: int, *, tls: bool = False, network: bool = False
) -> list[Row]:
    """Account.plot vs pygraphistry's plot(render=False), edges and nodes, at ``latency_ms``:
    added by the hub to each API reply, or with ``network`` by a proxy to every byte and new
    connection (a round trip of that length; TCP and TLS handshakes then cost it too)."""
    rows: list[Row] = []
    scheme = "https" if tls else "http"
    where = f"{latency_ms:g} ms network round trip" if network else f"{latency_ms:g} ms latency"
    with hub_with_clients(
        0 if network else latency_ms, tls=tls, network_rtt_ms=latency_ms if network else 0
    ) as (hub, plain, ours):
        for size in sizes:
            graphs = [(edges_frame(size, r), nodes_frame(size, r)) for r in range(rounds + 1)]

            def pygraphistry(r: int, graphs: list[Any] = graphs) -> object:
                e, n = graphs[r]
                return plain.edges(e, "src", "dst").nodes(n, "id").plot(render=False)

            def account(r: int, graphs: list[Any] = graphs) -> object:
                e, n = graphs[r]
                return ours.plot(ours.client.edges(e, "src", "dst").nodes(n, "id"), reuse=False)

            opened = {"pygraphistry": 0, "ours": 0}  # connections the hub accepted, per side
            samples = interleaved(
                rounds,
                [
                    ("pygraphistry", _counting(hub, opened, "pygraphistry", pygraphistry)),
                    ("ours", _counting(hub, opened, "ours", account)),
                ],
            )
            handshake = "TLS + TCP handshakes" if tls else "new connections"
            trips = (
                _round_trips(hub, lambda: pygraphistry(0)),
                _round_trips(hub, lambda: account(0)),
            )
            floor = 2 * latency_ms / 1000
            rows.append(
                Row(
                    f"plot, {where}, {scheme}, nodes + edges, {size_label(size)} edges",
                    samples.ratio("ours", "pygraphistry"),
                    "ours ÷ pygraphistry",
                    goal=0.45 if tls else 0.55,
                    detail=(
                        f"{samples.median('ours') * 1000:.0f} vs "
                        f"{samples.median('pygraphistry') * 1000:.0f} ms; round trips "
                        f"{trips[1]} vs {trips[0]}; {handshake} per plot "
                        f"{opened['ours'] / (rounds + 1):.2f} vs "
                        f"{opened['pygraphistry'] / (rounds + 1):.2f}; ours ÷ floor (2 round "
                        f"trips) {samples.median('ours') / floor:.2f}"
                    ),
                )
            )
            if not tls:
                rows.append(
                    Row(
                        f"the same, ours ÷ the protocol floor (2 round trips of {latency_ms:g} "
                        f"ms), {size_label(size)} edges",
                        samples.median("ours") / floor,
                        "ours ÷ floor",
                        goal=1.10,
                        detail=f"{samples.median('ours') * 1000:.0f} vs {floor * 1000:.0f} ms",
                    )
                )
    return rows


def widget_at_zero_latency(sizes: list[int], rounds: int) -> list[Row]:
    """PlotWidget(g).wait() against pygraphistry's plot(render=False) and Account.plot."""
    rows: list[Row] = []
    with hub_with_clients(0) as (_hub, plain, ours):
        for size in sizes:
            graphs = [(edges_frame(size, r), nodes_frame(size, r)) for r in range(rounds + 1)]

            def pygraphistry(r: int, graphs: list[Any] = graphs) -> object:
                e, n = graphs[r]
                return plain.edges(e, "src", "dst").nodes(n, "id").plot(render=False)

            def account(r: int, graphs: list[Any] = graphs) -> object:
                e, n = graphs[r]
                return ours.plot(ours.client.edges(e, "src", "dst").nodes(n, "id"), reuse=False)

            shown: list[PlotWidget] = []

            def widget(r: int, graphs: list[Any] = graphs, shown: list[Any] = shown) -> object:
                e, n = graphs[r]
                view = PlotWidget(ours.client.edges(e, "src", "dst").nodes(n, "id"), account=ours)
                shown.append(view)  # closed after the timing: time to URL, not to close
                return view.wait(60)

            samples = interleaved(
                rounds, [("pygraphistry", pygraphistry), ("account", account), ("widget", widget)]
            )
            for view in shown:
                view.close()
            rows.append(
                Row(
                    f"PlotWidget time to URL, 0 ms latency, {size_label(size)} edges",
                    samples.ratio("widget", "pygraphistry"),
                    "widget ÷ pygraphistry",
                    goal=1.05,
                    detail=(
                        f"widget ÷ Account.plot {samples.ratio('widget', 'account'):.2f} "
                        f"(process CPU {samples.cpu_ratio('widget', 'account'):.2f}); "
                        f"{samples.median('widget') * 1000:.0f} / "
                        f"{samples.median('account') * 1000:.0f} / "
                        f"{samples.median('pygraphistry') * 1000:.0f} ms"
                    ),
                )
            )
    return rows


def compare_two_accounts(size: int, latency_ms: float, rounds: int) -> list[Row]:
    """compare(g, prod, staging) against the same two PlotWidgets one after the other."""
    with contextlib.ExitStack() as stack:
        accounts = []
        for label in ("prod", "staging"):
            hub = stack.enter_context(LocalHub(users={"alice": "alice-pw"}, instruments=True))
            account = Account(hub.server, hub.protocol, label=label)
            account.login_async(username="alice", password="alice-pw").result()
            stack.callback(account.close)
            hub.latency_ms = latency_ms
            accounts.append(account)
        prod, staging = accounts
        graphs = [(edges_frame(size, r), nodes_frame(size, r)) for r in range(rounds + 1)]

        def side_by_side(r: int) -> object:
            e, n = graphs[r]
            view = compare(prod.client.edges(e, "src", "dst").nodes(n, "id"), prod, staging)
            try:
                return view.wait(60)
            finally:
                view.close()

        def in_sequence(r: int) -> object:
            e, n = graphs[r]
            urls = []
            for account in (prod, staging):
                view = PlotWidget(account.client.edges(e, "src", "dst").nodes(n, "id"), account)
                try:
                    urls.append(view.wait(60))
                finally:
                    view.close()
            return urls

        samples = interleaved(rounds, [("compare", side_by_side), ("sequence", in_sequence)])
    return [
        Row(
            f"compare() of 2 accounts, {latency_ms:g} ms latency, {size_label(size)} edges + nodes",
            samples.ratio("compare", "sequence"),
            "compare ÷ the two plots in sequence",
            goal=0.55,
            detail=(
                f"{samples.median('compare') * 1000:.0f} vs "
                f"{samples.median('sequence') * 1000:.0f} ms"
            ),
        )
    ]


def upload_progress(rows_: int, rounds: int) -> list[Row]:
    """The updates a PlotWidget shows during one large upload, and what showing them costs."""
    edges = edges_frame(rows_, 0, weighted=True)
    updates: list[int] = []
    upload_bytes: list[int] = []
    with hub_with_clients(0) as (_hub, _plain, ours):

        def shown(_r: int) -> object:
            view = PlotWidget(ours.client.edges(edges, "src", "dst"), account=ours)
            seen: set[int] = set()
            view.observe(lambda change: seen.add(change["new"]), names=["bytes_sent"])
            try:
                return view.wait(60)
            finally:
                view.close()
                updates.append(len({s for s in seen if s > 0}))
                upload_bytes.append(int(view.bytes_total))

        def hidden(_r: int) -> object:
            # No widget and no progress at all: what the progress costs, with all of the
            # widget's own cost on top (an upper bound).
            return ours.plot(ours.client.edges(edges, "src", "dst"), reuse=False)

        samples: Samples = interleaved(rounds, [("shown", shown), ("hidden", hidden)])
    size_mb = max(upload_bytes) / 1e6
    return [
        Row(
            f"upload progress, {size_mb:.0f} MB upload: visible updates",
            float(min(updates)),
            "updates (fewest in any run)",
            goal=10,
            higher_is_better=True,
            detail=f"updates per run {sorted(updates)}",
        ),
        Row(
            f"upload progress, {size_mb:.0f} MB upload: cost of showing it",
            samples.ratio("shown", "hidden") - 1,
            "PlotWidget ÷ Account.plot without progress, - 1",
            goal=0.02,
            detail=(
                f"{samples.median('shown') * 1000:.0f} vs "
                f"{samples.median('hidden') * 1000:.0f} ms; process CPU "
                f"{(samples.cpu_ratio('shown', 'hidden') - 1) * 100:+.1f}%"
            ),
            percent=True,
        ),
    ]


def streamed_vs_whole(sizes: list[int], latency_ms: float, rounds: int) -> list[Row]:
    """Account.plot streaming its tables ÷ the same account converting each table whole (the
    upload path pygraphistry's own uploader takes; ``streamable`` forced off), interleaved."""
    rows: list[Row] = []
    with hub_with_clients(latency_ms) as (_hub, _plain, ours):
        for size in sizes:
            graphs = [(edges_frame(size, r), nodes_frame(size, r)) for r in range(rounds + 1)]

            def plot(streamed: bool, graphs: list[Any] = graphs) -> Callable[[int], object]:
                def run(round_: int) -> object:
                    e, n = graphs[round_]
                    with _streaming(streamed):
                        g = ours.client.edges(e, "src", "dst").nodes(n, "id")
                        return ours.plot(g, reuse=False)

                return run

            samples = interleaved(rounds, [("streamed", plot(True)), ("whole", plot(False))])
            rows.append(
                Row(
                    f"plot, {latency_ms:g} ms latency, streamed ÷ converted whole, "
                    f"{size_label(size)} edges",
                    samples.ratio("streamed", "whole"),
                    "streamed ÷ whole",
                    goal=1.0,
                    detail=f"{samples.median('streamed') * 1000:.0f} vs "
                    f"{samples.median('whole') * 1000:.0f} ms; process CPU "
                    f"{samples.cpu_ratio('streamed', 'whole'):.2f}",
                )
            )
    return rows


@contextlib.contextmanager
def _streaming(on: bool) -> Iterator[None]:
    saved = upload_module.streamable
    if not on:
        upload_module.streamable = lambda _table: False
    try:
        yield
    finally:
        upload_module.streamable = saved
