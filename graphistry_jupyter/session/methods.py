"""The ways to log in, one row each: what a login message carries for it, which of that is
secret, whether the form's Method select offers it, how what was typed is checked, and what
pygraphistry's ``register()`` is given.

The form has the same rows (``js/src/protocol/login_methods.ts``: name, fields, secret fields,
offered), and the contract test compares the two. Adding a way to log in is a row here, its twin
there, and, when it does not log in by ``register()`` with its fields, its flow in
``login_flows.py``. The keyword arguments of a programmatic login are declared once, as
:class:`LoginArguments`, for ``LoginWidget.login``, ``Account.login_async`` and
:func:`~.credentials.credentials_from_arguments` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from .environment import PERSONAL_KEY_ID, PERSONAL_KEY_SECRET
from .errors import CredentialsError


class LoginArguments(TypedDict, total=False):
    """The keyword arguments of a programmatic login: ``username`` and ``password``,
    ``personal_key_id`` and ``personal_key_secret``, or ``token`` (with ``verify_token=False``
    to skip the server's check of it). Each is a field, or a register option, of a row below."""

    username: str | None
    password: str | None
    personal_key_id: str | None
    personal_key_secret: str | None
    token: str | None
    verify_token: bool


@dataclass(frozen=True)
class LoginMethod:
    """One way to log in."""

    name: str
    """What the login message's ``method`` says."""
    fields: tuple[str, ...]
    """The credential fields the login message carries for it (the form's inputs, in order),
    besides where to log in, which every login message carries."""
    secret_fields: tuple[str, ...]
    """Those of ``fields`` that are secrets: they travel only in that custom message, and never
    become widget state, a repr, a log line or part of an error message."""
    offered: bool
    """Whether the form's Method select offers it."""
    prompts: tuple[str, ...] = ()
    """For each field, what the form says when it is left empty."""
    as_typed: tuple[str, ...] = ()
    """Fields taken exactly as typed, not trimmed (a password may begin or end with a space)."""
    register_options: tuple[str, ...] = ()
    """Yes/no keywords of ``register()`` a login may turn off (on unless given as ``False``)."""
    registers: bool = True
    """Whether ``register()`` logs in with the fields; single sign-on has a flow of its own."""
    from_environment: Mapping[str, str] = field(default_factory=dict)
    """Fields read from these environment variables at the moment of the login, never from the
    message (nor kept): then the login is one by :attr:`logs_in_as`."""
    logs_in_as: str = ""
    """The method whose checks and ``register()`` a login by the environment uses."""

    def __post_init__(self) -> None:
        if len(self.prompts) != len(self.fields):
            raise ValueError(f"{self.name}: one prompt per field")
        if not {*self.secret_fields, *self.as_typed} <= set(self.fields):
            raise ValueError(f"{self.name}: secret and as-typed fields must be its fields")

    def check(self, typed: Mapping[str, object]) -> dict[str, str]:
        """The fields' values as the login uses them (text trimmed unless :attr:`as_typed`);
        :class:`CredentialsError` naming the first field left empty."""
        values: dict[str, str] = {}
        for name, prompt in zip(self.fields, self.prompts, strict=True):
            value = typed.get(name)
            text = value if isinstance(value, str) else ""
            if not text.strip():
                raise CredentialsError(prompt, name)
            values[name] = text if name in self.as_typed else text.strip()
        return values

    def options(self, typed: Mapping[str, object]) -> dict[str, bool]:
        """The register options ``typed`` gives: each on unless it says ``False``."""
        return {name: typed.get(name) is not False for name in self.register_options}


LOGIN_METHODS: tuple[LoginMethod, ...] = (
    LoginMethod(
        "password",
        fields=("username", "password"),
        secret_fields=("password",),
        offered=True,
        prompts=("Enter a username.", "Enter a password."),
        as_typed=("password",),
    ),
    LoginMethod(
        "personal_key",
        fields=("personal_key_id", "personal_key_secret"),
        secret_fields=("personal_key_secret",),
        offered=True,
        prompts=("Enter the personal key ID.", "Enter the personal key secret."),
    ),
    LoginMethod(
        "token",
        fields=("token",),
        secret_fields=("token",),
        offered=True,
        prompts=("Paste a token.",),
        register_options=("verify_token",),
    ),
    LoginMethod("sso", fields=(), secret_fields=(), offered=True, registers=False),
    # The environment's personal key has a button of its own, shown when both variables are set.
    LoginMethod(
        "environment",
        fields=(),
        secret_fields=(),
        offered=False,
        from_environment={
            "personal_key_id": PERSONAL_KEY_ID,
            "personal_key_secret": PERSONAL_KEY_SECRET,
        },
        logs_in_as="personal_key",
    ),
)
"""Every way a login message can log in, in the form's order."""

METHODS: tuple[str, ...] = tuple(m.name for m in LOGIN_METHODS if m.offered)
"""The methods the form's Method select offers, in its order."""

SECRET_FIELDS: frozenset[str] = frozenset(f for m in LOGIN_METHODS for f in m.secret_fields)
"""Every field that is a secret, whatever the method."""


def login_method(name: str) -> LoginMethod | None:
    """The row named ``name``, if there is one."""
    return next((m for m in LOGIN_METHODS if m.name == name), None)
