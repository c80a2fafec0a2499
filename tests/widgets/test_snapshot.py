"""The snapshot a plot view sends: what the kernel accepts into the static output, and who turns
it off. The view runs in the browser, so its message is untrusted input."""

from __future__ import annotations

import pytest

from graphistry_jupyter import PlotWidget, SwitcherWidget
from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.plots.grants import dataset_of
from graphistry_jupyter.widgets.snapshot import (
    MAX_BYTES,
    MAX_WIDTH,
    SnapshotRefused,
    checked_png,
    data_url,
)
from tests.support.graphs import EDGES
from tests.support.png import png, send_snapshot
from tests.widgets.conftest import login_widget


def test_a_png_within_the_limits_is_accepted_as_it_came() -> None:
    picture = png(MAX_WIDTH, 400)
    assert checked_png(picture) == picture


@pytest.mark.parametrize(
    ("buffer", "reason"),
    [
        (b"GIF89a" + b"\x00" * 40, "a snapshot is a PNG image"),
        (b"\x89PNG\r\n\x1a\n", "a snapshot is a PNG image"),
        (png(MAX_WIDTH + 1, 10), f"at most {MAX_WIDTH} pixels wide, not {MAX_WIDTH + 1}"),
        (png(10, 10, padding=MAX_BYTES), f"at most {MAX_BYTES} bytes"),
        (png(10, 5000), "at most 2000 pixels high"),
        ("iVBORw0KGgo=", "not bytes"),
    ],
)
def test_anything_else_is_refused_with_the_reason(buffer: object, reason: str) -> None:
    with pytest.raises(SnapshotRefused, match=reason):
        checked_png(buffer)


def test_the_image_is_a_data_url() -> None:
    assert data_url(b"\x89PNG") == "data:image/png;base64,iVBORw=="


def _ready_plot(hub: LocalHub, **kwargs: object) -> PlotWidget:
    prod = login_widget(hub, **kwargs).login(username="alice", password="alice-pw")
    view = prod.plot(prod.client.edges(EDGES, "src", "dst"))
    view.wait(30)
    return view


def test_a_snapshot_of_the_plot_shown_goes_into_the_static_output(hub: LocalHub) -> None:
    view = _ready_plot(hub)
    picture = png(640, 300)

    send_snapshot(view, dataset_of(view.url), picture)

    assert view.snapshot_png() == picture
    assert f'<img src="{data_url(picture)}"' in view._repr_mimebundle_()[0]["text/html"]


def test_a_snapshot_refused_or_of_another_plot_is_not_shown(hub: LocalHub) -> None:
    view = _ready_plot(hub)

    send_snapshot(view, dataset_of(view.url), png(MAX_WIDTH + 1, 10))
    send_snapshot(view, dataset_of(view.url), png(10, 10, padding=MAX_BYTES))
    send_snapshot(view, dataset_of(view.url))  # no buffer
    send_snapshot(view, dataset_of(view.url), png(10, 10), png(10, 10))  # two
    send_snapshot(view, "another-dataset", png(10, 10))

    assert view.snapshot_png() is None
    assert "<img" not in view._repr_mimebundle_()[0]["text/html"]


def test_a_new_upload_drops_the_old_snapshot(hub: LocalHub) -> None:
    view = _ready_plot(hub)
    send_snapshot(view, dataset_of(view.url), png(10, 10))

    view.replot()
    view.wait(30)

    assert view.snapshot_png() is None  # a picture of the previous upload


def test_snapshot_false_on_the_login_is_its_plots_default(hub: LocalHub) -> None:
    prod = login_widget(hub, snapshot=False).login(username="alice", password="alice-pw")
    g = prod.client.edges(EDGES, "src", "dst")

    off, on = prod.plot(g), prod.plot(g, snapshot=True)
    follows = PlotWidget(g, account=prod, snapshot=None)
    off.wait(30)

    assert (off.snapshot, on.snapshot, follows.snapshot) == (False, True, False)
    send_snapshot(off, dataset_of(off.url), png(10, 10))
    assert off.snapshot_png() is None


def test_a_switcher_takes_snapshots_unless_told_not_to_or_its_login_says_not_to(
    hub: LocalHub, staging_hub: LocalHub
) -> None:
    prod, staging = login_widget(hub, snapshot=False), login_widget(staging_hub, label="staging")
    g = prod.client.edges(EDGES, "src", "dst")

    assert SwitcherWidget(g, accounts=[prod, staging]).snapshot is False  # prod's default
    assert SwitcherWidget(g, accounts=[staging], snapshot=False).snapshot is False
    assert SwitcherWidget(g, accounts=[staging]).snapshot is True


def test_plots_take_snapshots_unless_told_not_to(hub: LocalHub) -> None:
    prod = login_widget(hub)
    g = prod.client.edges(EDGES, "src", "dst")
    assert (prod.plot(g).snapshot, PlotWidget(g, account=prod, snapshot=False).snapshot) == (
        True,
        False,
    )


@pytest.mark.parametrize("value", ["no", 0, 1.0])
def test_snapshot_takes_true_false_or_none(hub: LocalHub, value: object) -> None:
    prod = login_widget(hub)
    with pytest.raises(TypeError, match="snapshot must be True, False or None"):
        PlotWidget(prod.client.edges(EDGES, "src", "dst"), account=prod, snapshot=value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="snapshot must be True or False"):
        login_widget(hub, label="other", snapshot=value)
