"""The benchmarks and groups files, validated like every other kind: each problem with
its row and column, nothing written when there is one."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmf_core.ingest.cells import Cells
from pmf_core.ingest.problems import Problem
from pmf_core.ingest.validate import POLARITIES, _duplicates, _text_or_none
from pmf_core.rules.periods import PeriodError, month_label, parse_period

_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
_FINANCIAL_YEAR = re.compile(r"^\d{4}[/-]\d{2}$")
# A metric's definition is one per file: every row of a metric must say the same.
DEFINITION = ("metric_name", "unit", "polarity", "source")


def validate_benchmarks(cells: Cells, latest_allowed: int) -> pd.DataFrame:
    """One row per metric, area and period with a value; rows with no value are skipped."""
    out = pd.DataFrame(
        {"metric_id": _codes(cells, "metric_id"), "area_code": _codes(cells, "area_code")}
    )
    for column in ("metric_name", "area_name"):
        cells.required(column)
        out[column] = cells.free_text(column)
    for column in ("unit", "source"):
        out[column] = _text_or_none(cells.free_text(column))
    out["polarity"] = cells.choice("polarity", POLARITIES, default="none")
    _periods(cells, out, latest_allowed)
    out["value"] = cells.number("value")
    for column in DEFINITION:
        _same_for_metric(
            cells,
            out,
            column,
            out[column],
            cells.text(column),
            f"differs from the {column} given for this metric",
        )
    _same_for_metric(
        cells,
        out,
        "period",
        out["frequency"],
        cells.text("period"),
        "is not the same kind of period (month, quarter or financial year) as this metric's others",
    )
    _duplicates(
        cells,
        ["metric_id", "area_code", "period"],
        "period",
        "this metric, area and period appear again",
        keys=out,
    )
    return out[~np.isnan(out["value"].to_numpy())].reset_index(drop=True)


def validate_groups(cells: Cells, latest_allowed: int | None = None) -> pd.DataFrame:
    """One row per member of each group; a group's members are the rows that name it."""
    cells.required("group")
    out = pd.DataFrame(
        {"group_name": cells.free_text("group"), "area_code": _codes(cells, "area_code")}
    )
    out["area_name"] = _text_or_none(cells.free_text("area_name"))
    out["is_reference"] = cells.choice("reference", ("yes", "no"), default="no") == "yes"
    _duplicates(
        cells,
        ["group_name", "area_code"],
        "area_code",
        "this area appears again in this group",
        keys=out,
    )
    return out


BENCHMARK_VALIDATORS = {"benchmarks": validate_benchmarks, "groups": validate_groups}


def _codes(cells: Cells, column: str) -> pd.Series:
    codes = cells.required(column)
    bad = (codes != "") & ~codes.str.fullmatch(_CODE.pattern)
    cells.report(
        bad.to_numpy(),
        column,
        codes,
        '"{value}" is not a code; use 1 to 40 letters, digits, "_", "." or "-"',
    )
    return codes


def _periods(cells: Cells, out: pd.DataFrame, latest_allowed: int) -> None:
    """Canonical period keys; each period's frequency is read from how it is written."""
    texts = cells.required("period")
    kinds = {text: _frequency_of(text) for text in texts.unique()}
    out["frequency"] = texts.map(kinds).where(texts != "", None)
    keys, ends = cells.periods("period", out["frequency"])
    cells.report(
        ends > latest_allowed,
        "period",
        texts,
        f'"{{value}}" is in the future; the latest period allowed ends in '
        f"{month_label(latest_allowed)}",
    )
    out["period"], out["end_index"] = keys, ends


def _frequency_of(text: str) -> str:
    """annual for 2020/21, quarterly for 2020/21 Q2, monthly for Oct 2020 and the like."""
    tried = (
        ("annual", "monthly", "quarterly")
        if _FINANCIAL_YEAR.match(text)
        else ("monthly", "quarterly", "annual")
    )
    for frequency in tried:
        try:
            parse_period(text, frequency)
        except PeriodError:
            continue
        return frequency
    return "annual"  # unreadable: the problem then suggests a financial year, as Oflog uses


def _same_for_metric(
    cells: Cells, out: pd.DataFrame, column: str, values: pd.Series, shown: pd.Series, message: str
) -> None:
    """Report each row whose value differs from the first row of the same metric."""
    given = values.notna().to_numpy() if column == "period" else np.ones(len(out), bool)
    frame = pd.DataFrame(
        {
            "metric": out["metric_id"].to_numpy(),
            "value": values.fillna("").to_numpy(),
            "shown": shown.to_numpy(),
            "row": cells.rows,
        }
    )[given]
    first = frame.groupby("metric", sort=False)[["value", "shown", "row"]].transform("first")
    differs = (frame["value"] != first["value"]).to_numpy()
    for row, text, first_row, first_text in zip(
        frame["row"][differs],
        frame["shown"][differs],
        first["row"][differs],
        first["shown"][differs],
    ):
        cells.problems.append(
            Problem(
                int(row),
                column,
                text,
                f'"{text[:80]}" {message} (row {first_row}: "{first_text[:80]}")',
            )
        )
