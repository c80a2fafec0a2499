"""What a person logs in with, checked in one place with one wording.

Both entry points build a :class:`Credentials` here: ``LoginWidget.login(...)`` (keyword
arguments) and the form (a custom message naming its method). The object lives only for one login
attempt: it is never stored on an account, and its repr hides every secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import CredentialsError

Method = Literal["password", "personal_key", "token", "sso"]
METHODS: tuple[Method, ...] = ("password", "personal_key", "token", "sso")
"""Login methods, in the order the form offers them."""


@dataclass(frozen=True)
class Credentials:
    """One login attempt's inputs. Secrets are excluded from the repr."""

    method: Method
    username: str = ""
    password: str = field(default="", repr=False)
    personal_key_id: str = ""
    personal_key_secret: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    verify_token: bool = True

    def secrets(self) -> tuple[str, ...]:
        """Every secret of this attempt, to scrub from messages built from server replies."""
        return tuple(s for s in (self.password, self.personal_key_secret, self.token) if s)

    def register_kwargs(self) -> dict[str, Any]:
        """The arguments ``GraphistryClient.register()`` takes for this method."""
        if self.method == "password":
            return {"username": self.username, "password": self.password}
        if self.method == "personal_key":
            return {
                "personal_key_id": self.personal_key_id,
                "personal_key_secret": self.personal_key_secret,
            }
        if self.method == "token":
            return {"token": self.token, "verify_token": self.verify_token}
        raise ValueError("single sign-on has no credentials to register with")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _secret(value: object) -> str:
    # Secrets are not stripped inside: a password may start or end with a space.
    return value if isinstance(value, str) and value.strip() else ""


def credentials_for(method: str, fields: Mapping[str, object]) -> Credentials:
    """Checks what was typed for ``method``; raises :class:`CredentialsError` naming the field."""
    if method == "password":
        username, password = _text(fields.get("username")), _secret(fields.get("password"))
        if not username:
            raise CredentialsError("Enter a username.", "username")
        if not password:
            raise CredentialsError("Enter a password.", "password")
        return Credentials("password", username=username, password=password)
    if method == "personal_key":
        key_id, key_secret = (
            _text(fields.get("personal_key_id")),
            _text(fields.get("personal_key_secret")),
        )
        if not key_id:
            raise CredentialsError("Enter the personal key ID.", "personal_key_id")
        if not key_secret:
            raise CredentialsError("Enter the personal key secret.", "personal_key_secret")
        return Credentials("personal_key", personal_key_id=key_id, personal_key_secret=key_secret)
    if method == "token":
        token = _text(fields.get("token"))
        if not token:
            raise CredentialsError("Paste a token.", "token")
        return Credentials(
            "token", token=token, verify_token=fields.get("verify_token") is not False
        )
    if method == "sso":
        return Credentials("sso")
    raise CredentialsError(
        f"Unknown login method {method!r}: use one of {', '.join(METHODS)}.", "method"
    )


def credentials_from_arguments(
    *,
    username: str | None = None,
    password: str | None = None,
    personal_key_id: str | None = None,
    personal_key_secret: str | None = None,
    token: str | None = None,
    verify_token: bool = True,
) -> Credentials:
    """The method that keyword arguments name, then the same checks as the form's."""
    if username or password:
        return credentials_for("password", {"username": username, "password": password})
    if personal_key_id or personal_key_secret:
        return credentials_for(
            "personal_key",
            {"personal_key_id": personal_key_id, "personal_key_secret": personal_key_secret},
        )
    if token and token.strip():
        return credentials_for("token", {"token": token, "verify_token": verify_token})
    raise CredentialsError("Enter a username and password, a personal key, or a token.", "username")
