"""Who gets a reminder and of what: each person named as an inputter or checker, reached at an
e-mail address (their local account's, or the name itself when it is an address), with their
returns due within a few days, their overdue returns and, as a checker, the returns waiting
for their sign-off. Built from the cycle's own lists (return_lists)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from pmf_core.ingest import return_lists
from pmf_core.ingest.return_lists import NOT_STARTED, OVERDUE
from pmf_core.rules import people
from pmf_core.rules.roles import CHECKER, Person, local_accounts
from pmf_core.store import Store, reads
from pmf_core.store.returns import DRAFT, RETURNED

DUE_SOON_DAYS = 3
# The states in which a return is still the officer's to send in.
NOT_IN = (NOT_STARTED, DRAFT, RETURNED)
KEY = ["indicator_id", "period"]


@dataclass
class Recipient:
    """One person's address, the name to greet them by, and every name that reaches them."""

    address: str
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class Reminder:
    """What one person is reminded of: each a frame of return rows (maybe empty)."""

    recipient: Recipient
    due_soon: pd.DataFrame
    overdue: pd.DataFrame
    to_sign_off: pd.DataFrame

    def is_empty(self) -> bool:
        """Whether there is nothing to remind them of."""
        return self.due_soon.empty and self.overdue.empty and self.to_sign_off.empty


def recipients(names: list[str], secrets: Mapping) -> tuple[list[Recipient], list[str]]:
    """The people a list of names reaches, one per address (in any case), and the names that
    reach no address (a sign-in name with no account, or an account with no ``email``)."""
    accounts = {user.casefold(): a for user, a in local_accounts(secrets).items()}
    by_address = {str(a.get("email") or "").strip().casefold(): a for a in accounts.values()}
    found: dict[str, Recipient] = {}
    unreached: list[str] = []
    for name in dict.fromkeys(names):
        account = accounts.get(name.casefold())
        address = str(account.get("email") or "").strip() if account else ""
        if not account and "@" in name:
            address, account = name, by_address.get(name.casefold())
        if not address:
            unreached.append(name)
            continue
        greeting = str(account.get("name") or address) if account else address
        kept = found.setdefault(address.casefold(), Recipient(address, greeting))
        kept.aliases.append(name)
    return list(found.values()), unreached


def named(store: Store) -> list[str]:
    """Every name the current indicators give as an inputter or checker, in order."""
    found = reads.indicators(store)
    listed = list(found["inputter"]) + list(found["checker"])
    return list(dict.fromkeys(n for text in listed for n in people.entries(text)))


def reminder_for(store: Store, recipient: Recipient, today: date) -> Reminder:
    """One person's reminder as at a day, from every name that reaches them."""
    mine = _union(
        [_as(store, recipient, alias, today, officer=True) for alias in recipient.aliases]
    )
    checks = _union([_as(store, recipient, a, today, officer=False) for a in recipient.aliases])
    open_ = mine[mine["state"].isin(NOT_IN)] if len(mine) else mine
    soon = (
        open_[[today <= d <= today + timedelta(days=DUE_SOON_DAYS) for d in open_["due"]]]
        if len(open_)
        else open_
    )
    late = open_[open_["mark"] == OVERDUE] if len(open_) else open_
    return Reminder(recipient, _ordered(soon), _ordered(late), _ordered(checks))


def _as(
    store: Store, recipient: Recipient, alias: str, today: date, *, officer: bool
) -> pd.DataFrame:
    """An officer's returns, or a checker's queue, for one name that reaches a person."""
    person = Person(alias, recipient.name, recipient.address, (CHECKER,))
    if officer:
        return return_lists.officer_returns(store, person, today)
    return return_lists.sign_off_queue(store, person, today)


def _union(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several lists, each return once."""
    kept = [f for f in frames if not f.empty]
    return pd.concat(kept).drop_duplicates(KEY) if kept else pd.DataFrame(columns=KEY)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows oldest due first, then by measure."""
    if frame.empty:
        return frame.reset_index(drop=True)
    return frame.sort_values(["due", "indicator_id"]).reset_index(drop=True)


def reminders(
    store: Store, secrets: Mapping, today: date
) -> tuple[list[Reminder], list[tuple[str, Reminder]]]:
    """Every person with something to be reminded of; and each name that reaches no address
    with what it would have been reminded of."""
    reached, unreached = recipients(named(store), secrets)
    found = [reminder_for(store, r, today) for r in reached]
    lost = [(n, reminder_for(store, Recipient("", n, [n]), today)) for n in unreached]
    return [r for r in found if not r.is_empty()], [(n, r) for n, r in lost if not r.is_empty()]
