"""What the kernel's thread must not wait for, though no network is involved: another thread's
start, and the garbage collector's walk over everything the package's imports made.

``threading.Thread.start`` returns only once the new thread has run its first steps, so its
caller waits for the operating system to schedule that thread and for the interpreter lock. On a
busy machine (two cores shared, a hub and uploads in the same process) that wait reached 60 ms
of the kernel's thread for one ``PlotWidget(...)``. :func:`in_background` only puts the work on
a queue; one launcher thread, started on import, starts the workers and does that waiting.

A full collection stops every thread while it walks every object the collector tracks, and
importing pandas, pyarrow, graphistry and this package makes about 115,000 of them, all alive
for the kernel's life: on the same machine one such walk took 30 ms idle and 65 to 90 ms under
load, on whichever thread allocated at the wrong moment, the kernel's included.
:func:`freeze_what_imports_made` moves the objects alive then out of the collector's walks
(``gc.freeze``); they are still freed by reference counting, and garbage is collected first, so
nothing is kept that was already unreachable.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable

_work: queue.SimpleQueue[tuple[Callable[[], object], str]] = queue.SimpleQueue()
_launcher_lock = threading.Lock()
_launcher: threading.Thread | None = None


def in_background(work: Callable[[], object], *, name: str) -> None:
    """Runs ``work`` on a daemon thread called ``name``; returns without waiting for it to start."""
    _work.put((work, name))
    launcher = _launcher
    if launcher is None or not launcher.is_alive():  # the first use, or a forked child
        _start_launcher()


def _start_launcher() -> None:
    global _launcher
    with _launcher_lock:
        if _launcher is None or not _launcher.is_alive():
            _launcher = threading.Thread(
                target=_launch_forever, name="graphistry-workers", daemon=True
            )
            _launcher.start()


def _launch_forever() -> None:
    while True:
        work, name = _work.get()
        threading.Thread(target=work, name=name, daemon=True).start()
        # Not held while waiting for the next: it may close over a widget's account and tables.
        del work


def freeze_what_imports_made() -> None:
    """Leaves the objects alive now (modules, classes, the libraries imported so far) out of
    every later collection's walk; called once the package, or the local hub, is imported."""
    gc.collect()
    gc.freeze()


_start_launcher()  # on import, so that no call a person makes pays for starting it
