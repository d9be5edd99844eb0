"""What is wrong with an uploaded file, worded for the analyst who has to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTED = 80  # characters of a value a message or a Problem repeats back
UNNAMED = (
    "the header cell is empty, but the column holds values (first at row {row}); name the column"
)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def excerpt(value) -> str:
    """A value as a message may quote it: controls made visible, at most 80 characters."""
    text = str(value)
    if len(text) > MAX_QUOTED:
        text = text[: MAX_QUOTED - 1] + "\u2026"
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True)
class Problem:
    """One problem: spreadsheet row (header is 1), column, the value as written, and why."""

    row: int | None
    column: str | None
    value: str | None
    message: str

    def __post_init__(self) -> None:
        # A 50 MB cell or header must never be echoed back whole.
        for name in ("column", "value"):
            text = getattr(self, name)
            if text is not None:
                object.__setattr__(self, name, excerpt(text))

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
        prefix = ", ".join(place)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "problem": self.message,
        }


class FileRefused(Exception):
    """The file cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:3]))
        self.problems = problems


def refused(message: str, row: int | None = None) -> FileRefused:
    """A file-level refusal with one problem, optionally at a row."""
    return FileRefused([Problem(row, None, None, message)])
