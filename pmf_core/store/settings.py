"""The council's own settings, a few named values kept in the store (the order of its
balanced-scorecard perspectives)."""

from __future__ import annotations

from datetime import datetime

from pmf_core.rules.stored_text import clean_typed
from pmf_core.store import Store, reads

PERSPECTIVES = "perspectives"
SEPARATOR = ";"
MAX_PERSPECTIVES, MAX_NAME = 40, 100


class SettingError(ValueError):
    """A setting that cannot be kept, with the reason in words."""


def value(store: Store, key: str) -> str | None:
    """A setting's value, or None when it was never set."""
    found = reads.query(store, "SELECT value FROM settings WHERE key = ?", [key])
    return None if found.empty else found["value"].iloc[0]


def set_value(store: Store, key: str, text: str, user: str) -> None:
    """Keep a setting, replacing what it was, in one transaction."""
    with store.transaction() as con:
        con.execute("DELETE FROM settings WHERE key = ?", [key])
        con.execute(
            "INSERT INTO settings VALUES (?, ?, ?, ?)",
            [key, text, clean_typed(user), datetime.now()],
        )


def perspective_names(text: str) -> list[str]:
    """The perspectives as written ("Customer;Financial;Internal Process"), each cleaned and
    trimmed as a file's text is, blanks and repeats (see same_name) left out; SettingError when
    none is left."""
    names: list[str] = []
    for part in str(text).split(SEPARATOR):
        name = (clean_typed(part) or "").strip()
        if name and same_name(name) not in {same_name(n) for n in names}:
            names.append(name)
    if not names:
        raise SettingError('give at least one perspective, such as "Customer;Financial"')
    if len(names) > MAX_PERSPECTIVES:
        raise SettingError(f"give at most {MAX_PERSPECTIVES} perspectives, not {len(names)}")
    long = [n for n in names if len(n) > MAX_NAME]
    if long:
        raise SettingError(f'"{long[0][:40]}..." is longer than {MAX_NAME} characters')
    return names


def same_name(name: str) -> str:
    """What two names that mean the same perspective share: case and spacing aside."""
    return " ".join(name.split()).casefold()


def perspectives(store: Store) -> list[str]:
    """The council's perspectives in its order (none set: an empty list)."""
    text = value(store, PERSPECTIVES)
    return perspective_names(text) if text else []


def set_perspectives(store: Store, text: str, user: str) -> list[str]:
    """Keep the order of the council's perspectives; the names kept."""
    names = perspective_names(text)
    set_value(store, PERSPECTIVES, SEPARATOR.join(names), user)
    return names


ENTRY_DUE_DAY, CHECK_DAYS = "entry_due_day", "check_days"
# Each day setting: its default and the whole numbers it may be (day 28 is in every month).
DAY_SETTINGS = {ENTRY_DUE_DAY: (10, 1, 28), CHECK_DAYS: (5, 0, 60)}


def day_number(key: str, text: object) -> int:
    """A day setting as written, checked: SettingError naming the setting and the value."""
    _, low, high = DAY_SETTINGS[key]
    written = str(text).strip()
    if not (written.isascii() and written.isdigit() and low <= int(written) <= high):
        raise SettingError(f'{key}: "{written[:40]}" is not a whole number from {low} to {high}')
    return int(written)


def days(store: Store, key: str) -> int:
    """A day setting's value (its default when never set)."""
    text = value(store, key)
    return DAY_SETTINGS[key][0] if text is None else day_number(key, text)


def set_days(store: Store, key: str, text: object, user: str) -> int:
    """Keep a day setting, checked first; the number kept."""
    number = day_number(key, text)
    set_value(store, key, str(number), user)
    return number
