"""The static output published beside each view, kept current as the widget's state changes.

A widget view cannot be shown without its kernel's model: a notebook reopened without a kernel and
without saved widget state shows ipywidgets' "model not found" in the view's place, and nbconvert
offline shows a blank space (its widget renderer loads from a CDN). So a widget published through
``_ipython_display_`` makes two outputs: the view (with an empty ``text/plain``, so renderers
without widgets show nothing twice), then a ``text/html`` output with a display id, which this
module replaces with ``update_display`` whenever what it shows changes. The saved notebook, its
nbconvert HTML and a code host's preview then hold what was true when it was saved.

Updating the view's own output instead would make JupyterLab render it again, which reloads a
plot's viewer frame (losing zoom and selection). The static output's ``<style>`` decides which of
the two shows, with ``:has()``: while a live view is in the same output area, the static output is
hidden; where none rendered, the static output shows and the view's output just before it
("Loading widget...", "model not found") is hidden; beside a view rendered from saved widget
state without a kernel (ipywidgets marks it ``jupyter-widgets-disconnected``), a plot's static
output shows too (its snapshot and link, which the view cannot show without a kernel), a login's
does not (its card already says all of it, disabled). Inside a live front end (a notebook panel)
the line saying where the live widget shows is hidden: it is for renderers without widgets. Two rule
sets cover JupyterLab / Notebook 7 / nbconvert's lab template (``jp-OutputArea``) and classic
Notebook 6 / nbclassic (``output_area``).

``update_display`` may be called from any thread: ipykernel queues every iopub message on its
IO thread, and the front end routes an update by its display id to every output that showed it,
also after the cell finished.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, cast

import IPython.display

# IPython's display functions carry no type hints.
_display = cast(Callable[..., None], IPython.display.display)
_update_display = cast(Callable[..., None], IPython.display.update_display)

LIVE_CLASS = "gj-root"
"""The root class of every live view (js/src/widgets/*.ts)."""
STATIC_CLASS = "gj-static"
"""The root class of every static output's content."""

# ipywidgets marks a view whose model has no comm (rendered from saved widget state, no kernel):
# its static output shows then too, with the snapshot and link the view cannot show.
_DISCONNECTED = ".jupyter-widgets-disconnected"

# One selector list per front end's output DOM. `:has()` cannot nest inside `:has()` (the whole
# rule would be dropped), hence the child combinators.
STYLE = (
    "<style>"
    f".jp-OutputArea:has(.{LIVE_CLASS}:not({_DISCONNECTED} *))"
    f" > .jp-OutputArea-child:has(.{STATIC_CLASS}),"
    f".output:has(.{LIVE_CLASS}:not({_DISCONNECTED} *)) > .output_area:has(.{STATIC_CLASS})"
    "{display:none}"
    f".jp-OutputArea:has(.{LIVE_CLASS}) > .jp-OutputArea-child:has(.{STATIC_CLASS}-loginwidget),"
    f".output:has(.{LIVE_CLASS}) > .output_area:has(.{STATIC_CLASS}-loginwidget)"
    "{display:none}"
    f".jp-NotebookPanel .gj-static-where,#notebook-container .gj-static-where{{display:none}}"
    # The view's output is the one just before a static output: "Loading widget..." or "model
    # not found" while no live view rendered in the area.
    f".jp-OutputArea:not(:has(.{LIVE_CLASS}))"
    f" > .jp-OutputArea-child:has(+ .jp-OutputArea-child .{STATIC_CLASS}),"
    f".output:not(:has(.{LIVE_CLASS})) > .output_area:has(+ .output_area .{STATIC_CLASS})"
    "{display:none}"
    f".{STATIC_CLASS}{{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
    "line-height:1.4;border:1px solid #8884;border-radius:4px;padding:8px 10px;margin:2px 0;"
    "max-width:100%;overflow-wrap:anywhere}"
    f".{STATIC_CLASS} p{{margin:0 0 4px}}"
    f".{STATIC_CLASS} .gj-static-where{{font-size:11px;opacity:.7;margin:4px 0 0}}"
    f".{STATIC_CLASS} img{{display:block;max-width:100%;height:auto;margin:6px 0;"
    "border:1px solid #8884}"
    "</style>"
)


def display_bundle(data: dict[str, Any], metadata: dict[str, Any]) -> None:
    """Displays a ready mime bundle as one output (a view's)."""
    _display(data, metadata=metadata, raw=True)


def static_block(inner_html: str, kind: str) -> str:
    """``inner_html`` as one static output's ``text/html``: the style and the marked root."""
    return f'{STYLE}<div class="{STATIC_CLASS} {STATIC_CLASS}-{kind}">{inner_html}</div>'


class StaticOutputs:
    """The static outputs of one widget: one per time it was displayed, all showing the same.

    ``render`` returns the current ``text/html``; :meth:`refresh` sends it to every output when it
    changed since the last time. Rendering and sending happen under one lock, so updates from
    several threads reach the front end in the order of the states they show.
    """

    def __init__(self, render: Callable[[], str]) -> None:
        self._render = render
        self._lock = threading.RLock()
        self._display_ids: list[str] = []
        self._shown = ""
        self._stopped = False

    def publish(self) -> None:
        """Displays one more static output (after the view's output)."""
        with self._lock:
            display_id = uuid.uuid4().hex
            self._shown = self._render()
            self._display_ids.append(display_id)
            _display({"text/html": self._shown}, raw=True, display_id=display_id)

    def refresh(self, *, again: bool = False) -> None:
        """Replaces every static output's content, if it changed (or ``again``: in any case)."""
        with self._lock:
            if self._stopped or not self._display_ids:
                return
            current = self._render()
            if current == self._shown and not again:
                return
            self._shown = current
            for display_id in self._display_ids:
                _update_display({"text/html": current}, raw=True, display_id=display_id)

    def settle(self) -> None:
        """Sends the current content again, from the calling thread: what a blocking call
        (``wait()``, ``login()``) does before it returns to the cell.

        A worker thread's last update goes through its own pipe to ipykernel's IO thread, which
        may publish it after the cell's "idle": JupyterLab still applies it (by display id), but
        nbclient (``nbconvert --execute``) reads a cell's messages only until its idle, and would
        keep the state before. Sent from the cell's thread, it precedes the idle.
        """
        self.refresh(again=True)

    def stop(self) -> None:
        """No more updates (the widget closed): the outputs keep what they show."""
        with self._lock:
            self._stopped = True
