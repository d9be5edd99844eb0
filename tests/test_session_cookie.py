"""The local session cookie: signed, expiring, and void when altered or re-keyed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from pmf_core.rules.session_cookie import Session, max_age, sign, stamp, verify

SECRET = "a long random string for tests"
NOW = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC
STAMP = stamp("pbkdf2_sha256$1000$c2FsdA==$aGFzaA==")


def parts(value: str) -> tuple[str, dict, str]:
    version, body, mac = value.split(".")
    return version, json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))), mac


def test_the_cookie_holds_the_name_the_expiry_and_the_stamp_under_an_hmac():
    value = sign("jsmith", STAMP, SECRET, NOW, hours=8)
    version, payload, mac = parts(value)
    # 8 hours = 28,800 s after NOW.
    assert version == "v1" and payload == {"u": "jsmith", "x": 1_800_028_800, "k": STAMP}
    body = value.split(".")[1]
    expected = hmac.new(SECRET.encode(), f"v1.{body}".encode(), hashlib.sha256).digest()
    assert mac == base64.urlsafe_b64encode(expected).decode().rstrip("=")
    assert (
        len(STAMP) == 16
        and hashlib.sha256(b"pbkdf2_sha256$1000$c2FsdA==$aGFzaA==").hexdigest()[:16] == STAMP
    )
    assert verify(value, SECRET, NOW) == Session("jsmith", 1_800_028_800, STAMP)


def test_it_expires_at_its_hour():
    value = sign("jsmith", STAMP, SECRET, NOW, hours=1)
    assert verify(value, SECRET, NOW + 3599) is not None
    assert verify(value, SECRET, NOW + 3600) is None  # expired on the second
    assert max_age(value, SECRET, NOW + 3000) == 600
    assert max_age(value, SECRET, NOW + 3600) == 0


def test_an_altered_cookie_signs_nobody_in():
    value = sign("jsmith", STAMP, SECRET, NOW, hours=8)
    version, body, mac = value.split(".")
    # Another name, with the old signature.
    forged = base64.urlsafe_b64encode(
        json.dumps({"u": "jo", "x": 1_800_028_800, "k": STAMP}, separators=(",", ":")).encode()
    )
    assert verify(f"v1.{forged.decode().rstrip('=')}.{mac}", SECRET, NOW) is None
    # A later expiry, with the old signature.
    later = base64.urlsafe_b64encode(
        json.dumps({"u": "jsmith", "x": 1_900_000_000, "k": STAMP}, separators=(",", ":")).encode()
    )
    assert verify(f"v1.{later.decode().rstrip('=')}.{mac}", SECRET, NOW) is None
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    assert verify(f"{version}.{body}.{flipped}", SECRET, NOW) is None
    assert verify(f"v2.{body}.{mac}", SECRET, NOW) is None
    assert verify(value, "another secret of enough length", NOW) is None


@pytest.mark.parametrize(
    "junk", ["", "v1", "v1..", "v1.a.b.c", "v1.ü.x", "v1.%%%.abc", None, 7, "v1.e30.x"]
)
def test_junk_signs_nobody_in_and_raises_nothing(junk):
    assert verify(junk, SECRET, NOW) is None


def test_a_well_signed_payload_of_the_wrong_shape_signs_nobody_in():
    body = base64.urlsafe_b64encode(b'{"u":"jo","x":"soon","k":"s"}').decode().rstrip("=")
    mac = hmac.new(SECRET.encode(), f"v1.{body}".encode(), hashlib.sha256).digest()
    value = f"v1.{body}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"
    assert verify(value, SECRET, NOW) is None


def test_a_short_or_missing_secret_neither_signs_nor_verifies():
    with pytest.raises(ValueError):
        sign("jo", STAMP, "short", NOW, hours=8)
    value = sign("jo", STAMP, SECRET, NOW, hours=8)
    assert verify(value, None, NOW) is None and verify(value, "", NOW) is None
