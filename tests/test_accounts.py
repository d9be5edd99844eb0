import hashlib

from pmf_core.rules.accounts import (
    BY_ADDRESS,
    BY_NAME,
    ITERATIONS,
    attempt_key,
    attempts_after,
    check_password,
    hash_password,
    verify_password,
    wait_left,
)


def test_hash_verifies_only_the_right_password():
    stored = hash_password("correct horse 1")
    assert stored.startswith("pbkdf2_sha256$310000$") and "correct" not in stored
    assert verify_password("correct horse 1", stored)
    assert not verify_password("correct horse 2", stored)
    assert hash_password("correct horse 1") != stored  # salted


def test_malformed_hashes_never_verify():
    for stored in ("", "plain-text-password", "md5$1$a$b", "pbkdf2_sha256$x$y$z"):
        assert not verify_password("anything", stored)


def test_five_attempts_then_a_minute_to_wait():
    # Attempts counted at t = 1000..1004; the fifth makes the name wait 60 s from t = 1004.
    attempts, last = 0, 0.0
    for now in range(1000, 1005):
        assert wait_left(BY_NAME, attempts, last, now) == 0
        attempts, last = attempts_after(BY_NAME, attempts, last, now), now
    assert attempts == 5
    assert wait_left(BY_NAME, attempts, last, 1004) == 60
    assert attempts_after(BY_NAME, attempts, last, 1063.5) is None  # 0.5 s left
    assert wait_left(BY_NAME, attempts, last, 1063.5) == 0.5
    assert attempts_after(BY_NAME, attempts, last, 1064) == 1  # a fresh set of tries


def test_a_quiet_minute_starts_the_count_again_and_a_clock_set_back_waits_no_longer():
    assert attempts_after(BY_NAME, 4, 1000.0, 1059.0) == 5
    assert attempts_after(BY_NAME, 4, 1000.0, 1060.0) == 1
    assert wait_left(BY_NAME, 5, 5000.0, 1000.0) == 60  # last "in the future"
    assert wait_left(BY_ADDRESS, 19, 1000.0, 1000.0) == 0
    assert wait_left(BY_ADDRESS, 20, 1000.0, 1000.0) == 60


def test_a_name_is_kept_as_a_hash_the_same_however_typed():
    key = attempt_key(BY_NAME, " JO ")
    assert key == attempt_key(BY_NAME, "jo") == hashlib.sha256(b"jo").hexdigest()
    assert attempt_key(BY_ADDRESS, "203.0.113.7") == hashlib.sha256(b"203.0.113.7").hexdigest()


ACCOUNTS = {"jo": {"name": "Jo Analyst", "password_hash": hash_password("right", iterations=1000)}}


def test_unknown_names_cost_a_full_hash(monkeypatch):
    calls = []
    real = hashlib.pbkdf2_hmac
    monkeypatch.setattr(
        hashlib, "pbkdf2_hmac", lambda name, pw, salt, n: calls.append(n) or real(name, pw, salt, 1)
    )
    assert check_password(ACCOUNTS, "nobody", "right") is None
    assert calls == [ITERATIONS]  # as many iterations as a real account's hash


def test_check_password_finds_the_account_only_with_its_password():
    assert check_password(ACCOUNTS, " jo ", "right")["name"] == "Jo Analyst"
    assert check_password(ACCOUNTS, "jo", "wrong") is None
    assert check_password({"jo": "not a table"}, "jo", "right") is None
