"""Recording the outputs a widget displays and updates, without a kernel.

The counterpart of comm.py for outputs: IPython's ``display()`` and ``update_display()`` hand
every output to the shell's display publisher, which in a kernel sends it as ``display_data`` or
``update_display_data``. Here a real IPython shell runs in the test process with a publisher
that keeps what it would have sent, so a test asserts on exactly what a front end would receive,
through IPython's own display functions.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config


@dataclass(frozen=True)
class Published:
    """One output as the front end would receive it."""

    update: bool
    display_id: str | None
    data: dict[str, Any]
    thread: str


class DisplayLog:
    """Every output the widgets of one test published, in order."""

    def __init__(self) -> None:
        self._published: list[Published] = []
        self._lock = threading.Lock()

    def add(self, published: Published) -> None:
        with self._lock:
            self._published.append(published)

    @property
    def published(self) -> list[Published]:
        with self._lock:
            return list(self._published)

    def html_of(self, display_id: str) -> list[str]:
        """The ``text/html`` of the output ``display_id``, then of each of its updates."""
        return [
            p.data["text/html"]
            for p in self.published
            if p.display_id == display_id and "text/html" in p.data
        ]


class _Recording(DisplayPublisher):
    def __init__(self, log: DisplayLog, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._log = log

    def publish(  # type: ignore[override]
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        source: object = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
        **_kwargs: Any,
    ) -> None:
        display_id = (transient or {}).get("display_id")
        self._log.add(Published(update, display_id, dict(data), threading.current_thread().name))


@pytest.fixture
def displays() -> Iterator[DisplayLog]:
    """A shell whose outputs are recorded (no history file), removed after the test."""
    shell = InteractiveShell.instance(config=Config({"HistoryManager": {"enabled": False}}))
    log = DisplayLog()
    previous = shell.display_pub
    shell.display_pub = _Recording(log, shell=shell)
    try:
        yield log
    finally:
        shell.display_pub = previous
        InteractiveShell.clear_instance()
