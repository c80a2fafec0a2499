"""pygraphistry's conventions for where to log in: its environment variables and config files.

``LoginWidget()`` with no arguments logs in where ``graphistry.register()`` would: pygraphistry's
own ``ClientSession`` reads ``GRAPHISTRY_HOSTNAME``, ``GRAPHISTRY_PROTOCOL``,
``GRAPHISTRY_CLIENT_PROTOCOL_HOSTNAME``, ``GRAPHISTRY_CERTIFICATE_VALIDATION`` and
``GRAPHISTRY_API_TOKEN`` (each from the environment first, then the same key in
``~/.pygraphistry``), so we ask it rather than read them again. With a token there, the login
widget logs in with it, as every plot of a pygraphistry client would upload with it. On top, two
names pygraphistry has no equivalent of, which Graphistry's examples use:
``GRAPHISTRY_SERVER`` (the hostname, only where pygraphistry has none: ``GRAPHISTRY_HOSTNAME`` in
the environment or a config file wins) and ``GRAPHISTRY_ORG_NAME``; and a personal key in
``GRAPHISTRY_PERSONAL_KEY_ID`` / ``GRAPHISTRY_PERSONAL_KEY_SECRET``, whose secret is read only at
the moment of a login (the ``environment`` row of methods.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from graphistry.client_session import ClientSession, get_from_env

HOSTNAME = "GRAPHISTRY_HOSTNAME"
SERVER = "GRAPHISTRY_SERVER"
API_TOKEN = "GRAPHISTRY_API_TOKEN"  # noqa: S105 (a variable's name)
ORG_NAME = "GRAPHISTRY_ORG_NAME"
PERSONAL_KEY_ID = "GRAPHISTRY_PERSONAL_KEY_ID"
PERSONAL_KEY_SECRET = "GRAPHISTRY_PERSONAL_KEY_SECRET"  # noqa: S105 (a variable's name)


@dataclass(frozen=True)
class LoginDefaults:
    """Where a login goes when the caller does not say."""

    server: str
    protocol: str
    org: str
    browser_address: str
    """``GRAPHISTRY_CLIENT_PROTOCOL_HOSTNAME``: pygraphistry's name for the browser address."""
    certificate_validation: bool
    personal_key_id: str
    """The environment's personal key ID (not a secret), when its secret is set too."""
    has_api_token: bool
    """Whether pygraphistry finds a session token (``GRAPHISTRY_API_TOKEN``); the token itself
    is read only when the login starts (:func:`environment_api_token`)."""


def login_defaults() -> LoginDefaults:
    """What the environment (and pygraphistry's config files) say, pygraphistry's own defaults
    otherwise."""
    session = ClientSession()  # reads the environment and config files, makes no request
    key_id = os.environ.get(PERSONAL_KEY_ID, "").strip()
    has_secret = bool(os.environ.get(PERSONAL_KEY_SECRET, "").strip())
    return LoginDefaults(
        # pygraphistry's hostname when the environment or a config file names one (its default
        # otherwise), so GRAPHISTRY_SERVER only fills in where pygraphistry has nothing.
        server=(get_from_env(HOSTNAME, str) or "").strip()
        or os.environ.get(SERVER, "").strip()
        or session.hostname,
        protocol=session.protocol,
        org=os.environ.get(ORG_NAME, "").strip(),
        browser_address=session.client_protocol_hostname or "",
        certificate_validation=session.certificate_validation,
        personal_key_id=key_id if has_secret else "",
        has_api_token=bool((session.api_token or "").strip()),
    )


def environment_api_token() -> str:
    """The session token pygraphistry finds (``GRAPHISTRY_API_TOKEN``, then config files), read
    now and never kept; ``""`` when there is none."""
    return (ClientSession().api_token or "").strip()
