"""The widgets' contract with their views is declared once per side and the two sides agree.

- Traits: every synced trait is a field of the view's model type (``js/src/widgets/types.ts``),
  an enumerated trait allows exactly the literals of its TypeScript union, and each trait's
  default is the view's (``js/src/widgets/defaults.ts``).
- Custom messages: each widget's view sends, and the kernel answers, the same message types with
  the same fields of the same kinds and the same binary buffers
  (``graphistry_jupyter/widgets/messages.py`` and ``js/src/protocol/widget_messages.ts``), and no
  secret is a trait.
- Login methods: the same rows, fields and secret fields on both sides
  (``graphistry_jupyter/session/methods.py`` and ``js/src/protocol/login_methods.ts``).
- docs/contracts.md: its tables are what the declarations make, and the frame messages it names
  are the ones ``js/src/protocol/frames.ts`` declares.

The front end's declarations are read by running them (``tests/widgets/contract_docs.py``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from traitlets import Bool, Enum, Float, Int, List, TraitType, Unicode

from graphistry_jupyter import Account, LoginWidget
from graphistry_jupyter.session.methods import LOGIN_METHODS
from graphistry_jupyter.widgets.base import mirrored_names
from graphistry_jupyter.widgets.messages import CONVERSATIONS, Message
from tests.widgets.contract_docs import (
    DOC,
    REGENERATE,
    ROOT,
    WIDGETS,
    WidgetContract,
    front_end,
    rewrite,
    synced_traits,
    ts_defaults,
    ts_fields,
    ts_unions,
)

CONTRACTS = pytest.mark.parametrize("contract", WIDGETS, ids=lambda c: c.widget.__name__)


def _ts_kind_allows(trait: TraitType[Any, Any], kind: str, unions: dict[str, list[str]]) -> bool:
    if isinstance(trait, Enum):
        literals = unions.get(kind, re.findall(r'"([^"]*)"', kind))
        return sorted(literals) == sorted(trait.values or [])
    if isinstance(trait, Unicode):
        return kind == "string"
    if isinstance(trait, Int | Float):
        return kind == "number"
    if isinstance(trait, Bool):
        return kind == "boolean"
    if isinstance(trait, List):
        return kind.endswith("[]")
    return False


# ------------------------------------------------------------------------------------ traits


@CONTRACTS
def test_every_synced_trait_is_a_field_of_the_views_model_type(contract: WidgetContract) -> None:
    assert set(synced_traits(contract.widget)) == set(ts_fields(contract.model))


@CONTRACTS
def test_each_trait_has_the_type_the_view_expects(contract: WidgetContract) -> None:
    unions, fields = ts_unions(), ts_fields(contract.model)
    wrong = {
        name: (type(trait).__name__, fields.get(name))
        for name, trait in synced_traits(contract.widget).items()
        if not _ts_kind_allows(trait, fields.get(name, ""), unions)
    }
    assert wrong == {}


@CONTRACTS
def test_the_views_defaults_are_the_traits_defaults(contract: WidgetContract) -> None:
    python = {name: trait.default() for name, trait in synced_traits(contract.widget).items()}
    assert python == ts_defaults(contract.defaults)


def test_the_login_widget_mirrors_every_account_trait_it_shows() -> None:
    account_traits = Account.class_traits()
    for name in mirrored_names(LoginWidget):
        mine, theirs = LoginWidget.class_traits()[name], account_traits[name]
        assert type(mine) is type(theirs)
        assert mine.default() == theirs.default()
        assert getattr(mine, "values", None) == getattr(theirs, "values", None)
    own = {"method", "environment_key_id", "logged_in_with", "settle_count"}
    assert set(synced_traits(LoginWidget)) == {*mirrored_names(LoginWidget), *own}


# -------------------------------------------------------------------------- custom messages


def _shapes(messages: tuple[Message, ...]) -> dict[str, dict[str, object]]:
    """Messages as the front end declares them: ``{type: {field: kind}}``, in order."""
    return {
        m.type: {f.name: list(f.kind) if isinstance(f.kind, tuple) else f.kind for f in m.fields}
        for m in messages
    }


def test_both_sides_declare_the_same_widgets_conversations() -> None:
    assert list(CONVERSATIONS) == list(front_end()["widget_messages"])
    assert {c.conversation for c in WIDGETS} == set(CONVERSATIONS)


@CONTRACTS
def test_the_view_sends_the_messages_python_reads(contract: WidgetContract) -> None:
    ts = front_end()["widget_messages"][contract.conversation]["view"]
    assert _shapes(CONVERSATIONS[contract.conversation].view) == ts


@CONTRACTS
def test_python_sends_the_messages_the_view_reads(contract: WidgetContract) -> None:
    ts = front_end()["widget_messages"][contract.conversation]["kernel"]
    assert _shapes(CONVERSATIONS[contract.conversation].kernel) == ts


def test_both_sides_declare_the_same_buffers_for_each_message() -> None:
    python = {
        m.type: list(m.buffers)
        for talk in CONVERSATIONS.values()
        for m in (*talk.view, *talk.kernel)
        if m.buffers
    }
    assert python == front_end()["message_buffers"]
    # One message type carries the same buffers in every conversation that has it.
    assert all(
        list(m.buffers) == python.get(m.type, [])
        for talk in CONVERSATIONS.values()
        for m in (*talk.view, *talk.kernel)
    )


def test_a_login_is_the_one_message_that_carries_its_methods_fields() -> None:
    carrying = [
        (widget, m.type)
        for widget, talk in CONVERSATIONS.items()
        for m in (*talk.view, *talk.kernel)
        if m.method_fields
    ]
    assert carrying == [("login", "login")]


def _secret_fields() -> set[str]:
    talks = CONVERSATIONS.values()
    declared = {f for t in talks for m in (*t.view, *t.kernel) for f in m.secret_fields}
    return declared | {f for row in front_end()["login_methods"] for f in row["secretFields"]}


def test_the_secrets_are_the_login_methods_and_the_view_grant() -> None:
    assert _secret_fields() == {"password", "personal_key_secret", "token", "grant"}


@CONTRACTS
def test_no_secret_is_a_synced_trait(contract: WidgetContract) -> None:
    assert _secret_fields().isdisjoint(synced_traits(contract.widget))


# ---------------------------------------------------------------------------- login methods


def test_the_login_methods_are_the_same_rows_on_both_sides() -> None:
    """Python's table of login methods (``session/methods.py``) and the form's
    (``js/src/protocol/login_methods.ts``): the same methods in the same order, each with the
    same message fields, secret fields, and place in the form's Method select."""
    python = [(m.name, tuple(m.fields), tuple(m.secret_fields), m.offered) for m in LOGIN_METHODS]
    ts = [
        (row["name"], tuple(row["fields"]), tuple(row["secretFields"]), row["offered"])
        for row in front_end()["login_methods"]
    ]
    assert python == ts


def test_a_form_error_can_point_at_every_input_of_every_method() -> None:
    form_error = CONVERSATIONS["login"].kernel_message("form_error")
    assert form_error is not None
    (field,) = [f for f in form_error.fields if f.name == "field"]
    assert isinstance(field.kind, tuple)
    method_fields = {f for row in front_end()["login_methods"] for f in row["fields"]}
    assert method_fields <= set(field.kind)


# ------------------------------------------------------------------------ docs/contracts.md


def test_the_docs_tables_are_written_from_the_declarations() -> None:
    text = DOC.read_text()
    assert text == rewrite(text), (
        f"docs/contracts.md is stale: run `{REGENERATE}` from the repository root"
    )


def test_the_docs_name_exactly_the_frame_messages_frames_ts_declares() -> None:
    declared = set(front_end()["frame_types"].values())
    assert len(declared) == 11
    named = set(re.findall(r"graphistry:[a-z-]+", DOC.read_text()))
    assert named == declared
    single_sign_in = (ROOT / "docs" / "single-sign-in.md").read_text()
    assert set(re.findall(r"graphistry:[a-z-]+", single_sign_in)) <= declared
