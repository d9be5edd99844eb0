"""What is wrong with an uploaded file, worded for the analyst who has to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: spreadsheet row (header is 1), column, the value as written, and why."""

    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
        prefix = ", ".join(place)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value,
                "problem": self.message}


class FileRefused(Exception):
    """The file cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:3]))
        self.problems = problems
