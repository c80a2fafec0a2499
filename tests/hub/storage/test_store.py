"""The hub's metadata store (hub/storage/): users, organizations and personal keys; datasets and
what is missing from them; SSO logins and browser sessions; and a password change, which ends
everything the old password opened in one transaction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphistry_jupyter.hub.storage.datasets import NEVER_ARRIVED
from graphistry_jupyter.hub.storage.store import Identity, Store

USERS = {"alice": "alice-pw", "bob": "bob-pw"}
ORGS = {"acme": ["alice"]}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    made = Store(tmp_path / "hub.sqlite3")
    made.populate(USERS, ORGS)
    yield made
    made.close()


# -- users and organizations -----------------------------------------------------------------------


def test_a_populated_store_knows_its_users_and_organizations(store: Store) -> None:
    assert store.users.names() == ["alice", "bob"]
    assert store.users.orgs() == {"acme": ["alice"]}
    assert store.users.check_password("alice", "alice-pw")
    assert not store.users.check_password("alice", "bob-pw")
    assert not store.users.check_password("dave", "alice-pw")


def test_every_user_has_a_personal_organization_of_their_own(store: Store) -> None:
    assert store.users.org_exists("bob")
    assert store.users.is_member("bob", "bob")
    assert not store.users.is_member("alice", "bob")
    assert store.users.is_member("alice", "acme")
    assert not store.users.is_member("bob", "acme")
    assert not store.users.org_exists("nowhere")


@pytest.mark.parametrize(
    ("users", "orgs", "refusal"),
    [
        ({"-alice": "pw"}, {}, "invalid user name '-alice'"),
        ({"carol": ""}, {}, "user 'carol' needs a non-empty password"),
        ({"acme": "pw"}, {}, "'acme' is already an organization name"),
        ({}, {"bob": ["alice"]}, "'bob' is a user's personal organization already"),
        ({}, {"beta": ["alice", "mallory"]}, "organization 'beta': unknown members mallory"),
        ({}, {"a b": []}, "invalid organization name 'a b'"),
    ],
)
def test_bad_names_and_unknown_members_are_refused(
    store: Store, users: dict[str, str], orgs: dict[str, list[str]], refusal: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(refusal)}"):
        store.populate(users, orgs)


def test_members_are_a_list_of_names_not_one_string(store: Store) -> None:
    with pytest.raises(TypeError, match=r"^members of 'beta' must be a list of usernames$"):
        store.populate({}, {"beta": "alice"})  # type: ignore[dict-item]


def test_a_kept_store_given_a_user_again_takes_the_password_given_now(tmp_path: Path) -> None:
    first = Store(tmp_path / "hub.sqlite3")
    first.populate(USERS, {})
    before = first.users.identity("alice")
    first.close()

    again = Store(tmp_path / "hub.sqlite3")
    again.populate({"alice": "new-pw"}, {})

    assert again.users.check_password("alice", "new-pw")
    assert not again.users.check_password("alice", "alice-pw")
    assert before is not None
    assert again.users.identity("alice") == Identity(before.id, before.generation + 1)
    again.close()


def test_a_personal_key_is_checked_against_its_hash_only(store: Store) -> None:
    key_id, secret = store.users.create_personal_key("bob")

    assert store.users.check_personal_key(key_id, secret) == "bob"
    assert store.users.check_personal_key(key_id, secret + "x") is None
    assert store.users.check_personal_key("NOKEY", secret) is None
    with pytest.raises(ValueError, match=r"^unknown user 'dave'$"):
        store.users.create_personal_key("dave")


# -- a password change ---------------------------------------------------------------------------


def test_a_password_change_ends_what_the_old_password_opened_and_nothing_else(store: Store) -> None:
    before = store.users.identity("alice")
    alice_cookie = store.sessions.create_browser_session("alice", 3600)
    bob_cookie = store.sessions.create_browser_session("bob", 3600)
    approved = store.sessions.create_sso_state(None, None)
    store.sessions.approve_sso_state(approved, "alice")
    redeemed = store.sessions.create_sso_state(None, None)
    store.sessions.approve_sso_state(redeemed, "alice")
    store.sessions.redeem_sso_state(redeemed)

    store.set_password("alice", "new-pw")

    after = store.users.identity("alice")
    assert before is not None
    assert after is not None
    assert (after.id, after.generation) == (before.id, before.generation + 1)
    assert store.sessions.browser_session_user(alice_cookie) is None
    assert store.sessions.sso_state(approved) is None
    assert store.sessions.sso_state(redeemed) is not None  # its token was handed out already
    assert store.sessions.browser_session_user(bob_cookie) == "bob"


@pytest.mark.parametrize(
    ("user", "password", "refusal"),
    [
        ("dave", "pw", "unknown user 'dave'"),
        ("alice", "", "user 'alice' needs a non-empty password"),
    ],
)
def test_a_password_change_of_nobody_or_to_nothing_changes_nothing(
    store: Store, user: str, password: str, refusal: str
) -> None:
    cookie = store.sessions.create_browser_session("alice", 3600)
    before = store.users.identity("alice")

    with pytest.raises(ValueError, match=f"^{re.escape(refusal)}$"):
        store.set_password(user, password)

    assert store.users.identity("alice") == before
    assert store.sessions.browser_session_user(cookie) == "alice"


# -- SSO logins and browser sessions -------------------------------------------------------------


def test_an_sso_state_is_approved_once_and_redeemed_once(store: Store) -> None:
    state = store.sessions.create_sso_state("acme", "okta")
    waiting = store.sessions.sso_state(state)
    assert waiting is not None
    assert (waiting.org, waiting.idp, waiting.user, waiting.redeemed) == (
        "acme",
        "okta",
        None,
        False,
    )
    assert not store.sessions.redeem_sso_state(state), "nobody approved it yet"

    assert store.sessions.approve_sso_state(state, "alice")
    assert store.sessions.redeem_sso_state(state)

    redeemed = store.sessions.sso_state(state)
    assert redeemed is not None
    assert (redeemed.user, redeemed.redeemed) == ("alice", True)
    assert not store.sessions.redeem_sso_state(state)
    assert not store.sessions.approve_sso_state(state, "bob")
    assert store.sessions.sso_state("unknown") is None


def test_a_browser_session_lasts_until_it_is_deleted_or_expires(store: Store) -> None:
    cookie = store.sessions.create_browser_session("bob", 3600)
    expired = store.sessions.create_browser_session("bob", -1)

    assert store.sessions.browser_session_user(cookie) == "bob"
    assert store.sessions.browser_session_user(expired) is None
    store.sessions.delete_browser_session(cookie)
    assert store.sessions.browser_session_user(cookie) is None


# -- datasets and files ----------------------------------------------------------------------------


def test_a_new_dataset_is_private_untitled_unless_named_and_misses_its_edges(store: Store) -> None:
    named = store.datasets.create("alice", "acme", {"name": "G", "description": "d"})
    untitled = store.datasets.create("bob", None, {})

    assert (named.name, named.description, named.privacy, named.org) == (
        "G",
        "d",
        "private",
        "acme",
    )
    assert untitled.name == f"Untitled {untitled.id[:8]}"
    assert named.missing_tables() == [("edges", NEVER_ARRIVED)]
    assert [d.id for d in store.datasets.all()] == [named.id, untitled.id]


def test_a_failed_upload_is_missing_with_its_reason_until_one_arrives(store: Store) -> None:
    dataset = store.datasets.create("alice", None, {})
    store.datasets.set_rows(dataset.id, "edges", 10)
    store.datasets.fail_table(dataset.id, "nodes", "its upload failed: not Arrow")

    failed = store.datasets.get(dataset.id)
    assert failed is not None
    assert failed.missing_tables() == [("nodes", "its upload failed: not Arrow")]
    assert failed.summary()["nodes"] == 0

    store.datasets.set_rows(dataset.id, "nodes", 4)
    done = store.datasets.get(dataset.id)
    assert done is not None
    assert done.missing_tables() == []
    assert (done.edges, done.nodes) == (10, 4)


def test_privacy_is_one_of_the_protocols_modes(store: Store) -> None:
    dataset = store.datasets.create("alice", None, {})
    store.datasets.set_privacy(dataset.id, "organization")

    assert store.datasets.get(dataset.id).privacy == "organization"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match=r"^unknown privacy mode 'org'$"):
        store.datasets.set_privacy(dataset.id, "org")


def test_a_file_has_rows_once_its_contents_arrived(store: Store) -> None:
    record = store.datasets.create_file("alice", "edges", "arrow")
    assert store.datasets.file(record.id) == record
    assert record.rows is None

    store.datasets.set_file_rows(record.id, 12)

    assert store.datasets.file(record.id).rows == 12  # type: ignore[union-attr]
    assert store.datasets.file("unknown") is None
