"""The monthly cycle's rules over the store: what an officer enters for a period, checked as a
file load checks an observation row (the same validator), its computed status (the same RAG
rule), and each step of a return, which checks the person's role and the measure's inputter
or checker at the moment it is made, whatever a page showed."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

from pmf_core.ingest.cells import Cells
from pmf_core.ingest.problems import Problem
from pmf_core.ingest.validate import validate_observations
from pmf_core.rules import cumulative, people, rag
from pmf_core.rules.entry_window import Window, is_late, window
from pmf_core.rules.periods import Period, PeriodError, current_month, parse_period
from pmf_core.rules.roles import ANALYST, Person
from pmf_core.store import Store, reads, settings
from pmf_core.store import returns as stored
from pmf_core.store.returns import Entry, ReturnKey, ReturnStepError

__all__ = ["Checked", "Form", "Measure", "ReturnRefused", "ReturnStepError"]

NEEDS_ACTION = (rag.RED, rag.AMBER)


class ReturnRefused(ValueError):
    """A step refused: the wrong person, or what was entered; every reason in plain words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Form:
    """What an officer typed, as text."""

    value: str = ""
    numerator: str = ""
    denominator: str = ""
    commentary: str = ""
    note: str = ""
    explanation: str = ""
    action_plan: str = ""


@dataclass(frozen=True)
class Measure:
    """A measure's period as a return needs it: its definition, target, previous value and
    entry window."""

    definition: dict
    period: Period
    target: float | None
    previous: float | None
    window: Window
    target_upper: float | None = None  # a range's upper bound

    @property
    def key(self) -> ReturnKey:
        """The return's key in the store."""
        return ReturnKey(self.definition["indicator_id"], self.period.key, self.period.end)


@dataclass(frozen=True)
class Checked:
    """A form read and checked: the entry to keep, its computed status, and every problem."""

    entry: Entry
    status: str
    problems: tuple[str, ...]
    row: pd.DataFrame

    @property
    def ok(self) -> bool:
        """Whether nothing stands in the way."""
        return not self.problems


def measure(store: Store, indicator_id: str, period_key: str) -> Measure:
    """One measure's period; ReturnRefused naming what is unknown."""
    found = reads.indicator(store, indicator_id)
    if found.empty:
        raise ReturnRefused([f'indicator_id: "{indicator_id}" is not a known indicator.'])
    definition = found.iloc[0].to_dict()
    try:
        period = parse_period(period_key, definition["frequency"])
    except PeriodError as exc:
        raise ReturnRefused([f'period: "{period_key}": {exc}']) from None
    values = stored.current_values(store, [indicator_id]).set_index("period")["value"]
    target, upper = period_target(stored.targets(store, [indicator_id]), definition, period)
    return Measure(
        definition,
        period,
        target,
        _number(values.get(period.previous().key)),
        window_for(store, period, definition.get("lag_months")),
        upper,
    )


def period_target(
    targets: pd.DataFrame, definition: dict, period: Period
) -> tuple[float | None, float | None]:
    """The target (and a range's upper bound) a period is judged against, as every page
    resolves it: the period's profile, else the year's (evenly profiled for a year to date)."""
    year = targets[targets["financial_year"] == period.financial_year]
    own = year[year["period"] == period.key]
    annual = year[year["period"].fillna("") == ""]

    def first(frame: pd.DataFrame, column: str) -> float:
        return float(frame[column].iloc[0]) if len(frame) else math.nan

    resolved = cumulative.resolve_targets(
        pd.DataFrame(
            {
                "row_target": [math.nan],
                "period_target": [first(own, "target")],
                "annual_target": [first(annual, "target")],
                "period_upper": [first(own, "target_upper")],
                "annual_upper": [first(annual, "target_upper")],
                "end_index": [period.end],
                "accumulation": [definition.get("accumulation")],
            }
        )
    ).iloc[0]
    return _number(resolved["target"]), _number(resolved["target_upper"])


def window_for(store: Store, period: Period, lag_months) -> Window:
    """A period's entry window under the council's settings."""
    lag = 0 if lag_months is None or pd.isna(lag_months) else int(lag_months)
    return window(
        period,
        settings.days(store, settings.ENTRY_DUE_DAY),
        settings.days(store, settings.CHECK_DAYS),
        lag,
    )


def _number(value) -> float | None:
    """A stored number as a float, or None when missing."""
    return None if value is None or pd.isna(value) else float(value)


def check(m: Measure, form: Form, *, submit: bool, today: date | None = None) -> Checked:
    """Read a form as a file load reads an observation row, with its status; a draft may
    still lack its value, and only a submission needs an explanation and action plan for a
    computed Red or Amber."""
    problems, value_text, parts = _rate_parts(form, m.definition.get("unit"))
    cells = Cells(
        pd.DataFrame(
            {
                "row": [1],
                "indicator_id": [m.definition["indicator_id"]],
                "period": [m.period.key],
                "value": [value_text],
                "commentary": [form.commentary],
                "note": [form.note],
                "action": [form.action_plan],
            }
        )
    )
    known = {m.definition["indicator_id"]: m.definition["frequency"]}
    row = validate_observations(cells, known, current_month(today))
    # A draft may lack its value; so may a rate whose parts were refused (they say why).
    problems += [p for p in cells.problems if p.column != "note" or (submit and not problems)]
    value = _number(row["value"].iloc[0])
    status = _status(m, value)
    entry = Entry(
        value,
        parts[0],
        parts[1],
        row["commentary"].iloc[0],
        row["note"].iloc[0],
        form.explanation.strip() or None,
        form.action_plan.strip() or None,
    )
    words = [f"{p.column}: {p.message}" for p in problems]
    if submit and status in NEEDS_ACTION:
        words += [
            f"{name.replace('_', ' ')}: is empty; a {status} return needs one"
            for name in ("explanation", "action_plan")
            if not getattr(form, name).strip()
        ]
    return Checked(entry.typed(), status, tuple(words), row)


def _rate_parts(form: Form, unit) -> tuple[list[Problem], str, tuple]:
    """A value from a numerator and denominator (a percentage when the unit is %), with the
    problems of reading them; the value's text as typed when they are not given."""
    if not (form.numerator.strip() or form.denominator.strip()):
        return [], form.value, (None, None)
    cells = Cells(
        pd.DataFrame({"row": [1], "numerator": [form.numerator], "denominator": [form.denominator]})
    )
    numerator = float(cells.number("numerator")[0])
    denominator = float(cells.number("denominator", minimum=0)[0])
    problems = list(cells.problems)
    for name in ("numerator", "denominator"):
        if not getattr(form, name).strip():
            problems.append(Problem(1, name, "", "is empty; give both parts of the rate"))
    if form.value.strip():
        problems.append(
            Problem(1, "value", form.value, "give the value or its numerator and denominator")
        )
    if denominator == 0:
        problems.append(Problem(1, "denominator", "0", '"0" cannot divide; give the count'))
    if problems or math.isnan(numerator) or math.isnan(denominator):
        return problems, "", (_number(numerator), _number(denominator))
    scale = 100.0 if str(unit).strip() == "%" else 1.0
    return [], repr(numerator / denominator * scale), (numerator, denominator)


def _status(m: Measure, value: float | None) -> str:
    """The computed RAG of a value for the period (the rule every page uses)."""
    d = m.definition
    return rag.rag_status(
        value,
        m.target,
        d.get("polarity") or "none",
        kind=d.get("kind") or "kpi",
        tolerance=d.get("amber_tolerance"),
        tolerance_type=d.get("tolerance_type"),
        stretch=_number(d.get("stretch")),
        decimals=d.get("decimals"),
        target_upper=m.target_upper,
    )


def form_of(entry: Entry) -> Form:
    """The form an entry was read from (a rate as its parts)."""
    parts = entry.numerator is not None or entry.denominator is not None
    text = {f.name: getattr(entry, f.name) for f in fields(Entry)}
    return Form(
        **{
            name: "" if value is None or (parts and name == "value") else _text(value)
            for name, value in text.items()
        }
    )


def _text(value) -> str:
    """A stored value as a form shows it: a number at full precision, text as kept."""
    if isinstance(value, float):  # numpy's too: shown as Python writes the number
        number = float(value)
        return repr(int(number)) if number.is_integer() else repr(number)
    return str(value)


def save(
    store: Store,
    person: Person | None,
    indicator_id: str,
    period_key: str,
    form: Form,
    *,
    submit: bool,
    today: date | None = None,
) -> str:
    """Save a draft or submit, as ``person``; the new state. ReturnRefused for the wrong
    person or what the form holds, ReturnStepError for a return no longer theirs to change."""
    m = measure(store, indicator_id, period_key)
    if not people.may_enter(person, m.definition.get("inputter")):
        raise ReturnRefused(
            [
                f"Only an officer named as an inputter of {indicator_id}, or an analyst, can "
                "enter its returns. Nothing was saved."
            ]
        )
    checked = check(m, form, submit=submit, today=today)
    if not checked.ok:
        raise ReturnRefused(list(checked.problems))
    late = submit and is_late(m.window, today or date.today())
    assert person is not None  # may_enter said so
    return stored.save(store, m.key, checked.entry, person.name, submit=submit, late=late)


def _checker(store: Store, person: Person | None, indicator_id: str, period_key: str) -> Measure:
    """The measure's period when ``person`` may sign it off, else ReturnRefused."""
    m = measure(store, indicator_id, period_key)
    if not people.may_check(person, m.definition.get("checker")):
        raise ReturnRefused(
            [
                f"Only a checker named for {indicator_id}, or an analyst, can sign off its "
                "returns. Nothing was changed."
            ]
        )
    return m


def approve(
    store: Store,
    person: Person | None,
    indicator_id: str,
    period_key: str,
    seen: Entry,
    today: date | None = None,
) -> int:
    """Approve a submitted return as the checker saw it: its value goes live as a one-row
    batch loaded by the approver; the batch's id."""
    m = _checker(store, person, indicator_id, period_key)
    checked = check(m, form_of(seen), submit=True, today=today)
    if not checked.ok:
        raise ReturnRefused(list(checked.problems))
    assert person is not None
    return stored.approve(store, m.key, seen, checked.row, person.name)


def send_back(
    store: Store, person: Person | None, indicator_id: str, period_key: str, reason: str
) -> None:
    """Return a submitted return to its officer with a reason."""
    m = _checker(store, person, indicator_id, period_key)
    assert person is not None
    stored.send_back(store, m.key, reason, person.name)


def reopen(
    store: Store, person: Person | None, indicator_id: str, period_key: str, reason: str
) -> None:
    """An analyst reopens an approved return, with a reason."""
    if person is None or not person.has(ANALYST):
        raise ReturnRefused(["Only an analyst can reopen an approved return. Nothing was changed."])
    m = measure(store, indicator_id, period_key)
    stored.reopen(store, m.key, reason, person.name)


def entry_of(row) -> Entry:
    """The entry a stored return holds."""
    return Entry(*[None if pd.isna(row[name]) else row[name] for name in stored.ENTRY_COLUMNS])
