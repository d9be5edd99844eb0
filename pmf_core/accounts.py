"""Local analyst accounts: passwords kept only as salted PBKDF2-SHA256 hashes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ITERATIONS = 310_000


def hash_password(password: str, salt: bytes | None = None,
                  iterations: int = ITERATIONS) -> str:
    """A string to paste into secrets.toml: pbkdf2_sha256$iterations$salt$hash."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join(["pbkdf2_sha256", str(iterations),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"),
                                     base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
