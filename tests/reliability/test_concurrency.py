"""Many plots at once, from several threads, on several users of several servers: every plot
lands under its own account's user on its own account's server, and none is lost."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

from graphistry_jupyter import LocalHub
from tests.support.graphs import EDGES
from tests.support.hubs import USERS, dataset_id_of
from tests.widgets.conftest import login_widget

THREADS = 4
PLOTS_PER_THREAD = 6


def test_concurrent_plots_on_two_users_of_two_hubs_are_never_misrouted_or_lost(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    logins = [
        (
            login_widget(server, label=f"{user}-{i}").login(username=user, password=USERS[user]),
            user,
            server,
        )
        for i, server in enumerate((hub, staging_hub))
        for user in ("alice", "bob")
    ]
    chooser = random.Random(7)  # noqa: S311 - a reproducible spread, not security
    plan = [
        [chooser.randrange(len(logins)) for _ in range(PLOTS_PER_THREAD)] for _ in range(THREADS)
    ]

    def run(thread: int) -> list[tuple[str, str, LocalHub, str]]:
        done = []
        for n, index in enumerate(plan[thread]):
            login, user, server = logins[index]
            name = f"thread {thread} plot {n}"
            g = login.client.edges(EDGES, "src", "dst").name(name)
            url = login.account.plot(g, deadline_s=30).url
            done.append((name, user, server, url))
        return done

    with ThreadPoolExecutor(THREADS) as pool:
        results = [r for batch in pool.map(run, range(THREADS)) for r in batch]

    assert len(results) == THREADS * PLOTS_PER_THREAD
    for name, user, server, url in results:
        assert url.startswith(server.url), f"{name} went to the wrong server"
        stored = {d["id"]: d for d in server.datasets()}[dataset_id_of(url)]
        assert (stored["owner"], stored["name"]) == (user, name), f"{name} misrouted"
