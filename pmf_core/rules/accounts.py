"""Local analyst accounts: passwords kept only as salted PBKDF2-SHA256 hashes, and the rules of
the lockout after repeated wrong passwords (the counts themselves live in the store)."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

ITERATIONS = 310_000


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """A string to paste into secrets.toml: pbkdf2_sha256$iterations$salt$hash."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join(
        [
            "pbkdf2_sha256",
            str(iterations),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac(
            "sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


_DUMMY_SALT = b"pmf-no-such-user"


@functools.cache
def _dummy_hash(iterations: int) -> str:
    """A hash no password matches, to check unknown names against at a known name's cost."""
    digest = secrets.token_bytes(32)
    return "$".join(
        [
            "pbkdf2_sha256",
            str(iterations),
            base64.b64encode(_DUMMY_SALT).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def check_password(accounts: Mapping, name: str, password: str) -> Mapping | None:
    """The account when the password matches it, else None. An unknown name is checked
    against a dummy hash of the same iterations, so timing does not tell which names exist."""
    account = accounts.get(name.strip())
    stored = account.get("password_hash", "") if isinstance(account, Mapping) else ""
    matched = verify_password(password, stored or _dummy_hash(ITERATIONS))
    return account if matched and isinstance(account, Mapping) else None


@dataclass(frozen=True)
class Lockout:
    """How many counted attempts one name (or one address) may make before it waits, and how
    long. An attempt is counted before its password is checked; a right password takes its
    attempt back (and clears a name's count), so the count is of wrong or unfinished ones."""

    kind: str
    max_attempts: int
    lock_seconds: float


BY_NAME = Lockout("name", max_attempts=5, lock_seconds=60.0)
# An address may be a council office's one outside address: room for several people's slips.
BY_ADDRESS = Lockout("address", max_attempts=20, lock_seconds=60.0)
MAX_FAILURES, LOCK_SECONDS = BY_NAME.max_attempts, BY_NAME.lock_seconds


def attempt_key(rule: Lockout, value: str) -> str:
    """What a name's or an address's count is kept under: a hash (a name typed may be someone's
    password), the same for " JO " and "jo"."""
    text = value.strip().casefold() if rule.kind == BY_NAME.kind else value.strip()
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def wait_left(rule: Lockout, attempts: int, last_at: float, now: float) -> float:
    """Seconds before another attempt may be counted (0 when it may). The wait runs from the
    last counted attempt; a clock set back never makes it longer than the rule's."""
    if attempts < rule.max_attempts:
        return 0.0
    return max(0.0, min(last_at + rule.lock_seconds - now, rule.lock_seconds))


def attempts_after(rule: Lockout, attempts: int, last_at: float, now: float) -> int | None:
    """The count once this attempt is counted, or None when it must wait. A quiet spell as
    long as the wait starts the count again."""
    if wait_left(rule, attempts, last_at, now) > 0:
        return None
    return 1 if now - last_at >= rule.lock_seconds else attempts + 1
