"""Who enters and who checks a measure's returns: the indicators columns ``inputter`` and
``checker``, each a ``;``-separated list of sign-in names or e-mail addresses. Pure."""

from __future__ import annotations

import re

from pmf_core.rules.roles import ANALYST, CHECKER, OFFICER, Person

SEPARATOR = ";"
MAX_ENTRY = 100
_EMAIL = re.compile(r"^[^@\s;]+@[^@\s;]+\.[^@\s;]+$")
_SIGN_IN_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$", re.ASCII)


def entries(text: object) -> list[str]:
    """The names in a list as written ("a@x.org; jsmith"), trimmed, blanks left out."""
    if not isinstance(text, str):
        return []
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def bad_entry(text: object) -> str | None:
    """The first name in a list that is neither an e-mail address nor a sign-in name (letters,
    digits, ".", "_", "-"), or None when every one is."""
    for entry in entries(text):
        if len(entry) > MAX_ENTRY or not (_EMAIL.match(entry) or _SIGN_IN_NAME.match(entry)):
            return entry
    return None


def joined(text: object) -> str | None:
    """A list as stored: its names joined by ";" (None when it names nobody)."""
    names = entries(text)
    return SEPARATOR.join(names) if names else None


def named_in(person: Person | None, text: object) -> bool:
    """Whether a list names this person, by sign-in name or e-mail address, in any case."""
    if person is None:
        return False
    own = {person.user.casefold(), person.email.casefold()} - {""}
    return any(entry.casefold() in own for entry in entries(text))


def may_enter(person: Person | None, inputters: object) -> bool:
    """An analyst, or an officer the measure names as an inputter, may enter its returns."""
    if person is None:
        return False
    return person.has(ANALYST) or (person.has(OFFICER) and named_in(person, inputters))


def may_check(person: Person | None, checkers: object) -> bool:
    """An analyst, or a checker the measure names as a checker, may sign its returns off."""
    if person is None:
        return False
    return person.has(ANALYST) or (person.has(CHECKER) and named_in(person, checkers))
