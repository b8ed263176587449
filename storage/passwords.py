"""Password hashing with scrypt (a memory-hard KDF from the standard library).

Stored as ``scrypt$n$r$p$salt$hash`` (salt and hash base64), so the cost can be raised
later without breaking existing hashes: verification reads the parameters it needs.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["hash_password", "verify_password", "MIN_LENGTH"]

MIN_LENGTH = 10
_N, _R, _P = 2**14, 8, 1  # 16 MiB of memory per hash
_DKLEN = 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# Spent on unknown e-mail addresses so a failed sign-in takes as long either way.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
