"""The cookie that keeps a local account signed in across a page refresh: the sign-in name,
an expiry and a stamp of the account's password hash, signed with HMAC-SHA256 under a secret
from the app's secrets. A cookie that is altered, expired, signed with another secret or made
before the account's password changed signs nobody in. Pure: the caller gives the clock."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

NAME = "pmf_session"
VERSION = "v1"
DEFAULT_HOURS = 8.0  # a working day
MIN_SECRET = 16  # characters: a shorter secret is refused rather than used


@dataclass(frozen=True)
class Session:
    """What a valid cookie says: who, until when (seconds since 1970), and the account's stamp."""

    user: str
    expires: int
    stamp: str


def stamp(password_hash: str) -> str:
    """A short digest of an account's password hash: a new password makes old cookies void."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, body: str) -> str:
    key = secret.encode("utf-8")
    return _b64(hmac.new(key, f"{VERSION}.{body}".encode("ascii"), hashlib.sha256).digest())


def usable_secret(secret: object) -> bool:
    """Whether ``secret`` is long enough to sign cookies with."""
    return isinstance(secret, str) and len(secret.strip()) >= MIN_SECRET


def sign(user: str, account_stamp: str, secret: str, now: float, hours: float) -> str:
    """The cookie's value for ``user``, valid for ``hours`` from ``now``."""
    if not usable_secret(secret):
        raise ValueError(f"the cookie secret must be at least {MIN_SECRET} characters")
    payload = {"u": user, "x": int(now + hours * 3600), "k": account_stamp}
    body = _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii"))
    return f"{VERSION}.{body}.{_mac(secret, body)}"


def verify(value: object, secret: object, now: float) -> Session | None:
    """What the cookie ``value`` says when its signature is right and it has not expired,
    else None (never an exception, whatever the browser sent)."""
    if not isinstance(value, str) or not value.isascii() or value.count(".") != 2:
        return None
    if not usable_secret(secret):
        return None
    version, body, mac = value.split(".")
    if version != VERSION or not hmac.compare_digest(mac, _mac(str(secret), body)):
        return None
    try:
        payload = json.loads(_unb64(body))
        user, expires, account_stamp = payload["u"], payload["x"], payload["k"]
    except (ValueError, KeyError, TypeError):
        return None
    valid = isinstance(user, str) and isinstance(expires, int) and isinstance(account_stamp, str)
    if not valid or expires <= now:
        return None
    return Session(user, expires, account_stamp)


def max_age(session_value: str, secret: str, now: float) -> int:
    """Seconds the browser should keep the cookie (0: drop it)."""
    found = verify(session_value, secret, now)
    return max(0, int(found.expires - now)) if found else 0
