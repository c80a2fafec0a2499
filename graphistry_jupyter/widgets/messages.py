"""The custom messages between each widget's views and the kernel, declared once on Python's side.

A view and the kernel share state in two ways. Synced traits are *kept*: the front end saves every
one into the notebook file when widget-state saving is on, and every output stores a ``text/plain``
repr of them. Custom messages (``model.send`` in a view, ``on_msg`` here, ``widget.send`` back)
are handed to their handler and kept nowhere. So secrets travel only as custom messages: a password,
a personal key secret or a token from the login form, a view grant from the kernel to a plot view.
Everything else a view tells the kernel (log out, re-plot, select an account) travels the same way
because it is an event, not state.

For each widget, :data:`CONVERSATIONS` lists the messages its view sends and the ones the kernel
sends back: each message's type and fields, each field's kind, and which fields are secrets. The
front end declares the same in ``js/src/protocol/widget_messages.ts``;
``tests/widgets/test_contracts.py`` compares the two, and docs/contracts.md's message tables are
written from this module. :func:`parse` reads what a view sent; :func:`compose` writes what the
kernel sends.

A login message also carries the fields of its login method (a username and password, a personal
key, a token, or none for single sign-on and the environment's key): those are declared, with
which of them are secrets, in the login-methods table (``graphistry_jupyter.session.methods``),
and checked by that method's own check, so :func:`parse` passes them on unchecked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeAlias

Kind: TypeAlias = Literal["string", "non-empty string", "boolean"] | tuple[str, ...]
"""What a field holds: any text, text that is not empty, ``True`` or ``False``, or one of these
words."""


@dataclass(frozen=True)
class Field:
    """One field of a message. Every declared field is present in every message of its type."""

    name: str
    kind: Kind
    secret: bool = False
    """A secret is never logged, never shown in a repr and never kept after its handler ran."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is of this field's kind."""
        if self.kind == "boolean":
            return isinstance(value, bool)
        if not isinstance(value, str):
            return False
        if self.kind == "string":
            return True
        if self.kind == "non-empty string":
            return value != ""
        return value in self.kind


@dataclass(frozen=True)
class Message:
    """One message type: its fields, and what it means."""

    type: str
    fields: tuple[Field, ...]
    meaning: str
    method_fields: bool = False
    """A login message: it also carries the fields of its method (see the module's docstring)."""
    buffers: tuple[str, ...] = ()
    """The names of the binary buffers the message carries besides its JSON content, in the
    order they travel (``model.send(content, callbacks, buffers)``); :func:`parse` hands each to
    the handler as ``bytes``, among the fields, by its name. A message is read only with exactly
    these buffers."""

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.secret)


@dataclass(frozen=True)
class Conversation:
    """What one widget's view sends to the kernel, and what the kernel sends to it."""

    view: tuple[Message, ...]
    kernel: tuple[Message, ...]

    def view_message(self, type_: str) -> Message | None:
        return next((m for m in self.view if m.type == type_), None)

    def kernel_message(self, type_: str) -> Message | None:
        return next((m for m in self.kernel if m.type == type_), None)


@dataclass(frozen=True, repr=False)
class Received:
    """A message a view sent, as :func:`parse` read it. Its repr names the fields, never their
    values (a login's carry secrets); :meth:`forget` drops them once they have been handed on."""

    type: str
    fields: dict[str, object] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Received({self.type!r}, fields={sorted(self.fields)})"

    def forget(self) -> None:
        """Drops every value this message holds, so no secret outlives its handler here."""
        self.fields.clear()


# Where a view grant goes: the plot's frame, or a new tab (in the address's fragment).
_GRANT_TARGET: Kind = ("frame", "tab")

FORM_FIELDS: tuple[str, ...] = (
    "server",
    "method",
    "username",
    "password",
    "personal_key_id",
    "personal_key_secret",
    "token",
    "org",
    "privacy",
    "client_protocol_hostname",
)
"""The login form's inputs, named as the login message names them: a form error points at one."""

# Every view may ask whether a kernel is behind it, where its host does not say (js/src/widgets/
# kernel.ts); the kernel answers at once.
_PING = Message("ping", (), "Is a kernel behind this view? The kernel answers pong.")
_PONG = Message("pong", (), "The answer to ping: a kernel is behind the view.")

LOGIN = Conversation(
    view=(
        Message(
            "login",
            (
                Field("method", "string"),
                Field("server", "string"),
                Field("org", "string"),
                Field("privacy", "string"),
                Field("client_protocol_hostname", "string"),
                Field("remember", "boolean"),
            ),
            "Log in with what the form holds.",
            method_fields=True,
        ),
        Message("continue", (), "Log in with the remembered login the form offers."),
        Message("forget", (), "Forget the remembered login the form offers."),
        Message("logout", (), "Log out."),
        Message("cancel", (), "Abandon the login or single sign-on under way."),
        _PING,
    ),
    kernel=(
        _PONG,
        Message(
            "form_error",
            (Field("message", "string"), Field("field", FORM_FIELDS)),
            "What was typed cannot be used: the view shows the message, focuses the field and "
            "takes input again.",
        ),
    ),
)

_PLOT_VIEW = (
    _PING,
    Message("replot", (), "Upload the plot again."),
    Message(
        "grant_request",
        (Field("dataset", "string"), Field("to", _GRANT_TARGET)),
        "A view grant for the dataset the view shows, for its frame (which said it is ready, or "
        "refused an expired grant) or for a new tab.",
    ),
    Message(
        "snapshot",
        (Field("dataset", "string"),),
        "A picture of the dataset as its viewer drew it: a PNG (at most 200000 bytes and 800 "
        "pixels wide), which the static output shows.",
        buffers=("png",),
    ),
)
_GRANT_ANSWERS = (
    _PONG,
    Message(
        "grant",
        (
            Field("dataset", "string"),
            Field("to", _GRANT_TARGET),
            Field("grant", "non-empty string", secret=True),
        ),
        "The view grant asked for; the view posts it to its frame's exact origin, or puts it in "
        "the new tab's address fragment.",
    ),
    Message(
        "no_grant",
        (
            Field("dataset", "string"),
            Field("to", _GRANT_TARGET),
            Field("reason", "string"),
            Field("unsupported", "boolean"),
        ),
        "No grant will come, and why (unsupported: the server has no single sign-in); the view "
        "shows the reason, and the frame asks to sign in.",
    ),
)

PLOT = Conversation(view=_PLOT_VIEW, kernel=_GRANT_ANSWERS)

SWITCHER = Conversation(
    view=(
        *_PLOT_VIEW,
        Message("select", (Field("id", "string"),), "Move the plot to the account of this id."),
    ),
    kernel=_GRANT_ANSWERS,
)

COMPARE = Conversation(view=(_PING,), kernel=(_PONG,))

CONVERSATIONS: Mapping[str, Conversation] = MappingProxyType(
    {"login": LOGIN, "plot": PLOT, "switcher": SWITCHER, "compare": COMPARE}
)
"""Each widget's conversation, keyed by its front end's name (the ``_esm`` module's)."""


def parse(widget: str, content: object, buffers: object = None) -> Received | None:
    """What ``widget``'s view sent, or ``None`` when ``content`` is not a message it sends.

    A message is read when its type is one the view sends, every declared field is present
    with its kind and it carries exactly its declared buffers (``buffers``: what ipywidgets
    hands over, a list of bytes-like objects or ``None``); it is rebuilt from those fields and
    buffers, and a login also keeps the other text fields, which its method's check reads.
    Anything else in the content is left behind.
    """
    if not isinstance(content, Mapping):
        return None
    type_ = content.get("type")
    message = CONVERSATIONS[widget].view_message(type_) if isinstance(type_, str) else None
    if message is None:
        return None
    fields: dict[str, object] = {}
    for declared in message.fields:
        value = content.get(declared.name)
        if not declared.accepts(value):
            return None
        fields[declared.name] = value
    binary = _binary(buffers)
    if binary is None or len(binary) != len(message.buffers):
        return None
    fields.update(zip(message.buffers, binary, strict=True))
    if message.method_fields:
        extra = {k: v for k, v in content.items() if isinstance(k, str) and isinstance(v, str)}
        fields.update((k, v) for k, v in extra.items() if k != "type" and k not in fields)
    return Received(message.type, fields)


def _binary(buffers: object) -> list[bytes] | None:
    """``buffers`` as bytes, or ``None`` when one is not bytes-like."""
    if buffers is None:
        return []
    if not isinstance(buffers, list | tuple):
        return None
    try:
        return [bytes(memoryview(b)) for b in buffers]
    except TypeError:
        return None


def compose(widget: str, type_: str, **fields: object) -> dict[str, object]:
    """The content of a message the kernel sends to ``widget``'s views.

    Raises ``ValueError`` when the kernel has no such message or a field is missing, extra or not
    of its kind: a mistake in this package, caught before a view drops the message.
    """
    message = CONVERSATIONS[widget].kernel_message(type_)
    if message is None:
        raise ValueError(f"the kernel sends no {type_!r} message to a {widget} view")
    names = {f.name for f in message.fields}
    if set(fields) != names:
        raise ValueError(
            f"a {type_!r} message has the fields {sorted(names)}, not {sorted(fields)}"
        )
    # The values stay out of the error: one may be a secret.
    wrong = [
        f"{f.name} must be {describe(f.kind)}"
        for f in message.fields
        if not f.accepts(fields[f.name])
    ]
    if wrong:
        raise ValueError(f"in a {type_!r} message, {'; '.join(wrong)}")
    return {"type": type_, **fields}


def describe(kind: Kind) -> str:
    """A kind in words, as docs/contracts.md shows it."""
    if isinstance(kind, tuple):
        return " | ".join(f'"{word}"' for word in kind)
    return {"string": "str", "non-empty string": "non-empty str", "boolean": "bool"}[kind]
