"""A few hundred generated measures of the newer kinds (year to date, profiled or evenly;
ranges; rates from their counts) loaded through the files and rated by ``status_as_at``,
against a second, plain reading of the same files written here with exact decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.rules.periods import Period, financial_year_start, fy_label, month_index
from tests.checking import TODAY

AS_AT = [month_index(2020, 6), month_index(2020, 9), month_index(2020, 12)]
FIRST = month_index(2019, 4)
KINDS = ("ytd_profiled", "ytd_even", "range", "rate", "plain")


def generate(count: int, seed: int) -> dict[str, pd.DataFrame]:
    """Indicators, targets and observations of ``count`` measures of the newer kinds."""
    rng = np.random.default_rng(seed)
    indicators, targets, observations = [], [], []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        frequency = "quarterly" if kind.startswith("ytd") and rng.random() < 0.3 else "monthly"
        ind = {
            "indicator_id": f"M{number:03d}",
            "name": f"Measure {number}",
            "directorate": "D",
            "service": "S",
            "unit": "%",
            "frequency": frequency,
            "polarity": "within_range"
            if kind == "range"
            else str(rng.choice(["higher_is_better", "lower_is_better"])),
            "accumulation": "year_to_date" if kind.startswith("ytd") else "none",
            "scale": str(rng.choice([100, 1000, 10000])) if kind == "rate" else "",
            "decimals": int(rng.integers(0, 3)),
            "amber_tolerance": float(rng.choice([2, 5, 10])),
            "tolerance_type": str(rng.choice(["percent", "absolute"])),
        }
        indicators.append(ind)
        step = 3 if frequency == "quarterly" else 1
        ends = [e for e in range(FIRST, AS_AT[-1] + 1) if frequency == "monthly" or e % 3 == 2]
        targets += _targets(ind, kind, ends, rng)
        for end in ends:
            if rng.random() < 0.08:
                continue  # a missing period: DOT is then not comparable
            observations.append(_observation(ind, kind, end, step, rng))
    return {
        "indicators": pd.DataFrame(indicators),
        "targets": pd.DataFrame(targets),
        "observations": pd.DataFrame(observations),
    }


def _targets(ind, kind, ends, rng) -> list[dict]:
    rows = []
    for fy in sorted({financial_year_start(e) for e in ends}):
        row = {
            "indicator_id": ind["indicator_id"],
            "financial_year": fy_label(fy),
            "period": "",
            "target": round(float(rng.uniform(20, 99)), 2),
            "target_upper": "",
        }
        if kind == "range":
            row["target_upper"] = round(row["target"] + float(rng.uniform(0, 15)), 1)
        rows.append(row)
        if kind == "ytd_profiled":
            for end in ends:
                if financial_year_start(end) == fy and rng.random() < 0.8:  # some left even
                    share = ((end % 12 - 3) % 12 + 1) / 12
                    profiled = round(row["target"] * share * float(rng.uniform(0.9, 1.1)), 2)
                    key = Period(end, ind["frequency"]).key
                    rows.append({**row, "period": key, "target": profiled})
    return rows


def _observation(ind, kind, end, step, rng) -> dict:
    row = {
        "indicator_id": ind["indicator_id"],
        "period": Period(end, ind["frequency"]).key,
        "value": "",
        "numerator": "",
        "denominator": "",
        "note": "",
    }
    if kind == "rate":
        denominator = int(rng.integers(50, 100_000))
        row["numerator"] = str(int(rng.integers(0, denominator)))
        row["denominator"] = str(denominator)
    elif kind.startswith("ytd"):
        share = ((end % 12 - 3) % 12 + 1) / 12
        row["value"] = f"{rng.uniform(20, 99) * share * rng.uniform(0.85, 1.15):.2f}"
    else:
        row["value"] = f"{rng.uniform(0, 110):.{int(rng.integers(0, 3))}f}"
    return row


def csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


# The plain reading: exact decimals, one row and one rule at a time.
def dec(x: float, places: int) -> Decimal:
    """A figure as shown: binary noise taken off at nine places, then half away from zero."""
    return Decimal(format(x, ".9f")).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def share(end: int) -> float:
    return ((end % 12 - 3) % 12 + 1) / 12


def plain_value(row: dict, ind: dict) -> float | None:
    if row["value"] != "":
        return float(row["value"])
    scale = float(ind["scale"]) if ind["scale"] else 100.0  # a percent's default
    return float(row["numerator"]) / float(row["denominator"]) * scale


def plain_target(ind, end, targets) -> tuple[float | None, float | None]:
    fy = fy_label(financial_year_start(end))
    key = Period(end, ind["frequency"]).key
    found = targets.get((ind["indicator_id"], fy, key))
    if found:
        return found
    target, upper = targets.get((ind["indicator_id"], fy, ""), (None, None))
    if target is not None and ind["accumulation"] == "year_to_date":
        return target * share(end), None if upper is None else upper * share(end)
    return target, upper


def plain_rag(value, target, upper, ind) -> str:
    places = ind["decimals"]
    if value is None:
        return "No data"
    if target is None or (ind["polarity"] == "within_range" and upper is None):
        return "Not rated"
    v, t = dec(value, places), dec(target, places)
    tolerance = Decimal(str(ind["amber_tolerance"]))
    if ind["polarity"] == "within_range":
        u = dec(upper, places)
        if t <= v <= u:
            return "Green"
        bound = t if v < t else u
        distance = abs(v - bound)
    else:
        gap = v - t if ind["polarity"] == "higher_is_better" else t - v
        if gap >= 0:
            return "Green"
        bound, distance = t, -gap
    band = tolerance if ind["tolerance_type"] == "absolute" else tolerance / 100 * abs(bound)
    return "Amber" if distance <= band else "Red"


def plain_dot(value, previous, target, upper, ind) -> str:
    if value is None or previous is None:
        return "Not comparable"
    places = ind["decimals"]
    v, p = dec(value, places), dec(previous, places)
    if ind["polarity"] == "within_range" and target is not None and upper is not None:
        t, u = dec(target, places), dec(upper, places)

        def outside(x):
            return max(t - x, x - u, Decimal(0))

        closer = outside(p) - outside(v)
        return "Improving" if closer > 0 else "Worsening" if closer < 0 else "Same"
    if v == p:
        return "Same"
    better = (v > p) == (ind["polarity"] == "higher_is_better")
    return "Improving" if better else "Worsening"


def plain_status(files: dict[str, pd.DataFrame], as_at: int) -> dict[str, dict]:
    """Each measure's status as at a month, read from the files row by row."""
    targets = {
        (t["indicator_id"], t["financial_year"], t["period"]): (
            float(t["target"]),
            None if t["target_upper"] == "" else float(t["target_upper"]),
        )
        for t in files["targets"].to_dict("records")
    }
    rows: dict[str, dict[int, dict]] = {}
    for row in files["observations"].to_dict("records"):
        ind_rows = rows.setdefault(row["indicator_id"], {})
        ind_rows[_end(row["period"])] = row
    out = {}
    for ind in files["indicators"].to_dict("records"):
        mine = rows.get(ind["indicator_id"], {})
        end = max(e for e in mine if e <= as_at)
        value = plain_value(mine[end], ind)
        back = (
            12
            if ind["accumulation"] == "year_to_date"
            else (3 if ind["frequency"] == "quarterly" else 1)
        )
        before = mine.get(end - back)
        target, upper = plain_target(ind, end, targets)
        out[ind["indicator_id"]] = {
            "rag": plain_rag(value, target, upper, ind),
            "dot": plain_dot(
                value, None if before is None else plain_value(before, ind), target, upper, ind
            ),
            "target": target,
            "value": value,
        }
    return out


def _end(key: str) -> int:
    if " Q" in key:
        start, quarter = int(key[:4]), int(key[-1])
        return month_index(start, 4) + 3 * quarter - 1
    return month_index(int(key[:4]), int(key[5:7]))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from pmf_core.store import Store

    files = generate(250, seed=20260401)
    store = Store(tmp_path_factory.mktemp("kinds") / "pmf.duckdb", wait_seconds=2)
    store.create()
    for kind in ("indicators", "targets", "observations"):
        report = load_bytes(store, kind, csv(files[kind]), f"{kind}.csv", "me", today=TODAY)
        assert report.ok, [str(p) for p in report.problems[:5]]
    return store, files


@pytest.mark.parametrize("as_at", AS_AT)
def test_generated_measures_match_a_plain_reading(generated, as_at):
    store, files = generated
    expected = plain_status(files, as_at)
    frame = status_as_at(store, as_at)
    assert len(frame) == 250
    seen = set()
    for row in frame.to_dict("records"):
        want = expected[row["indicator_id"]]
        assert row["rag"] == want["rag"], (row["indicator_id"], row, want)
        assert row["dot"] == want["dot"], (row["indicator_id"], row, want)
        assert row["value"] == pytest.approx(want["value"])
        assert row["target"] == pytest.approx(want["target"], nan_ok=True)
        seen.add((row["rag"], row["polarity"], row["accumulation"]))
    # The generated set reaches every status of every kind, or it tests little.
    for polarity, accumulation in (
        ("within_range", "none"),
        ("higher_is_better", "year_to_date"),
        ("lower_is_better", "none"),
    ):
        for status in ("Green", "Amber", "Red"):
            assert (status, polarity, accumulation) in seen, (status, polarity, accumulation)
