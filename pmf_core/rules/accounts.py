"""Local analyst accounts: passwords kept only as salted PBKDF2-SHA256 hashes, and a lockout
after repeated wrong passwords."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping

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


MAX_FAILURES = 5        # wrong passwords in a row for one user name ...
LOCK_SECONDS = 60.0     # ... then that name waits this long
_DUMMY_SALT = b"pmf-no-such-user"


@functools.cache
def _dummy_hash(iterations: int) -> str:
    """A hash no password matches, to check unknown names against at a known name's cost."""
    digest = secrets.token_bytes(32)
    return "$".join(["pbkdf2_sha256", str(iterations), base64.b64encode(_DUMMY_SALT).decode(),
                     base64.b64encode(digest).decode()])


class SignInGuard:
    """Sign-in against local accounts, with a lockout per user name (held in this process).

    After MAX_FAILURES wrong passwords for a name, that name is refused for LOCK_SECONDS
    without its password being checked. An unknown name is checked against a dummy hash of
    the same iterations, so timing does not tell which names exist. `clock` is injectable.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 max_failures: int = MAX_FAILURES, lock_seconds: float = LOCK_SECONDS):
        self.clock, self.max_failures, self.lock_seconds = clock, max_failures, lock_seconds
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str) -> str:
        return name.strip().casefold()

    def wait_left(self, name: str) -> float:
        """Seconds this name must still wait before a password is checked (0 when it may try)."""
        with self._lock:
            failures = self._failures.get(self._key(name), [])
            if len(failures) < self.max_failures:
                return 0.0
            left = failures[-1] + self.lock_seconds - self.clock()
            if left <= 0:
                self._failures.pop(self._key(name), None)   # waited: a fresh set of tries
                return 0.0
            return left

    def sign_in(self, accounts: Mapping, name: str, password: str) -> Mapping | None:
        """The account when name and password match and the name is not locked, else None."""
        if self.wait_left(name) > 0:
            return None
        account = accounts.get(name.strip())
        stored = account.get("password_hash", "") if isinstance(account, Mapping) else ""
        matched = verify_password(password, stored or _dummy_hash(ITERATIONS))
        with self._lock:
            if matched and account:
                self._failures.pop(self._key(name), None)
                return account
            self._failures.setdefault(self._key(name), []).append(self.clock())
        return None
