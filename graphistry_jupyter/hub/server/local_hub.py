"""``LocalHub``: a Graphistry-compatible server on a background thread, for demos and tests.

One class: what a person calls on a hub (where it is, starting and stopping it, what it holds and
records) is one object's interface, documented in one place.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import uvicorn

from ...http import addresses as browser_addresses
from .. import app as hub_app
from ..api.data import remove_dataset
from ..app import Instruments
from ..auth.grants import DEFAULT_GRANT_TTL_S, GrantService
from ..auth.throttle import DEFAULT_LOGIN_ATTEMPTS, DEFAULT_LOGIN_WINDOW_S, LoginThrottle
from ..auth.tokens import TokenService
from ..context import HubContext
from ..instruments.faults import FaultRegistry
from ..instruments.records import RequestLog, RequestRecord
from ..limits import DEFAULT_MAX_UPLOAD_BYTES
from ..storage.private import private_dir
from ..storage.store import Store
from ..storage.tables import TableKind, TableStore
from ..web.csrf import FormTokens
from . import jupyter_proxy
from .serving import ConnectionCounts, listen, serve_in_thread, stop_serving
from .tls import HubCertificate, make_certificate

_STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
_SESSION_TTL_S = 7 * 24 * 3600.0


class LocalHub:
    """A local server speaking the part of the Graphistry REST API that pygraphistry uses.

    ``users`` maps usernames to passwords (kept only as scrypt hashes); ``orgs`` maps
    organization slugs to member usernames. Every user also has a personal organization named
    like them, as on a real server. Use it as a context manager, or call :meth:`start` and
    :meth:`stop`::

        with LocalHub(users={"alice": "alice-pw"}) as hub:
            graphistry.client().register(
                api=3, protocol=hub.protocol, server=hub.server,
                username="alice", password="alice-pw",
            )

    ``port=0`` picks a free port. ``data_dir`` keeps metadata (SQLite) and uploaded Arrow
    tables; without it a temporary directory is used and removed on :meth:`stop`.
    ``token_ttl`` is the JWT lifetime in seconds, ``grant_ttl`` the lifetime of view grants
    (docs/single-sign-in.md), and ``sso_auto_approve`` a username that approves every SSO login
    at once (so the unmodified client's one-shot SSO poll succeeds). ``max_upload_bytes`` bounds
    one uploaded table or file (2 GiB by default; other request bodies are capped at 64 KiB). After
    ``login_attempts`` failed logins of one user within ``login_window`` seconds (four times
    as many from one address), further attempts are refused with 429 until the window passes.
    ``behind_jupyter_proxy``: browsers open its pages through the notebook server's
    jupyter-server-proxy (:attr:`browser_url`); None decides from the environment (docs/hub.md).
    ``tls=True`` serves https with a certificate of a private CA made for it (:attr:`ca_bundle`).

    ``instruments=True`` puts the test instruments in its request path (instruments/): it
    records every request (:attr:`requests`), takes injected faults (:attr:`faults`) and adds
    :attr:`latency_ms` to every API reply. ``latency_ms`` above 0 implies them. Without them a
    request meets only what serves it, as on the command line's and the demo's hubs.
    """

    def __init__(
        self,
        users: Mapping[str, str],
        orgs: Mapping[str, Sequence[str]] | None = None,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        data_dir: str | os.PathLike[str] | None = None,
        token_ttl: float = 24 * 3600,
        grant_ttl: float = DEFAULT_GRANT_TTL_S,
        latency_ms: float = 0,
        sso_auto_approve: str | None = None,
        max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
        login_attempts: int = DEFAULT_LOGIN_ATTEMPTS,
        login_window: float = DEFAULT_LOGIN_WINDOW_S,
        behind_jupyter_proxy: bool | None = None,
        tls: bool = False,
        instruments: bool = False,
    ) -> None:
        if token_ttl <= 0:
            raise ValueError("token_ttl must be positive (seconds)")
        if max_upload_bytes < 1:
            raise ValueError("max_upload_bytes must be positive")
        throttle = LoginThrottle(login_attempts, login_window)  # checks its own arguments
        if grant_ttl <= 0:
            raise ValueError("grant_ttl must be positive (seconds)")
        if latency_ms < 0:
            raise ValueError("latency_ms must not be negative")
        if isinstance(orgs, str) or isinstance(users, str):
            raise TypeError("users and orgs must be mappings")
        self._host = host
        self._behind_proxy = jupyter_proxy.wanted(behind_jupyter_proxy)
        self._max_upload_bytes = int(max_upload_bytes)
        self._requested_port = int(port)
        self._port: int | None = None
        self._owns_data_dir = data_dir is None
        self._data_dir = (
            Path(tempfile.mkdtemp(prefix="graphistry-hub-")) if data_dir is None else Path(data_dir)
        )
        private_dir(self._data_dir)  # owner only: another local user reads nothing
        self._store = Store(self._data_dir / "hub.sqlite3")
        try:
            self._store.populate(users, orgs or {})
            if sso_auto_approve is not None and self._store.users.user_id(sso_auto_approve) is None:
                raise ValueError(f"sso_auto_approve names an unknown user {sso_auto_approve!r}")
            self._tls: HubCertificate | None = (
                make_certificate(self._data_dir / "tls", [self.host]) if tls else None
            )
        except BaseException:
            self._discard_storage()
            raise
        self._connections = ConnectionCounts()
        self._latency_ms = float(latency_ms)
        self._instruments = (
            Instruments(
                log=RequestLog(),
                faults=FaultRegistry(),
                latency_ms=lambda: self._latency_ms,
                stopping=threading.Event(),
            )
            if instruments or latency_ms > 0
            else None
        )
        secret = secrets.token_bytes(32)  # signs tokens; grants and forms use keys derived from it
        self._ctx = HubContext(
            store=self._store,
            tables=TableStore(self._data_dir),
            tokens=TokenService(token_ttl, secret),
            grants=GrantService(grant_ttl, secret),
            forms=FormTokens(secret),
            throttle=throttle,
            cookie_name=f"gj_hub_{secrets.token_hex(4)}",
            session_ttl=_SESSION_TTL_S,
            static_dir=_STATIC_DIR,
            sso_auto_approve=sso_auto_approve,
        )
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._state = "new"
        self._lock = threading.Lock()

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> LocalHub:
        """Serve on a background thread; returns once the hub accepts connections."""
        with self._lock:
            if self._state == "running":
                return self
            if self._state == "stopped":
                raise RuntimeError("this LocalHub was stopped; create a new one")
            sock = listen(self._host, self._requested_port)
            self._port = int(sock.getsockname()[1])
            app = jupyter_proxy.OwnProxyOnly(
                hub_app.build_app(
                    self._ctx,
                    max_upload_bytes=self._max_upload_bytes,
                    instruments=self._instruments,
                ),
                jupyter_proxy.address(self._port) if self._behind_proxy else None,
            )
            self._server, self._thread = serve_in_thread(
                app,
                sock,
                name=f"graphistry-local-hub-{self._port}",
                tls=self._tls,
                counts=self._connections,
            )
            self._state = "running"
            if self._behind_proxy:  # logins to it open plots there (browser_addresses.py)
                browser_addresses.remember(self.protocol, self.server, self.browser_url)
            return self

    def stop(self) -> None:
        """Stop serving and release everything; idempotent, and quick even while requests hang."""
        with self._lock:
            if self._state == "stopped":
                return
            if self._instruments is not None:
                self._instruments.stopping.set()  # ends injected hangs
            if self._port is not None:
                browser_addresses.forget(self.protocol, self.server)
            if self._server is not None and self._thread is not None:
                stop_serving(self._server, self._thread)
            self._state = "stopped"
            self._discard_storage()

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __del__(self) -> None:
        # A forgotten hub must not leave a temporary directory behind.
        if getattr(self, "_state", "stopped") != "stopped":
            with contextlib.suppress(Exception):
                self.stop()

    def _discard_storage(self) -> None:
        self._store.close()
        if self._owns_data_dir:
            shutil.rmtree(self._data_dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        """Whether it serves now: started, and not stopped."""
        return self._state == "running"

    # -- where it is: the address the kernel calls, and the one browsers open its pages at --------

    @property
    def port(self) -> int:
        """The port it listens on (known once started)."""
        if self._port is None:
            raise RuntimeError("the hub has no port until start()")
        return self._port

    @property
    def host(self) -> str:
        """The address it listens on (``127.0.0.1`` unless given)."""
        return self._host

    @property
    def server(self) -> str:
        """``host:port``, what pygraphistry's ``register(server=...)`` takes."""
        host = "127.0.0.1" if self._host in ("0.0.0.0", "") else self._host  # noqa: S104
        if ":" in host:
            host = f"[{host}]"
        return f"{host}:{self.port}"

    @property
    def protocol(self) -> str:
        """``"https"`` for a hub started with ``tls=True``, else ``"http"``."""
        return "https" if self._tls else "http"

    @property
    def url(self) -> str:
        """``http(s)://host:port``."""
        return f"{self.protocol}://{self.server}"

    @property
    def ca_bundle(self) -> str | None:
        """Over https, the path of the CA certificate that signed the hub's (PEM): what clients
        pass as ``certificate_validation`` (pygraphistry) or ``verify`` (requests); else None."""
        return str(self._tls.ca_bundle) if self._tls else None

    @property
    def browser_url(self) -> str:
        """Where browsers open its pages: :attr:`url`, or behind Jupyter's proxy
        :meth:`browser_url_via_jupyter` (pygraphistry's ``client_protocol_hostname``)."""
        return self.browser_url_via_jupyter() if self._behind_proxy else self.url

    def browser_url_via_jupyter(self, base_url: str | None = None) -> str:
        """Its address through the notebook server's jupyter-server-proxy, ``<base_url>proxy/
        <port>``; ``base_url`` (``/user/alice/`` or ``https://host/user/alice/``) defaults to
        the base URL of the Jupyter server that runs this kernel (jupyter_proxy.py)."""
        return jupyter_proxy.address(self.port, base_url)

    # -- what it keeps ----------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        """Where metadata and Arrow tables are kept."""
        return self._data_dir

    def datasets(self) -> list[dict[str, Any]]:
        """Every dataset: ``id, owner, org, privacy, name, edges, nodes`` (row counts)."""
        return [d.summary() for d in self._store.datasets.all()]

    def read_table(self, dataset_id: str, kind: TableKind = "edges") -> pa.Table | None:
        """The stored edges or nodes table of a dataset, exactly as uploaded (None if absent)."""
        if self._store.datasets.get(dataset_id) is None:
            raise KeyError(f"no dataset {dataset_id}")
        return self._ctx.tables.read(dataset_id, kind)

    def delete_dataset(self, dataset_id: str) -> None:
        """Delete a dataset, its metadata and its tables (as ``DELETE /api/v2/datasets/{id}/``
        does for its owner); KeyError if the hub has no such dataset."""
        if not remove_dataset(self._ctx, dataset_id):
            raise KeyError(f"no dataset {dataset_id}")

    def routes(self) -> list[tuple[str, list[str]]]:
        """Every path this hub serves (a template like ``/api/v2/upload/files/{file_id}``, or a
        mount's prefix) with its methods, sorted: for tests and tools that cover every endpoint."""
        return hub_app.route_table(self._ctx)

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted so far (over https, each once its TLS handshake is done):
        a client that keeps its connections alive opens a few, not one per request."""
        return self._connections.accepted

    # -- users ------------------------------------------------------------------------------------

    def set_password(self, user: str, password: str) -> None:
        """Change ``user``'s password, ending everything the old one opened.

        Every session token and view grant issued to ``user`` before the change stops working
        at once (each carries the user's token generation, which this raises), and so do their
        browser sessions on the hub and any SSO login they approved but the notebook has not
        collected yet. Logins with the new password work as before. Raises ``ValueError`` for
        an unknown user or an empty password.
        """
        self._store.set_password(user, password)

    def create_personal_key(self, user: str) -> tuple[str, str]:
        """A new personal key ``(id, secret)`` for ``user``; the hub keeps only a hash."""
        return self._store.users.create_personal_key(user)

    def issue_token(self, user: str, ttl: float | None = None) -> str:
        """A JWT for ``user``, valid ``ttl`` seconds (default ``token_ttl``; negative: expired)."""
        identity = self._store.users.identity(user)
        if identity is None:
            raise ValueError(f"unknown user {user!r}")
        return self._ctx.tokens.issue(identity.id, user, generation=identity.generation, ttl=ttl)

    # -- test instruments (instruments=True) ------------------------------------------------------

    def _instrument(self, name: str) -> Instruments:
        if self._instruments is None:
            raise RuntimeError(
                f"hub.{name} is a test instrument, which this hub was made without: "
                "make it with LocalHub(..., instruments=True)"
            )
        return self._instruments

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request answered so far (no headers, bodies or query strings)."""
        return self._instrument("requests").log.snapshot()

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self._instrument("clear_requests()").log.clear()

    @property
    def faults(self) -> FaultRegistry:
        """Injected faults: ``hub.faults.inject(path, "hang" | "status" | "drop", ...)``."""
        return self._instrument("faults").faults

    @property
    def latency_ms(self) -> float:
        """The delay added to every API reply, in milliseconds (0 without instruments); set it
        at any time on a hub with instruments."""
        return self._latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        self._instrument("latency_ms")
        self._latency_ms = float(value)

    def __repr__(self) -> str:
        # Names only: passwords are never kept, and a repr must not show secrets anyway.
        where = f"{self._host}:{self._port}" if self._port is not None else self._host
        if self._state == "stopped":
            return f"<LocalHub stopped at {where}>"
        return (
            f"<LocalHub {self._state} at {where}, users={self._store.users.names()}, "
            f"orgs={sorted(self._store.users.orgs())}>"
        )
