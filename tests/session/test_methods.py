"""The login methods table (session/methods.py): one row per method a login message can carry,
what the form offers, the one declaration of a login's keyword arguments, and a login by the
environment's personal key built from its row."""

from __future__ import annotations

import pytest

from graphistry_jupyter.session.credentials import (
    Credentials,
    credentials_for,
    credentials_from_arguments,
)
from graphistry_jupyter.session.errors import CredentialsError
from graphistry_jupyter.session.methods import (
    LOGIN_METHODS,
    METHODS,
    SECRET_FIELDS,
    LoginArguments,
    LoginMethod,
)


def test_a_row_for_every_method_a_login_message_can_carry() -> None:
    rows = {m.name: (m.fields, m.secret_fields, m.offered) for m in LOGIN_METHODS}
    assert rows == {
        "password": (("username", "password"), ("password",), True),
        "personal_key": (
            ("personal_key_id", "personal_key_secret"),
            ("personal_key_secret",),
            True,
        ),
        "token": (("token",), ("token",), True),
        "sso": ((), (), True),
        "environment": ((), (), False),
    }
    assert METHODS == ("password", "personal_key", "token", "sso"), "the Method select's order"
    assert sorted(SECRET_FIELDS) == ["password", "personal_key_secret", "token"]


def test_the_keyword_arguments_are_the_fields_and_options_of_the_methods_that_register() -> None:
    declared = set(LoginArguments.__annotations__)
    from_rows = {
        name
        for m in LOGIN_METHODS
        if m.registers and not m.from_environment
        for name in (*m.fields, *m.register_options)
    }
    assert declared == from_rows


def test_an_unknown_keyword_is_refused_naming_it() -> None:
    with pytest.raises(
        TypeError, match=r"^login\(\) got an unexpected keyword argument 'passwrd'$"
    ):
        credentials_from_arguments(username="alice", passwrd="x")  # type: ignore[call-arg]


def test_the_environments_key_is_read_at_the_login_and_logs_in_as_a_personal_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHISTRY_PERSONAL_KEY_ID", " key-1 ")
    monkeypatch.setenv("GRAPHISTRY_PERSONAL_KEY_SECRET", "s3cret")
    typed = credentials_for("environment", {"personal_key_secret": "from the message"})
    assert typed == Credentials(
        "personal_key", personal_key_id="key-1", personal_key_secret="s3cret"
    )
    monkeypatch.delenv("GRAPHISTRY_PERSONAL_KEY_SECRET")
    with pytest.raises(CredentialsError) as raised:
        credentials_for("environment", {})
    assert (str(raised.value), raised.value.field) == (
        "Enter the personal key secret.",
        "personal_key_secret",
    )


def test_only_single_sign_on_does_not_register() -> None:
    assert [m.name for m in LOGIN_METHODS if not m.registers] == ["sso"]
    assert not Credentials("sso").registers
    assert Credentials("token", token="t").registers


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"fields": ("a",), "secret_fields": ()}, "one prompt per field"),
        ({"fields": ("a",), "secret_fields": ("b",), "prompts": ("A?",)}, "must be its fields"),
        ({"fields": (), "secret_fields": (), "as_typed": ("b",)}, "must be its fields"),
    ],
)
def test_a_row_that_contradicts_itself_is_refused(row: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LoginMethod("x", offered=True, **row)  # type: ignore[arg-type]
