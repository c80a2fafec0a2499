"""Reading what a view sends and writing what the kernel sends, by the one declaration of the
custom messages (graphistry_jupyter/widgets/messages.py). That both sides declare the same
messages is tests/widgets/test_contracts.py's."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graphistry_jupyter.hub import LocalHub
from graphistry_jupyter.widgets.messages import CONVERSATIONS, Field, compose, parse
from tests.support.comm import CommLog, send_from_view, send_login_form
from tests.support.waiting import wait_for
from tests.widgets.conftest import login_widget

PASSWORD = "sentinel-password-5e1d"
LOGIN: dict[str, Any] = {
    "type": "login",
    "method": "password",
    "server": "hub:8000",
    "org": "",
    "privacy": "",
    "client_protocol_hostname": "",
    "remember": False,
    "username": "alice",
    "password": PASSWORD,
}


def _example(kind: object) -> object:
    if kind == "boolean":
        return True
    return kind[0] if isinstance(kind, tuple) else "x"


@pytest.mark.parametrize(
    ("widget", "type_"),
    [(w, m.type) for w, talk in CONVERSATIONS.items() for m in talk.view],
)
def test_each_message_a_view_sends_is_read_with_its_declared_fields(
    widget: str, type_: str
) -> None:
    message = CONVERSATIONS[widget].view_message(type_)
    assert message is not None
    content = {"type": type_, **{f.name: _example(f.kind) for f in message.fields}}
    buffers = [memoryview(name.encode()) for name in message.buffers]
    received = parse(widget, content, buffers)
    assert received is not None
    assert (received.type, received.fields) == (
        type_,
        {
            **{f.name: content[f.name] for f in message.fields},
            **{name: name.encode() for name in message.buffers},
        },
    )


SNAPSHOT = {"type": "snapshot", "dataset": "d1"}


@pytest.mark.parametrize("buffers", [[b"png"], [memoryview(b"png")], (bytearray(b"png"),)])
def test_a_messages_buffers_are_among_its_fields_as_bytes_by_their_declared_names(
    buffers: object,
) -> None:
    received = parse("plot", SNAPSHOT, buffers)
    assert received is not None
    assert received.fields == {"dataset": "d1", "png": b"png"}
    assert type(received.fields["png"]) is bytes


@pytest.mark.parametrize(
    ("content", "buffers"),
    [
        (SNAPSHOT, None),
        (SNAPSHOT, []),
        (SNAPSHOT, [b"a", b"b"]),
        (SNAPSHOT, ["text"]),
        (SNAPSHOT, b"png"),
        ({"type": "replot"}, [b"png"]),  # a message declared without buffers
    ],
)
def test_a_message_with_other_buffers_than_declared_is_not_read(
    content: object, buffers: object
) -> None:
    assert parse("plot", content, buffers) is None


def test_a_message_is_rebuilt_from_its_declared_fields_only() -> None:
    received = parse("switcher", {"type": "select", "id": "account-1", "extra": {"x": 1}})
    assert received is not None
    assert received.fields == {"id": "account-1"}


@pytest.mark.parametrize(
    "content",
    [
        None,
        "replot",
        ["replot"],
        {},
        {"type": 5},
        {"type": "select", "id": "a"},  # the plot view never sends it: only the switcher's
        {"type": "grant", "dataset": "d", "to": "frame", "grant": "g"},  # the kernel sends it
        {"type": "grant_request", "dataset": "d"},
        {"type": "grant_request", "dataset": "d", "to": "window"},
        {"type": "grant_request", "dataset": 5, "to": "tab"},
    ],
)
def test_anything_else_is_not_a_message_of_that_view(content: object) -> None:
    assert parse("plot", content) is None


def test_a_login_keeps_the_text_fields_of_its_method_for_the_methods_check() -> None:
    received = parse("login", {**LOGIN, "verify_token": False, "attempt": 2})
    assert received is not None
    assert received.fields == {k: v for k, v in LOGIN.items() if k != "type"}


@pytest.mark.parametrize("missing", ["method", "server", "remember"])
def test_a_login_without_a_field_every_login_carries_is_not_read(missing: str) -> None:
    assert parse("login", {k: v for k, v in LOGIN.items() if k != missing}) is None


def test_a_login_whose_remember_is_not_a_boolean_is_not_read() -> None:
    assert parse("login", {**LOGIN, "remember": "yes"}) is None


def test_a_received_message_shows_no_value_and_forgets_them_all() -> None:
    received = parse("login", LOGIN)
    assert received is not None
    assert PASSWORD not in repr(received)
    assert "password" in repr(received)
    received.forget()
    assert received.fields == {}


def test_the_kernel_writes_each_answer_with_exactly_its_fields() -> None:
    assert compose("login", "form_error", message="Enter a password.", field="password") == {
        "type": "form_error",
        "message": "Enter a password.",
        "field": "password",
    }
    grant = compose("plot", "grant", dataset="d1", to="tab", grant="a.b.c")
    assert grant == {"type": "grant", "dataset": "d1", "to": "tab", "grant": "a.b.c"}


@pytest.mark.parametrize(
    ("widget", "type_", "fields", "says"),
    [
        ("compare", "grant", {}, "no 'grant' message to a compare view"),
        ("login", "logout", {}, "no 'logout' message to a login view"),
        ("login", "form_error", {"message": "m"}, "has the fields ['field', 'message']"),
        (
            "login",
            "form_error",
            {"message": "m", "field": "f", "x": 1},
            "not ['field', 'message', 'x']",
        ),
        ("login", "form_error", {"message": "m", "field": "nowhere"}, 'field must be "server" |'),
        (
            "plot",
            "no_grant",
            {"dataset": "d", "to": "frame", "reason": "r", "unsupported": "no"},
            "unsupported must be bool",
        ),
    ],
)
def test_the_kernel_cannot_write_a_message_the_view_would_drop(
    widget: str, type_: str, fields: dict[str, object], says: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        compose(widget, type_, **fields)


def test_an_answer_that_cannot_be_written_never_shows_its_secret() -> None:
    secret = "secret.grant.value"
    with pytest.raises(ValueError, match="to must be") as raised:
        compose("plot", "grant", dataset="d", to="window", grant=secret)
    assert secret not in str(raised.value)


@pytest.mark.parametrize(
    ("kind", "accepted", "refused"),
    [
        ("string", ["", "x"], [None, 1, True]),
        ("non-empty string", ["x"], ["", None]),
        ("boolean", [True, False], [0, 1, "true", None]),
        (("frame", "tab"), ["frame", "tab"], ["Frame", "", None]),
    ],
)
def test_a_field_accepts_exactly_its_kind(
    kind: Any, accepted: list[object], refused: list[object]
) -> None:
    field = Field("f", kind)
    assert [field.accepts(value) for value in accepted] == [True] * len(accepted)
    assert [field.accepts(value) for value in refused] == [False] * len(refused)


# ------------------------------------------------------------- widgets read by the declaration


def test_a_widget_acts_only_on_the_messages_its_view_sends(
    hub: LocalHub, comm_log: CommLog
) -> None:
    """The widgets read every custom message through :func:`parse`: a message another widget's
    view sends, or one without the fields its view always sends, reaches no handler."""
    login = login_widget(hub)
    send_from_view(login, {"type": "select", "id": "account-1"})  # a switcher's message
    send_from_view(  # a login without where to log in, as the form always says
        login,
        {"type": "login", "method": "password", "username": "alice", "password": "alice-pw"},
    )
    assert (login.status, comm_log.custom_messages()) == ("logged_out", [])
    send_login_form(login, method="password", username="alice", password="alice-pw")
    wait_for(lambda: login.status == "logged_in", "the form's login")


def test_the_kernel_answers_only_as_declared(hub: LocalHub, comm_log: CommLog) -> None:
    """What the kernel sends goes through :func:`compose`: the form's error names its field."""
    login = login_widget(hub)
    send_login_form(login, method="password", username="alice", password="")
    assert comm_log.custom_messages() == [
        compose("login", "form_error", message="Enter a password.", field="password")
    ]
