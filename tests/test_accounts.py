from pmf_core.rules.accounts import ITERATIONS, SignInGuard, hash_password, verify_password


def test_hash_verifies_only_the_right_password():
    stored = hash_password("correct horse 1")
    assert stored.startswith("pbkdf2_sha256$310000$") and "correct" not in stored
    assert verify_password("correct horse 1", stored)
    assert not verify_password("correct horse 2", stored)
    assert hash_password("correct horse 1") != stored  # salted


def test_malformed_hashes_never_verify():
    for stored in ("", "plain-text-password", "md5$1$a$b", "pbkdf2_sha256$x$y$z"):
        assert not verify_password("anything", stored)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


ACCOUNTS = {"jo": {"name": "Jo Analyst", "password_hash": hash_password("right", iterations=1000)}}


def test_five_wrong_passwords_lock_the_name_for_sixty_seconds():
    clock = FakeClock()
    guard = SignInGuard(clock)
    for _ in range(5):
        assert guard.wait_left("jo") == 0
        assert guard.sign_in(ACCOUNTS, "jo", "wrong") is None
    assert guard.wait_left("jo") == 60
    assert guard.sign_in(ACCOUNTS, "jo", "right") is None     # locked: even the right one
    assert guard.wait_left("Other") == 0                        # only that name waits
    clock.now += 59.5
    assert guard.wait_left(" JO ") == 0.5                       # same name, however typed
    assert guard.sign_in(ACCOUNTS, "jo", "right") is None
    clock.now += 0.5
    assert guard.sign_in(ACCOUNTS, "jo", "right")["name"] == "Jo Analyst"


def test_a_right_password_clears_earlier_failures():
    guard = SignInGuard(FakeClock())
    for _ in range(4):
        guard.sign_in(ACCOUNTS, "jo", "wrong")
    assert guard.sign_in(ACCOUNTS, "jo", "right")
    for _ in range(4):
        guard.sign_in(ACCOUNTS, "jo", "wrong")
    assert guard.wait_left("jo") == 0 and guard.sign_in(ACCOUNTS, "jo", "right")


def test_unknown_names_are_locked_too_and_cost_a_full_hash(monkeypatch):
    import hashlib
    guard = SignInGuard(FakeClock())
    calls = []
    real = hashlib.pbkdf2_hmac
    monkeypatch.setattr(hashlib, "pbkdf2_hmac",
                        lambda name, pw, salt, n: calls.append(n) or real(name, pw, salt, 1))
    assert guard.sign_in(ACCOUNTS, "nobody", "right") is None
    assert calls == [ITERATIONS]           # as many iterations as a real account's hash
    for _ in range(4):
        guard.sign_in(ACCOUNTS, "nobody", "x")
    assert guard.wait_left("nobody") == 60  # locked like a known name: nothing to tell apart
