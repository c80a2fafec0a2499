"""The browser harness works: an inline anywidget round-trips through the kernel in every front end.

A button click in the view sends a custom message; Python's ``on_msg`` increments a synced
``count`` trait; the view shows the new count. If that works in JupyterLab, Notebook 7 and Voila,
and saving with ``saveState`` on writes ``metadata.widgets``, the end-to-end scenarios can be
built on these fixtures.
"""

from __future__ import annotations

import sys

import pytest
from playwright.sync_api import Locator, expect

from tests.support.lab import Lab
from tests.support.notebook_page import NotebookPage, saved_widget_states

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

ROUND_TRIP_TIMEOUT_MS = 15_000

DEFINE_ECHO = '''
import sys

import anywidget
import traitlets


class Echo(anywidget.AnyWidget):
    """A button whose clicks Python counts: a custom message in, a synced trait out."""

    _esm = """
    function render({ model, el }) {
      const button = document.createElement("button");
      button.textContent = "Send echo";
      const count = document.createElement("output");
      const show = () => { count.textContent = `count: ${model.get("count")}`; };
      button.addEventListener("click", () => model.send({ type: "ping" }));
      model.on("change:count", show);
      show();
      el.append(button, count);
      return () => model.off("change:count", show);
    }
    export default { render };
    """
    count = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, widget, content, buffers):
        if content.get("type") == "ping":
            self.count += 1


print(sys.executable)
'''

SHOW_ECHO = "echo = Echo()\necho"

ECHO_CELLS = [DEFINE_ECHO, SHOW_ECHO]


def click_echo_and_expect_round_trip(widget_area: Locator) -> None:
    """Click the widget's button; the count it shows must come back from the kernel as 1."""
    count = widget_area.get_by_role("status")
    expect(count).to_have_text("count: 0", timeout=ROUND_TRIP_TIMEOUT_MS)
    widget_area.get_by_role("button", name="Send echo").click()
    expect(count).to_have_text("count: 1", timeout=ROUND_TRIP_TIMEOUT_MS)


def run_echo_in_lab(lab: Lab) -> NotebookPage:
    notebook = lab.open_notebook(ECHO_CELLS)
    lab.shot("kernel-ready")
    notebook.execute_all()
    lab.shot("cells-run")
    click_echo_and_expect_round_trip(notebook.output(1))
    lab.shot("round-trip")
    return notebook


def test_lab_widget_round_trips_a_click_through_the_kernel(lab: Lab) -> None:
    notebook = run_echo_in_lab(lab)
    # The kernel runs on the interpreter that started the server (the project's venv).
    expect(notebook.output(0)).to_have_text(sys.executable)


def test_lab_saves_widget_state_into_the_notebook_when_save_state_is_on(lab: Lab) -> None:
    notebook = run_echo_in_lab(lab)
    saved = notebook.save()
    lab.shot("saved")
    echo_states = [state for state in saved_widget_states(saved).values() if "count" in state]
    assert [state["count"] for state in echo_states] == [1]


def test_notebook7_widget_round_trips_a_click_through_the_kernel(lab: Lab) -> None:
    notebook = lab.open_notebook(ECHO_CELLS, ui="notebook")
    lab.shot("kernel-ready")
    # Cell by cell here (the Lab tests use the Run menu), so both ways of running are proven.
    for index in range(len(ECHO_CELLS)):
        notebook.execute(index)
    lab.shot("cells-run")
    click_echo_and_expect_round_trip(notebook.output(1))
    lab.shot("round-trip")


def test_voila_widget_round_trips_a_click_through_the_kernel(lab: Lab) -> None:
    voila = lab.open_voila(ECHO_CELLS)
    lab.shot("rendered")
    click_echo_and_expect_round_trip(voila.page.locator("body"))
    lab.shot("round-trip")
