"""Recording the messages widgets send to the front end, without a kernel.

Like ipywidgets' own test ``DummyComm``: the comm every widget opens is replaced by one that keeps
what it would have sent (the open message with the initial state, and every update), so a test can
assert on exactly what would have crossed the wire, and can deliver messages from a "view" through
the same ``_handle_msg`` path a real comm uses.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import comm
import pytest


class RecordingComm:
    """Stands in for a kernel comm; records every payload."""

    kernel = "recording"

    def __init__(self, log: list[Any], lock: threading.Lock, **kwargs: Any) -> None:
        self.comm_id = kwargs.get("comm_id") or f"comm-{id(self):x}"
        self._log = log
        self._lock = lock
        self._record({"open": kwargs.get("data"), "metadata": kwargs.get("metadata")})

    def _record(self, payload: Any) -> None:
        with self._lock:
            self._log.append(payload)

    def open(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self._record({"open": data, "metadata": metadata})

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self._record({"send": data, "metadata": metadata})

    def on_msg(self, callback: Any) -> None:
        pass

    def on_close(self, callback: Any) -> None:
        pass

    def close(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self._record({"close": data})


class CommLog:
    """Everything the widgets of one test sent."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.lock = threading.Lock()

    def as_text(self) -> str:
        with self.lock:
            return json.dumps(self.messages, default=repr)

    def custom_messages(self) -> list[dict[str, Any]]:
        """Every custom message the widgets sent to their views (``widget.send``), in order."""
        with self.lock:
            sent = [m.get("send") for m in self.messages]
        return [
            data["content"]
            for data in sent
            if isinstance(data, dict) and data.get("method") == "custom"
        ]

    def states(self) -> list[dict[str, Any]]:
        """Every state dict sent (initial and updates)."""
        found: list[dict[str, Any]] = []
        with self.lock:
            for message in self.messages:
                for key in ("open", "send"):
                    data = message.get(key)
                    if isinstance(data, dict) and isinstance(data.get("state"), dict):
                        found.append(data["state"])
        return found


@pytest.fixture
def comm_log(monkeypatch: pytest.MonkeyPatch) -> CommLog:
    log = CommLog()
    monkeypatch.setattr(
        comm, "create_comm", lambda **kwargs: RecordingComm(log.messages, log.lock, **kwargs)
    )
    return log


def send_from_view(
    widget: Any, content: dict[str, Any], buffers: list[bytes] | None = None
) -> dict[str, Any]:
    """Delivers a custom message as the comm does when the view calls ``model.send(content,
    callbacks, buffers)`` (each buffer a memoryview, as ipykernel hands them over); returns the
    message, which a kernel keeps afterwards as its current parent (``kernel.get_parent()``) until
    the next one arrives."""
    message = {
        "content": {"data": {"method": "custom", "content": content}},
        "buffers": [memoryview(b) for b in buffers or []],
    }
    widget._handle_msg(message)
    return message


def send_login_form(widget: Any, **fields: Any) -> dict[str, Any]:
    """Delivers what the view's form sends on "Log in": where to log in as the form shows it (the
    widget's server, organization, privacy, browser address and "Remember me", unless ``fields``
    say otherwise) and ``fields`` (method, username, password, ...); returns the message."""
    form = {
        "type": "login",
        "method": widget.method,
        "server": widget.server,
        "org": widget.org,
        "privacy": widget.privacy,
        "client_protocol_hostname": widget.client_protocol_hostname,
        "remember": widget.remember,
    }
    return send_from_view(widget, {**form, **fields})
