"""Column-at-a-time readers for text cells: numbers, choices, periods. Each collects problems."""

from __future__ import annotations

import re
from typing import cast

import numpy as np
import pandas as pd

from pmf_core.ingest.limits import MAX_CELL_CHARS
from pmf_core.ingest.problems import Problem, excerpt
from pmf_core.rules.periods import PeriodError, parse_period
from pmf_core.rules.stored_text import clean_text

MISSING_WORDS = ("", "n/a", "na", "-")
_NUMBER = re.compile(
    r"^([+-]?)\s*£?\s*([+-]?)((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?)"
    r"\s*%?$"
)


class Cells:
    """The text cells of one file, with a growing list of problems about them."""

    def __init__(self, frame: pd.DataFrame, problems: list[Problem] | None = None):
        self.frame = frame
        self.rows = frame["row"].to_numpy()
        self.problems: list[Problem] = list(problems or [])
        self._reported = {(p.row, p.column) for p in self.problems}  # one problem per cell
        self._check_lengths()

    def _check_lengths(self) -> None:
        """Refuse any cell longer than Excel holds, so every export can hold every value."""
        for column in self.frame.columns.drop("row"):
            values = self.frame[column].astype(str)
            lengths = values.str.len().to_numpy()
            long = lengths > MAX_CELL_CHARS
            if long.any():
                self.report(
                    long,
                    column,
                    values,
                    f"is too long: a cell holds at most {MAX_CELL_CHARS:,} characters",
                )
                self._reported.update((int(r), column) for r in self.rows[long])

    def text(self, column: str) -> pd.Series:
        if column not in self.frame:
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=str)
        return self.frame[column].astype(str).str.strip()

    def report(self, mask, column: str, values: pd.Series, message: str) -> None:
        """Add a problem for every row where mask holds; message may use {value}."""
        mask = np.asarray(mask, dtype=bool)
        for row, value in zip(self.rows[mask], values[mask]):
            if (int(row), column) not in self._reported:
                self.problems.append(
                    Problem(int(row), column, value, message.replace("{value}", excerpt(value)))
                )

    def required(self, column: str) -> pd.Series:
        values = self.text(column)
        self.report(values == "", column, values, "is empty; it is required")
        return values

    def missing(self, column: str) -> np.ndarray:
        return self.text(column).str.lower().isin(MISSING_WORDS).to_numpy()

    def number(self, column: str, *, minimum: float | None = None) -> np.ndarray:
        """Numbers written as 4,469 or 41.40% or £12; missing words read as NaN."""
        values = self.text(column)
        given = ~self.missing(column)
        numbers = (
            pd.to_numeric(values.where(given), errors="coerce").astype(float).to_numpy(copy=True)
        )
        written_out = np.isnan(numbers) & given  # 4,469 or 41.40%: pandas cannot read
        if written_out.any():
            numbers[written_out] = [_read_number(v) for v in values[written_out]]
        unreadable = np.isnan(numbers) & given
        foreign = np.zeros(len(values), dtype=bool)
        if unreadable.any():
            foreign[unreadable] = [_foreign_digits(v) for v in values[unreadable]]
        self.report(unreadable & ~foreign, column, values, '"{value}" is not a number')
        self.report(
            foreign,
            column,
            values,
            '"{value}" has digits other than 0-9; type it with the digits 0 to 9',
        )
        infinite = np.isinf(numbers)
        self.report(infinite, column, values, '"{value}" is not a finite number')
        numbers[unreadable | infinite] = np.nan
        if minimum is not None:
            self.report(numbers < minimum, column, values, f'"{{value}}" is below {minimum:g}')
        return numbers

    def free_text(self, column: str) -> pd.Series:
        """A text column as stored: trimmed, control characters taken out (once, here)."""
        text = self.text(column)
        return clean_text(text) if column in self.frame else text

    def choice(
        self,
        column: str,
        allowed: tuple[str, ...],
        default: str | None = None,
        aliases: dict[str, str] | None = None,
    ) -> pd.Series:
        """A word from a fixed list, any case, spaces read as underscores where listed so."""
        values = self.text(column)
        lookup = {a.lower(): a for a in allowed}
        lookup.update({k.lower(): v for k, v in (aliases or {}).items()})
        keys = values.str.lower()
        words = {k: lookup.get(k, lookup.get(k.replace(" ", "_"))) for k in keys.unique()}
        chosen = keys.map(words)  # each distinct word looked up once, not once per row
        empty = values == ""
        if default is not None:
            chosen = chosen.where(~empty, default)
        self.report(
            chosen.isna() & ~empty, column, values, '"{value}" is not one of ' + ", ".join(allowed)
        )
        return chosen

    def periods(self, column: str, frequencies: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Canonical keys and end-month indexes, parsing each distinct (text, frequency) once."""
        values = self.text(column)
        keys = np.full(len(values), None, dtype=object)
        ends = np.full(len(values), -1, dtype=np.int64)
        parseable = np.flatnonzero(frequencies.notna().to_numpy() & (values != "").to_numpy())
        pairs = pd.DataFrame(
            {"text": values.to_numpy()[parseable], "frequency": frequencies.to_numpy()[parseable]}
        )
        groups = pairs.groupby(["text", "frequency"], sort=False).indices
        for key, found in groups.items():
            text, frequency = cast(tuple[str, str], key)  # the two grouping columns
            where = parseable[found]
            try:
                period = parse_period(text, frequency)
            except PeriodError as exc:
                mask = np.zeros(len(values), dtype=bool)
                mask[where] = True  # the message quotes the value short, as report does
                self.report(mask, column, values, str(exc).replace(f'"{text}"', '"{value}"'))
                continue
            keys[where] = period.key
            ends[where] = period.end
        return keys, ends


def _read_number(text: str) -> float:
    match = _NUMBER.match(text)
    if not match or (match.group(1) and match.group(2)) or match.group(3) in ("", "."):
        return np.nan
    sign = -1.0 if "-" in (match.group(1) + match.group(2)) else 1.0
    try:
        return sign * float(match.group(3).replace(",", ""))
    except ValueError:
        return np.nan


def _foreign_digits(text: str) -> bool:
    """Digits Python's float() reads but an analyst's spreadsheet would not: Arabic-Indic etc."""
    return any(char.isdigit() and not "0" <= char <= "9" for char in text)
