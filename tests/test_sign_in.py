"""Sign-in with the lockout counted in the store: attempts sent at once, a restart, names and
addresses, and the cap on password checks running together."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from pmf_core.analysis import sign_in
from pmf_core.analysis.sign_in import SignIn
from pmf_core.rules.accounts import BY_ADDRESS, BY_NAME, attempt_key, hash_password
from pmf_core.store import Store, reads

CHEAP = 1000  # iterations: these tests are about counting, not hashing
ACCOUNTS = {
    name: {"name": name.title(), "password_hash": hash_password("right", iterations=CHEAP)}
    for name in ("jo", "n0", "n1", "n2", "n3", "n4")
}
HERE, THERE = "203.0.113.7", "198.51.100.9"


def roomy() -> threading.BoundedSemaphore:
    """Room for every thread's check, so the count alone decides who is checked."""
    return threading.BoundedSemaphore(64)


def test_thirty_wrong_at_once_get_five_checks_then_the_right_one_waits(store, monkeypatch):
    checked = []
    real = sign_in.check_password
    monkeypatch.setattr(
        sign_in, "check_password", lambda *args: checked.append(args[1]) or real(*args)
    )
    guard = SignIn(store, checks=roomy())
    start = threading.Barrier(30)

    def wrong(_: int):
        start.wait()
        return guard.attempt(ACCOUNTS, "jo", "wrong", HERE)

    with ThreadPoolExecutor(30) as pool:
        outcomes = list(pool.map(wrong, range(30)))
    assert len(checked) == 5  # not thirty
    assert sum(o.wait_kind == "name" for o in outcomes) == 25
    assert not any(o.account for o in outcomes)
    refused = guard.attempt(ACCOUNTS, "jo", "right", HERE)
    assert refused.account is None and refused.wait_kind == "name"
    assert 0 < refused.wait_seconds <= 60 and len(checked) == 5
    assert guard.attempt(ACCOUNTS, "n0", "right", HERE).account["name"] == "N0"


def test_the_lock_outlives_a_restart(store):
    clock = [1_000_000.0]
    guard = SignIn(store, clock=lambda: clock[0], checks=roomy())
    for _ in range(5):
        assert guard.attempt(ACCOUNTS, "jo", "wrong").account is None
    # The app stops and starts again: a new Store on the same file, nothing kept in memory.
    restarted = SignIn(Store(store.path), clock=lambda: clock[0], checks=roomy())
    assert restarted.wait_left("jo") == ("name", 60)
    refused = restarted.attempt(ACCOUNTS, "jo", "right")
    assert refused.account is None and refused.wait_seconds == 60
    clock[0] += 60
    assert restarted.attempt(ACCOUNTS, "jo", "right").account["name"] == "Jo"
    assert reads.sign_in_attempts(store, "name", attempt_key(BY_NAME, "jo")) == (0, 0.0)


def test_an_address_waits_after_twenty_counted_attempts_whatever_the_names(store):
    guard = SignIn(store, checks=roomy())
    for name in ("n0", "n1", "n2", "n3"):
        for _ in range(4):
            assert not guard.attempt(ACCOUNTS, name, "wrong", HERE).wait_kind
        guard.attempt(ACCOUNTS, name, "wrong", HERE)
    assert reads.sign_in_attempts(store, "address", attempt_key(BY_ADDRESS, HERE))[0] == 20
    refused = guard.attempt(ACCOUNTS, "n4", "right", HERE)  # a fresh name, same address
    assert refused.account is None and refused.wait_kind == "address"
    assert guard.attempt(ACCOUNTS, "n4", "right", THERE).account["name"] == "N4"
    assert guard.attempt(ACCOUNTS, "n0", "right", THERE).wait_kind == "name"


def test_a_right_password_gives_its_attempt_back_to_the_address(store):
    guard = SignIn(store, checks=roomy())
    for _ in range(3):
        guard.attempt(ACCOUNTS, "jo", "wrong", HERE)
    assert guard.attempt(ACCOUNTS, "jo", "right", HERE).account
    assert reads.sign_in_attempts(store, "name", attempt_key(BY_NAME, "jo")) == (0, 0.0)
    assert reads.sign_in_attempts(store, "address", attempt_key(BY_ADDRESS, HERE))[0] == 3


def test_checks_past_the_cap_are_refused_busy_and_not_counted(store, monkeypatch):
    release, inside = threading.Event(), threading.Event()
    real = sign_in.check_password

    def slow(*args):
        inside.set()
        release.wait(5)
        return real(*args)

    monkeypatch.setattr(sign_in, "check_password", slow)
    guard = SignIn(store, checks=threading.BoundedSemaphore(1), busy_wait=0.05)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(guard.attempt, ACCOUNTS, "jo", "right", HERE)
        assert inside.wait(5)
        busy = guard.attempt(ACCOUNTS, "n1", "right", THERE)
        release.set()
        assert first.result().account["name"] == "Jo"
    assert busy.busy and busy.account is None
    assert reads.sign_in_attempts(store, "name", attempt_key(BY_NAME, "n1"))[0] == 0
    assert reads.sign_in_attempts(store, "address", attempt_key(BY_ADDRESS, THERE))[0] == 0
