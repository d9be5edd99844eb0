"""Sign-in against local accounts with a lockout that holds: each attempt is counted in the
store, per user name and per client address, before its password is checked, so neither
attempts sent at once nor a restart of the app get more tries; and only a few password checks
run at once, the rest refused as busy rather than queued."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pmf_core.rules.accounts import BY_ADDRESS, BY_NAME, Lockout, attempt_key, check_password
from pmf_core.rules.accounts import wait_left as rule_wait
from pmf_core.store import Store, reads
from pmf_core.store.writes import count_sign_in_attempt, take_back_sign_in_attempt

CHECKS_AT_ONCE = 2  # password checks running together (each about 0.3 s of one core)
BUSY_WAIT_SECONDS = 2.0  # how long an attempt waits for a free check before it is refused
_CHECKS = threading.BoundedSemaphore(CHECKS_AT_ONCE)


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: the account, or why not (a wait, or too many checks)."""

    account: Mapping | None = None
    wait_kind: str = ""  # "name" or "address" when one must wait
    wait_seconds: float = 0.0
    busy: bool = False


class SignIn:
    """Sign-in to one store's app. ``clock`` (seconds since 1970) and ``checks`` are injectable."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.time,
        checks: threading.Semaphore = _CHECKS,
        busy_wait: float = BUSY_WAIT_SECONDS,
    ) -> None:
        self.store, self.clock, self.checks, self.busy_wait = store, clock, checks, busy_wait

    def attempt(
        self, accounts: Mapping, name: str, password: str, address: str | None = None
    ) -> Outcome:
        """Count the attempt (or say how long to wait), then check the password."""
        keys = _keys(name, address)
        waiting = count_sign_in_attempt(self.store, keys, self.clock())
        if waiting is not None:
            return Outcome(wait_kind=waiting[0], wait_seconds=waiting[1])
        if not self.checks.acquire(timeout=self.busy_wait):
            take_back_sign_in_attempt(self.store, keys)
            return Outcome(busy=True)
        try:
            account = check_password(accounts, name, password)
        finally:
            self.checks.release()
        if account is not None:
            take_back_sign_in_attempt(self.store, keys, cleared=(BY_NAME.kind,))
        return Outcome(account=account)

    def wait_left(self, name: str, address: str | None = None) -> tuple[str, float]:
        """The kind that must wait longest and its seconds, ("", 0.0) when none must."""
        now = self.clock()
        waits = [
            (rule.kind, rule_wait(rule, *reads.sign_in_attempts(self.store, rule.kind, key), now))
            for rule, key in _keys(name, address)
        ]
        return max(waits, key=lambda kind_wait: kind_wait[1], default=("", 0.0))


def _keys(name: str, address: str | None) -> list[tuple[Lockout, str]]:
    """What an attempt counts against: the name, and the client's address when known."""
    keys = [(BY_NAME, attempt_key(BY_NAME, name))]
    if address:
        keys.append((BY_ADDRESS, attempt_key(BY_ADDRESS, address)))
    return keys
