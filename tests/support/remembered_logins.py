"""What tests of remembered logins share besides the ``config_home`` fixture (tests/conftest.py:
an empty user config directory with no keyring, as on a headless machine): the file remembered
logins are indexed in, and a keyring backend that keeps its passwords in this process (a real
backend of keyring's API)."""

from __future__ import annotations

from pathlib import Path

import keyring.backend

from graphistry_jupyter.session.remembered import INDEX, SERVICE


def remembered_file(config_home: Path) -> Path:
    """Where remembered logins are indexed (the tokens go to the keyring when there is one)."""
    return config_home / SERVICE / INDEX


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Keeps passwords in this process."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)
