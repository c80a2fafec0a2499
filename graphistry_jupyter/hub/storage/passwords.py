"""Password and key-secret hashing: scrypt with a fresh random salt, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# scrypt cost: about 16 MiB and tens of milliseconds per check; enough for a local hub.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32


def hash_secret(secret: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    """``(salt, hash)`` of a password or key secret with scrypt and a fresh random salt."""
    salt = secrets.token_bytes(_SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=_HASH_BYTES
    )
    return salt, digest


def check_secret(secret: str, salt: bytes, expected: bytes) -> bool:
    """Whether ``secret`` hashes to ``expected``, compared in constant time."""
    return hmac.compare_digest(hash_secret(secret, salt)[1], expected)


def burn_check_time(secret: str) -> None:
    """Spend a check's worth of time for an unknown user or key, so timing does not tell."""
    check_secret(secret, b"\0" * _SALT_BYTES, b"\0" * _HASH_BYTES)
