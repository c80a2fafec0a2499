"""What a person logs in with, checked in one place with one wording, by the rows of
:mod:`.methods`.

Both entry points build a :class:`Credentials` here: ``LoginWidget.login(...)`` (keyword
arguments) and the form (a custom message naming its method). The object lives only for one login
attempt: it is never stored on an account, and its repr hides every secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from .errors import CredentialsError
from .methods import (
    LOGIN_METHODS,
    METHODS,
    SECRET_FIELDS,
    LoginArguments,
    LoginMethod,
    login_method,
)

if TYPE_CHECKING:
    # Only for type checkers (which ship it): Unpack is in typing from Python 3.11.
    from typing_extensions import Unpack


class Credentials:
    """One login attempt's inputs for one method: its fields' values and register options.
    Secrets are left out of the repr."""

    __slots__ = ("_values", "method")

    def __init__(self, method: str, **values: Unpack[LoginArguments]) -> None:
        self.method = method
        row = _row(method)
        self._values: dict[str, Any] = {**row.options({}), **values}

    @property
    def username(self) -> str:
        """The user named by the credentials (``""`` for a key, a token or single sign-on)."""
        return str(self._values.get("username") or "")

    @property
    def registers(self) -> bool:
        """Whether the login is one ``register()`` with :meth:`register_kwargs`; if not, it is
        single sign-on's own flow."""
        return _row(self.method).registers

    def secrets(self) -> tuple[str, ...]:
        """Every secret of this attempt, to scrub from messages built from server replies."""
        return tuple(str(v) for k, v in self._values.items() if k in SECRET_FIELDS and v)

    def register_kwargs(self) -> dict[str, Any]:
        """The arguments ``GraphistryClient.register()`` takes for this method."""
        row = _row(self.method)
        if not row.registers:
            raise ValueError("single sign-on has no credentials to register with")
        names = (*row.fields, *row.register_options)
        return {name: self._values[name] for name in names}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Credentials):
            return NotImplemented
        return (self.method, self._values) == (other.method, other._values)

    # Compared by value and not immutable, so not hashable.
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = "".join(f", {k}={v!r}" for k, v in self._values.items() if k not in SECRET_FIELDS)
        return f"Credentials({self.method!r}{shown})"


def _row(method: str) -> LoginMethod:
    row = login_method(method)
    if row is None:
        raise CredentialsError(
            f"Unknown login method {method!r}: use one of {', '.join(METHODS)}.", "method"
        )
    return row


def credentials_for(method: str, typed: Mapping[str, object]) -> Credentials:
    """Checks what was typed (or, for the environment's key, what the environment holds now)
    for ``method``; raises :class:`CredentialsError` naming the field."""
    row = _row(method)
    if row.from_environment:
        typed = {name: os.environ.get(variable) for name, variable in row.from_environment.items()}
        row = _row(row.logs_in_as)
    values = {**row.check(typed), **row.options(typed)}
    return Credentials(row.name, **cast(LoginArguments, values))


def credentials_from_arguments(**arguments: Unpack[LoginArguments]) -> Credentials:
    """The method whose fields the keyword arguments give (the first such row of the table),
    then the same checks as the form's."""
    unknown = sorted(set(arguments) - set(LoginArguments.__annotations__))
    if unknown:
        raise TypeError(f"login() got an unexpected keyword argument {unknown[0]!r}")
    given = cast(Mapping[str, object], arguments)
    for row in LOGIN_METHODS:
        if row.registers and any(_filled(given.get(name)) for name in row.fields):
            return credentials_for(row.name, given)
    raise CredentialsError("Enter a username and password, a personal key, or a token.", "username")


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
