"""What a person logs in with is checked in one place (session/credentials.py, by the rows of
session/methods.py): each rule, each message and each field it names."""

from __future__ import annotations

import pytest

from graphistry_jupyter.session.credentials import (
    METHODS,
    Credentials,
    CredentialsError,
    credentials_for,
    credentials_from_arguments,
)
from graphistry_jupyter.session.errors import LoginError


def test_the_methods_are_offered_in_the_forms_order() -> None:
    assert METHODS == ("password", "personal_key", "token", "sso")


def test_a_password_login_keeps_the_password_as_typed_and_trims_the_username() -> None:
    typed = credentials_for("password", {"username": "  alice ", "password": " pw with spaces "})
    assert typed == Credentials("password", username="alice", password=" pw with spaces ")
    assert typed.register_kwargs() == {"username": "alice", "password": " pw with spaces "}
    assert typed.secrets() == (" pw with spaces ",)


@pytest.mark.parametrize(
    ("method", "fields", "message", "field"),
    [
        ("password", {"password": "pw"}, "Enter a username.", "username"),
        ("password", {"username": " ", "password": "pw"}, "Enter a username.", "username"),
        ("password", {"username": "alice"}, "Enter a password.", "password"),
        ("password", {"username": "alice", "password": "   "}, "Enter a password.", "password"),
        ("password", {"username": "alice", "password": 7}, "Enter a password.", "password"),
        ("personal_key", {"personal_key_secret": "s"}, "Enter the personal key ID.",
         "personal_key_id"),
        ("personal_key", {"personal_key_id": "k"}, "Enter the personal key secret.",
         "personal_key_secret"),
        ("personal_key", {"personal_key_id": "k", "personal_key_secret": None},
         "Enter the personal key secret.", "personal_key_secret"),
        ("token", {}, "Paste a token.", "token"),
        ("token", {"token": "  "}, "Paste a token.", "token"),
        ("nonsense", {}, "Unknown login method 'nonsense': use one of password, personal_key, "
         "token, sso.", "method"),
    ],
)  # fmt: skip
def test_each_missing_field_is_named_with_one_sentence(
    method: str, fields: dict[str, object], message: str, field: str
) -> None:
    with pytest.raises(CredentialsError) as raised:
        credentials_for(method, fields)
    assert (str(raised.value), raised.value.field) == (message, field)
    assert isinstance(raised.value, LoginError)


def test_a_personal_key_is_trimmed_and_only_its_secret_is_secret() -> None:
    typed = credentials_for(
        "personal_key", {"personal_key_id": " key-1 ", "personal_key_secret": " s3cret "}
    )
    expected = Credentials("personal_key", personal_key_id="key-1", personal_key_secret="s3cret")
    assert typed == expected
    assert typed.register_kwargs() == {"personal_key_id": "key-1", "personal_key_secret": "s3cret"}
    assert typed.secrets() == ("s3cret",)


@pytest.mark.parametrize(
    ("verify", "expected"), [(None, True), (True, True), (False, False), ("no", True)]
)
def test_a_token_is_verified_unless_the_form_says_false(verify: object, expected: bool) -> None:
    fields: dict[str, object] = {"token": " tok "}
    if verify is not None:
        fields["verify_token"] = verify
    typed = credentials_for("token", fields)
    assert typed == Credentials("token", token="tok", verify_token=expected)
    assert typed.register_kwargs() == {"token": "tok", "verify_token": expected}
    assert typed.secrets() == ("tok",)


def test_sso_has_no_credentials_to_register_with() -> None:
    typed = credentials_for("sso", {"password": "ignored"})
    assert typed == Credentials("sso")
    assert typed.secrets() == ()
    with pytest.raises(ValueError, match="single sign-on has no credentials"):
        typed.register_kwargs()


def test_the_repr_hides_every_secret() -> None:
    shown = repr(Credentials("password", username="u", password="p-secret", token="t-secret"))
    assert "p-secret" not in shown
    assert "t-secret" not in shown
    assert "'u'" in shown
    assert "k-secret" not in repr(
        Credentials("personal_key", personal_key_id="kid", personal_key_secret="k-secret")
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"username": "a", "password": "p"}, Credentials("password", username="a", password="p")),
        (
            {"personal_key_id": "k", "personal_key_secret": "s"},
            Credentials("personal_key", personal_key_id="k", personal_key_secret="s"),
        ),
        ({"token": "t"}, Credentials("token", token="t")),
        (
            {"token": "t", "verify_token": False},
            Credentials("token", token="t", verify_token=False),
        ),
    ],
)
def test_keyword_arguments_name_their_method(
    arguments: dict[str, object], expected: Credentials
) -> None:
    assert credentials_from_arguments(**arguments) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "message", "field"),
    [
        ({"password": "p"}, "Enter a username.", "username"),
        ({"username": "a"}, "Enter a password.", "password"),
        ({"personal_key_secret": "s"}, "Enter the personal key ID.", "personal_key_id"),
        ({"personal_key_id": "k"}, "Enter the personal key secret.", "personal_key_secret"),
        ({}, "Enter a username and password, a personal key, or a token.", "username"),
        ({"token": "  "}, "Enter a username and password, a personal key, or a token.", "username"),
    ],
)
def test_incomplete_keyword_arguments_get_the_forms_messages(
    arguments: dict[str, str], message: str, field: str
) -> None:
    with pytest.raises(CredentialsError) as raised:
        credentials_from_arguments(**arguments)  # type: ignore[arg-type]
    assert (str(raised.value), raised.value.field) == (message, field)


def test_sso_credentials_refuse_to_register_in_one_sentence() -> None:
    with pytest.raises(ValueError, match=r"^single sign-on has no credentials to register with$"):
        Credentials("sso").register_kwargs()
