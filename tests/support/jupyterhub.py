"""A real JupyterHub for browser tests: PyPI's ``jupyterhub`` with npm's
``configurable-http-proxy`` (``ci/jupyterhub/``, installed by ``scripts/setup.sh test``), the
DummyAuthenticator (one shared password) and the SimpleLocalProcessSpawner, which runs each
user's JupyterLab as this same OS user in a home folder of its own. So two users' kernels share
this machine's 127.0.0.1, as on a JupyterHub whose spawner keeps users on one host.

The hub and its proxy listen on 127.0.0.1 only, in a private folder under ``.work/``; the users'
servers run this interpreter's ``jupyterhub-singleuser`` with private Jupyter dirs and no
``GRAPHISTRY_*`` variable. Stopping SIGTERMs the hub, which stops the users' servers and the
proxy; whatever is left is killed (``stop_jupyter``).
"""

from __future__ import annotations

import contextlib
import secrets
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.jupyter import (
    WORK_DIR,
    JupyterServer,
    JupyterServerError,
    free_port,
    private_env,
    seed_user_settings,
    spawn_server,
    stop_jupyter,
)
from tests.support.waiting import wait_for_server

REPO_ROOT = Path(__file__).resolve().parents[2]
PROXY_COMMAND = (
    REPO_ROOT / "ci" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"
)
USERS = ("alice", "bob")
# A user's server starting (JupyterLab and its extensions) on a loaded 2-core machine.
SPAWN_TIMEOUT_MS = 120_000

_CONFIG = """\
c = get_config()  # noqa: F821 - JupyterHub's config loader defines it
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///{home}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{home}/cookie_secret"
c.JupyterHub.pid_file = "{home}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{home}/users/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
c.Spawner.args = [
    "--allow-root",
    "--LabApp.expose_app_in_browser=True",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
c.Spawner.environment = {environment!r}
"""


@dataclass
class JupyterHubServer:
    """A running JupyterHub: its public URL, the users' shared password, and its process."""

    url: str
    password: str
    home: Path
    process: JupyterServer
    """The hub process, as the Jupyter helpers stop it (with everything it started)."""

    def user_home(self, user: str) -> Path:
        """The folder ``user``'s JupyterLab serves (created on first use)."""
        path = self.home / "users" / user
        path.mkdir(parents=True, exist_ok=True)
        return path

    def user_server(self, user: str) -> JupyterServer:
        """``user``'s JupyterLab as the notebook helpers address it: under ``/user/NAME``,
        signed in by the browser's hub cookie (no token)."""
        return JupyterServer(
            app="lab",
            base_url=f"{self.url}/user/{user}",
            token="",
            root_dir=self.user_home(user),
            home=self.home,
            log_path=self.process.log_path,
            process=self.process.process,
        )

    def sign_in(self, page: Page, user: str) -> None:
        """Sign ``user`` in through the hub's login form and wait until their JupyterLab is up
        (the hub spawns it on first sign-in)."""
        page.goto(f"{self.url}/hub/login", wait_until="domcontentloaded")
        page.get_by_label("Username").fill(user)
        page.get_by_label("Password").fill(self.password)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{self.url}/user/{user}/lab", timeout=SPAWN_TIMEOUT_MS)

    def log_text(self) -> str:
        return self.process.log_text()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def running_jupyterhub(startup_timeout: float = 90.0) -> Iterator[JupyterHubServer]:
    """JupyterHub with users alice and bob, stopped (with their servers) when the block ends;
    its folder (config, database, log) is kept and named if anything went wrong."""
    if not PROXY_COMMAND.exists():
        raise JupyterServerError(
            f"{PROXY_COMMAND} is missing: scripts/setup.sh test installs it "
            "(npm ci in ci/jupyterhub)"
        )
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="jupyterhub-", dir=WORK_DIR))
    port = free_port()
    password = secrets.token_urlsafe(12)
    user_dirs = private_env(
        home / "jupyter",
        {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "IPYTHONDIR": "ipython"},
    )
    seed_user_settings(Path(user_dirs["JUPYTER_CONFIG_DIR"]), save_widget_state=None)
    environment = {
        name: user_dirs[name] for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR")
    }
    (home / "tmp").mkdir()
    environment["TMPDIR"] = str(home / "tmp")
    config = home / "jupyterhub_config.py"
    config.write_text(
        _CONFIG.format(
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            proxy=str(PROXY_COMMAND),
            proxy_token=secrets.token_hex(16),
            home=home,
            password=password,
            users=set(USERS),
            singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"),
            environment=environment,
        ),
        encoding="utf-8",
    )
    env = private_env(home, {"TMPDIR": "tmp"})
    command = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)]
    log_path = home / "jupyterhub.log"
    process = spawn_server(command, home, env, log_path)
    as_server = JupyterServer(
        app="lab",
        base_url=f"http://127.0.0.1:{port}",
        token="",
        root_dir=home,
        home=home,
        log_path=log_path,
        process=process,
    )
    hub = JupyterHubServer(f"http://127.0.0.1:{port}", password, home, as_server)
    failed = True
    try:
        wait_for_server(
            lambda: _answers(f"{hub.url}/hub/health"),
            process,
            "JupyterHub",
            lambda: "\n".join(hub.log_text().splitlines()[-40:]),
            startup_timeout,
            JupyterServerError,
        )
        yield hub
        failed = False
    finally:
        if failed:
            print(f"JupyterHub's folder kept at {home}")
        stop_jupyter(as_server, grace=20.0, keep_home=failed)
