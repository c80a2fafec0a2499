"""Where a local hub is: the address the kernel calls (``host:port``, what pygraphistry's
``register(server=...)`` takes) and the one browsers open its pages at, which differs when they go
through the notebook server's proxy (jupyter_proxy.py)."""

from __future__ import annotations

from .server import jupyter_proxy
from .server.tls import HubCertificate


class HubAddress:
    """The address part of ``LocalHub`` (server.py), which sets these attributes."""

    _host: str
    _port: int | None
    _behind_proxy: bool
    _tls: HubCertificate | None

    @property
    def port(self) -> int:
        """The port it listens on (known once started)."""
        if self._port is None:
            raise RuntimeError("the hub has no port until start()")
        return self._port

    @property
    def host(self) -> str:
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
        the base URL of the Jupyter server that runs this kernel (hub/jupyter_proxy.py)."""
        return jupyter_proxy.address(self.port, base_url)
