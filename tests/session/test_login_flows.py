"""The login flows' own logic (session/login_flows.py) with the network replaced: what SSO asks
the server, how its polling loop starts, waits, gives up and stops, and how failures are worded
and scrubbed. A clock that moves only when the code waits makes every wait exact."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import requests.api

from graphistry_jupyter.http.client import new_client
from graphistry_jupyter.http.transport import DeadlineExceeded
from graphistry_jupyter.session import login_flows
from graphistry_jupyter.session.credentials import Credentials
from graphistry_jupyter.session.errors import LoginError
from graphistry_jupyter.session.login_flows import Backoff, LoginTarget, SsoStart

TARGET = LoginTarget("hub:1", "http", "acme", False, 9.0)


class Clock:
    """``time`` for login_flows: ``monotonic()`` moves only when something waits on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        return False


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(login_flows, "time", fake)
    return fake


def backoff(clock: Clock, first: float, most: float) -> Backoff:
    wait = Backoff(first=first, most=most)
    wait._event = clock  # type: ignore[assignment]
    return wait


def test_a_wait_lasts_its_time_in_steps_of_at_most_a_tenth(clock: Clock) -> None:
    wait = backoff(clock, 0.5, 2.0)
    wait.sleep(cancelled=lambda: False)
    assert clock.now == 0.5
    assert len(clock.waits) == 5
    assert all(0 < w <= 0.1 for w in clock.waits)
    wait.sleep(cancelled=lambda: False)
    assert clock.now == pytest.approx(1.25), "the next wait is half as long again"


def test_a_cancelled_wait_returns_at_once_and_still_grows(clock: Clock) -> None:
    wait = backoff(clock, 0.5, 2.0)
    wait.sleep(cancelled=lambda: True)
    assert clock.waits == []
    assert wait._next == 0.75


def test_a_wait_wakes_as_soon_as_it_is_cancelled(clock: Clock) -> None:
    wait = backoff(clock, 1.0, 2.0)
    wait.sleep(cancelled=lambda: clock.now >= 0.3)
    assert clock.now == pytest.approx(0.3)


# -------------------------------------------------------------------------------- sso loop


class Flow:
    """Stands in for start_sso and poll_sso_once; records what the loop did."""

    def __init__(self, started: SsoStart, polls: list[str | None]) -> None:
        self.started = started
        self.polls = polls
        self.held = 0
        self.pending: list[str] = []

    def holding(self) -> Any:
        flow = self

        class Hold:
            def __enter__(self) -> None:
                flow.held += 1

            def __exit__(self, *exc: object) -> None:
                return None

        return Hold()


@pytest.fixture
def flow(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Any:
    def make(started: SsoStart, polls: list[str | None]) -> Flow:
        f = Flow(started, polls)
        monkeypatch.setattr(login_flows, "start_sso", lambda client, target: f.started)
        monkeypatch.setattr(login_flows, "poll_sso_once", lambda client, target: f.polls.pop(0))
        return f

    backoffs: list[tuple[float, float]] = []

    class RecordedBackoff(Backoff):
        def __init__(self, first: float, most: float) -> None:
            super().__init__(first=first, most=most)
            backoffs.append((first, most))
            self._event = clock  # type: ignore[assignment]

    monkeypatch.setattr(login_flows, "Backoff", RecordedBackoff)
    make.backoffs = backoffs  # type: ignore[attr-defined]
    return make


def run(f: Flow, current: Any = lambda: True, give_up_after_s: float = 60.0) -> str | None:
    return login_flows.sso_login(
        None,  # type: ignore[arg-type]
        TARGET,
        f.holding,
        current,
        f.pending.append,
        give_up_after_s,
    )


def test_an_immediate_token_needs_no_poll(flow: Any, clock: Clock) -> None:
    f = flow(SsoStart("", "tok"), [])
    assert run(f) == "tok"
    assert (f.pending, f.held, clock.waits) == ([], 1, [])


def test_a_cancelled_start_stops_before_showing_the_page(flow: Any) -> None:
    f = flow(SsoStart("https://hub/sso", None), [])
    assert run(f, current=lambda: False) is None
    assert f.pending == []


def test_polls_back_off_from_half_a_second_to_two(flow: Any, clock: Clock) -> None:
    f = flow(SsoStart("https://hub/sso", None), [None, None, None, None, None, "tok"])
    assert run(f) == "tok"
    assert f.pending == ["https://hub/sso"]
    assert f.held == 7, "the start and each poll hold the client; the waits do not"
    assert flow.backoffs == [(0.5, 2.0)]
    assert clock.now == pytest.approx(0.5 + 0.75 + 1.125 + 1.6875 + 2.0)


def test_sso_gives_up_at_its_deadline_with_a_sentence(flow: Any, clock: Clock) -> None:
    f = flow(SsoStart("https://hub/sso", None), [None] * 100)
    with pytest.raises(LoginError) as raised:
        run(f, give_up_after_s=2.5)
    assert str(raised.value) == ("Single sign-on was not completed within 2.5 s: start it again.")
    # Polls at 0, 0.5, 1.25 and 2.375 s (before the deadline), then once more at 4.0625 s.
    assert clock.now == pytest.approx(4.0625)


def test_sso_gives_up_exactly_at_the_deadline(flow: Any, clock: Clock) -> None:
    f = flow(SsoStart("https://hub/sso", None), [None] * 100)
    with pytest.raises(LoginError):
        run(f, give_up_after_s=1.25)  # 0.5 + 0.75: the third poll is at the deadline
    assert clock.now == pytest.approx(1.25)


def test_a_cancelled_poll_loop_stops_without_a_token(flow: Any, clock: Clock) -> None:
    f = flow(SsoStart("https://hub/sso", None), [None] * 100)
    calls: list[int] = []

    def current() -> bool:
        calls.append(1)
        return clock.now < 1.0

    assert run(f, current=current) is None
    assert 1.0 <= clock.now <= 1.1 + 1e-9, "the wait woke within a tick of the cancel"


# -------------------------------------------------------------------- starting and polling


class Uploader:
    made: list[dict[str, Any]] = []
    answer: Any = None

    def __init__(self, **kwargs: Any) -> None:
        Uploader.made.append(kwargs)

    def sso_login(self, org: str | None, idp: str | None) -> Any:
        Uploader.made[-1]["sso_login"] = (org, idp)
        if isinstance(Uploader.answer, BaseException):
            raise Uploader.answer
        return Uploader.answer


class Started:
    def __init__(self, token: str | None, state: str = "", url: str | None = None) -> None:
        self._token = token
        self.sso_state = state
        self.sso_auth_url = url

    @property
    def token(self) -> str:
        if self._token is None:
            raise RuntimeError("no token yet")
        return self._token


@pytest.fixture
def uploader(monkeypatch: pytest.MonkeyPatch) -> type[Uploader]:
    Uploader.made = []
    monkeypatch.setattr(login_flows, "ArrowUploader", Uploader)
    return Uploader


def test_sso_starts_for_the_org_with_the_clients_session(uploader: type[Uploader]) -> None:
    client = new_client()
    uploader.answer = Started(None, state="st-1", url="https://hub/sso?state=st-1")
    assert login_flows.start_sso(client, TARGET) == SsoStart("https://hub/sso?state=st-1", None)
    (made,) = uploader.made
    assert made["client_session"] is client.session
    assert made["server_base_path"] == "http://hub:1"
    assert made["certificate_validation"] == client.certificate_validation()
    assert made["sso_login"] == ("acme", None)
    assert client.sso_state() == "st-1"


def test_sso_without_an_org_and_without_a_page(uploader: type[Uploader]) -> None:
    uploader.answer = Started(None, state="st-2", url=None)
    started = login_flows.start_sso(new_client(), LoginTarget("hub:1", "http"))
    assert started == SsoStart("", None)
    assert uploader.made[0]["sso_login"] == (None, None)


def test_an_immediate_sso_token_is_the_sessions(uploader: type[Uploader]) -> None:
    client = new_client()
    uploader.answer = Started("tok-now")
    assert login_flows.start_sso(client, TARGET) == SsoStart("", "tok-now")
    assert client.api_token() == "tok-now"


def test_a_failed_start_is_worded(uploader: type[Uploader]) -> None:
    uploader.answer = requests.ConnectionError("refused")
    with pytest.raises(LoginError) as raised:
        login_flows.start_sso(new_client(), TARGET)
    assert str(raised.value).startswith("Cannot reach hub:1")
    assert raised.value.__cause__ is None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("tok", "tok"), ("", None), (None, None)],
)
def test_a_poll_returns_the_token_once_there(
    monkeypatch: pytest.MonkeyPatch, answer: str | None, expected: str | None
) -> None:
    client = new_client()
    monkeypatch.setattr(client, "sso_get_token", lambda: answer)
    assert login_flows.poll_sso_once(client, TARGET) == expected


@pytest.mark.parametrize(
    "failure",
    [
        Exception("SSO token Not Ready yet"),
        requests.ConnectionError("blip"),
        requests.Timeout("slow"),
        TimeoutError("slow"),
    ],
)
def test_a_poll_that_is_not_ready_or_transient_is_tried_again(
    monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    client = new_client()

    def fail() -> None:
        raise failure

    monkeypatch.setattr(client, "sso_get_token", fail)
    assert login_flows.poll_sso_once(client, TARGET) is None


def test_any_other_poll_failure_ends_the_login(monkeypatch: pytest.MonkeyPatch) -> None:
    client = new_client()

    def fail() -> None:
        raise Exception("State expired")

    monkeypatch.setattr(client, "sso_get_token", fail)
    with pytest.raises(LoginError) as raised:
        login_flows.poll_sso_once(client, TARGET)
    assert str(raised.value) == "Login to hub:1 failed: State expired"


def test_a_failed_login_is_worded_scrubbed_and_leaves_a_clean_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = new_client()
    client.api_token("stale-token")
    registered: list[dict[str, Any]] = []
    real_register = client.register

    def register(**kwargs: Any) -> Any:
        registered.append(dict(kwargs))
        if "password" in kwargs:
            raise Exception("server echoed pw-123 back")
        return real_register(**kwargs)

    monkeypatch.setattr(client, "register", register)
    credentials = Credentials("password", username="u", password="pw-123")
    with pytest.raises(LoginError) as raised:
        login_flows.log_in(client, TARGET, credentials)
    assert str(raised.value) == "Login to hub:1 failed: server echoed ••• back"
    assert registered[0]["org_name"] == "acme"
    assert registered[0]["password"] == "pw-123"
    assert "password" not in registered[1], "then the session was reset"
    assert not client.api_token()


def test_the_deadline_of_a_failed_login_is_the_targets() -> None:
    message = str(TARGET.failure(DeadlineExceeded("x")))
    assert message == "hub:1 did not answer within 9 s. Check the server, then try again."


# ----------------------------------------------------------------------- targets and waits


def test_a_target_registers_with_api_3_and_its_settings() -> None:
    target = LoginTarget("h:1", "http", "acme", True, 9.0)
    kwargs = target.register_kwargs()
    assert {k: kwargs[k] for k in ("api", "server", "protocol", "store_token_creds_in_memory")} == {
        "api": 3,
        "server": "h:1",
        "protocol": "http",
        "store_token_creds_in_memory": True,
    }
    failure = target.failure(Exception("Organization acme is not found: pw-x"), ("pw-x",))
    assert str(failure) == "There is no organization 'acme' on h:1. Check its name (the slug)."
    failure = LoginTarget("h:1", "http").failure(Exception("bad pw-x"), ("pw-x",))
    assert str(failure) == "Login to h:1 failed: bad •••"


def test_backoff_grows_by_half_up_to_its_most_and_wakes_when_cancelled() -> None:
    wait = Backoff(first=0.5, most=1.0)
    assert wait._next == 0.5
    wait.sleep(cancelled=lambda: True)
    assert wait._next == 0.75
    wait.sleep(cancelled=lambda: True)
    assert wait._next == 1.0
    wait.sleep(cancelled=lambda: True)
    assert wait._next == 1.0


def test_an_uploader_without_a_token_has_none() -> None:
    class Raising:
        @property
        def token(self) -> str:
            raise RuntimeError("no token")

    class Empty:
        token = ""

    class Some:
        token = "t"

    assert login_flows._token_of(Raising()) is None  # type: ignore[arg-type]
    assert login_flows._token_of(Empty()) is None  # type: ignore[arg-type]
    assert login_flows._token_of(Some()) == "t"  # type: ignore[arg-type]


def test_a_real_backoff_wait_ends() -> None:
    wait = Backoff(first=0.001, most=0.001)
    wait.sleep(cancelled=lambda: False)
    assert wait._next == 0.001
