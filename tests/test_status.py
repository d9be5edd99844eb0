"""status_as_at (SQL selection + vectorised rules) against a plain reading of the sample files."""

import csv
import io
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from pmf_core.analysis.status import CONTRACT_COLUMNS, select, status_as_at
from pmf_core.demo import council
from pmf_core.rules.periods import month_index, parse_period
from pmf_core.rules.rag import direction_of_travel, rag_status
from pmf_core.store import reads


def read(kind):
    with open(council.SAMPLE_DIR / f"{kind}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# Written out here, not imported: the steps back to the previous period (a week's in days) and
# the months a period may be old without being late (section 3 of the rules).
STEP = {"weekly": 7, "monthly": 1, "quarterly": 3, "six_monthly": 6, "annual": 12}
GRACE = {"weekly": 0, "monthly": 0, "quarterly": 3, "six_monthly": 6, "annual": 12}


def when(key, frequency):
    """(place in time, month index it belongs to): a week by its Sunday's day number."""
    if frequency == "weekly":
        year, week = key.split("-W")
        sunday = date.fromisocalendar(int(year), int(week), 7)
        return sunday.toordinal(), month_index(sunday.year, sunday.month)
    end = parse_period(key, frequency).end
    return end, end


def plain_rate(row, indicator):
    """The value of a row: as typed, else numerator / denominator x the indicator's scale."""
    if row["value"]:
        return float(row["value"])
    if row["numerator"] and row["denominator"]:
        scale = float(indicator["scale"]) if indicator["scale"] else 1.0
        return float(row["numerator"]) / float(row["denominator"]) * scale
    return None


def plain_target(targets, indicator, period):
    """(target, upper bound) of a period: its profile, else the year's (times the months of the
    year ended over 12 for a year-to-date measure)."""
    key = (indicator["indicator_id"], period.financial_year)
    if key + (period.key,) in targets:
        return targets[key + (period.key,)]
    if key + ("",) not in targets:
        return None, None
    target, upper = targets[key + ("",)]
    if indicator["accumulation"] == "year_to_date":
        share = ((period.end % 12 - 3) % 12 + 1) / 12
        return target * share, None if upper is None else upper * share
    return target, upper


def plain_range_rag(value, lower, upper, tolerance, tolerance_type, decimals):
    """Green inside [lower, upper]; outside, the distance to the nearer bound against the band
    of that bound."""
    value, lower, upper = (round_half(x, decimals) for x in (value, lower, upper))
    if lower <= value <= upper:
        return "Green"
    bound = lower if value < lower else upper
    distance = abs(value - bound)
    band = tolerance if tolerance_type == "absolute" else tolerance / 100 * abs(bound)
    return "Amber" if distance <= band + 1e-9 else "Red"


def plain_range_dot(value, previous, lower, upper, decimals):
    if value is None or previous is None:
        return "Not comparable"
    value, previous, lower, upper = (
        round_half(x, decimals) for x in (value, previous, lower, upper)
    )

    def outside(x):
        return max(lower - x, x - upper, 0.0)

    now, before = outside(value), outside(previous)
    return "Improving" if now < before - 1e-9 else "Worsening" if now > before + 1e-9 else "Same"


def round_half(x, decimals):
    """Half away from zero at the display decimals, as a spreadsheet rounds."""
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


def expected_status(as_at):
    """One dict per indicator, computed row by row in Python from the CSV files."""
    targets = {
        (t["indicator_id"], t["financial_year"], t["period"]): (
            float(t["target"]),
            float(t["target_upper"]) if t["target_upper"] else None,
        )
        for t in read("targets")
    }
    by_indicator = {}
    for row in read("observations"):
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    out = {}
    for ind in read("indicators"):
        rows = {
            when(r["period"], ind["frequency"]): r
            for r in by_indicator.get(ind["indicator_id"], [])
        }
        ends = [e for e in rows if e[1] <= as_at]
        if not ends:
            out[ind["indicator_id"]] = {"rag": "No data", "late": True}
            continue
        place, end = max(ends)
        row = rows[(place, end)]
        value = plain_rate(row, ind)
        before = {p: r for (p, _), r in rows.items()}
        # A running total compares with the same period last year, not the period before.
        ytd = ind["accumulation"] == "year_to_date"
        back = (52 * 7 if ind["frequency"] == "weekly" else 12) if ytd else STEP[ind["frequency"]]
        prev = before.get(place - back)
        previous = plain_rate(prev, ind) if prev else None
        target, upper = plain_target(targets, ind, parse_period(row["period"], ind["frequency"]))
        if ind["kind"] != "kpi":
            target = upper = None
        decimals = int(ind["decimals"])
        if ind["polarity"] == "within_range" and value is not None and target is not None:
            rag = row["rag_override"] or plain_range_rag(
                value, target, upper, float(ind["amber_tolerance"]), ind["tolerance_type"], decimals
            )
            dot = plain_range_dot(value, previous, target, upper, decimals)
        else:
            rag = rag_status(
                value,
                target,
                ind["polarity"],
                kind=ind["kind"],
                tolerance=float(ind["amber_tolerance"]),
                tolerance_type=ind["tolerance_type"],
                stretch=float(ind["stretch"]) if ind["stretch"] else None,
                decimals=decimals,
                override=row["rag_override"] or None,
            )
            dot = direction_of_travel(
                value, previous, ind["polarity"], decimals, float(ind["dot_threshold"] or 0)
            )
        out[ind["indicator_id"]] = {
            "period": row["period"],
            "value": value,
            "target": target,
            "rag": rag,
            "dot": dot,
            "late": as_at - end > GRACE[ind["frequency"]] + int(ind["lag_months"] or 0),
        }
    return out


@pytest.mark.parametrize(
    "as_at",
    [month_index(2026, 10), month_index(2025, 12), month_index(2024, 4), month_index(2023, 4)],
)
def test_status_matches_a_row_by_row_reading(demo_store, as_at):
    frame = status_as_at(demo_store, as_at)
    expected = expected_status(as_at)
    assert len(frame) == len(expected) == 124
    for row in frame.to_dict("records"):
        want = expected[row["indicator_id"]]
        assert row["rag"] == want["rag"], row["indicator_id"]
        assert bool(row["late"]) == want["late"], row["indicator_id"]
        if "period" in want:
            assert row["period"] == want["period"]
            assert row["dot"] == want["dot"], row["indicator_id"]
            assert row["target"] == pytest.approx(want["target"], nan_ok=True) or (
                want["target"] is None and row["target"] != row["target"]
            )
            if want["value"] is not None:
                assert row["value"] == pytest.approx(want["value"])


def test_contract_columns_come_first(demo_store):
    assert list(status_as_at(demo_store, month_index(2026, 10)).columns[:10]) == CONTRACT_COLUMNS


def test_filters(demo_store):
    as_at = month_index(2026, 10)
    everything = status_as_at(demo_store, as_at)
    people = status_as_at(demo_store, as_at, committee="People and Health", rags=["Red", "Amber"])
    assert set(people["rag"]) == {"Red", "Amber"}
    assert all("People and Health" in c for c in people["committees"])
    expected = everything[
        everything["committees"].map(lambda c: "People and Health" in c)
        & everything["rag"].isin(["Red", "Amber"])
    ]
    assert sorted(people["indicator_id"]) == sorted(expected["indicator_id"])
    housing = status_as_at(demo_store, as_at, directorate="Place", service="Highways")
    assert set(housing["service"]) == {"Highways"} and len(housing) == 6
    assert status_as_at(demo_store, as_at, directorate="Nowhere").empty


def test_select_keeps_the_catalogue_rows_of_a_directorate_and_committee(demo_store):
    as_at = month_index(2026, 10)
    everything = status_as_at(demo_store, as_at, with_spc=True)
    catalogue = reads.indicators(demo_store)
    committees = sorted({c for cs in catalogue["committees"] if cs is not None for c in cs})
    assert len(committees) == 3
    for directorate in [None, *sorted(catalogue["directorate"].unique())]:
        for committee in [None, *committees]:
            expected = {
                row.indicator_id
                for row in catalogue.itertuples()
                if directorate in (None, row.directorate)
                and (
                    committee is None
                    or (row.committees is not None and committee in list(row.committees))
                )
            }
            chosen = select(everything, directorate=directorate, committee=committee)
            assert set(chosen["indicator_id"]) == expected, (directorate, committee)
            assert list(chosen.columns) == list(everything.columns)


def test_observation_target_wins_over_the_year_target(small_store):
    from pmf_core.ingest import load_bytes

    load_bytes(
        small_store,
        "observations",
        b"indicator_id,period,value,target\nFOST,2020-10,206,200\nCIC,2020-10,70,\n",
        "x.csv",
        "a",
    )
    frame = status_as_at(small_store, month_index(2020, 10)).set_index("indicator_id")
    assert frame.loc["FOST", ["target", "rag"]].tolist() == [200.0, "Green"]
    assert frame.loc["CIC", ["target", "rag"]].tolist() == [60.0, "Red"]
    assert frame.loc["HOMES", "rag"] == "No data" and frame.loc["HOMES", "late"]


def test_empty_store_gives_an_empty_frame(store):
    frame = status_as_at(store, month_index(2020, 10))
    assert frame.empty and list(frame.columns[:10]) == CONTRACT_COLUMNS


def test_spc_icons_equal_each_series_computed_alone(demo_store):
    from pmf_core.analysis import history
    from pmf_core.rules import spc

    as_at = month_index(2026, 10)
    frame = status_as_at(demo_store, as_at, with_spc=True)
    assert list(frame.columns[10:14]) == ["variation", "assurance", "variation_icon", "spc_points"]
    with demo_store.session():  # one connection for the 121 series, not one each
        tables = {i: history.spc_for(demo_store, i, as_at) for i in frame["indicator_id"]}
    for row in frame.to_dict("records"):
        if row["accumulation"] == "year_to_date":  # a running total has no SPC
            assert row["variation"] == row["variation_icon"] == row["assurance"] == ""
            assert row["spc_note"] == "SPC does not apply to cumulative figures"
            continue
        table = tables[row["indicator_id"]]
        alone = spc.summary(table, row["target"], row["polarity"])
        assert row["spc_points"] == len(table) or rebased(demo_store, row["indicator_id"])
        if alone["trial_limits"] or alone["trial_limits"] is None:  # icons from 12 points
            assert row["variation"] == row["variation_icon"] == row["assurance"] == ""
            continue
        assert row["variation"] == (alone["variation"] or ""), row["indicator_id"]
        assert row["variation_icon"] == (alone["icon"] or ""), row["indicator_id"]
        if row["kind"] == "kpi":
            assert row["assurance"] == (alone["assurance"] or ""), row["indicator_id"]


def rebased(store, indicator_id: str) -> bool:
    from pmf_core.analysis import history

    return bool(history.rebase_periods(store, indicator_id))


def test_demo_council_shows_every_kind_of_signal(demo_store):
    frame = status_as_at(demo_store, month_index(2026, 10), with_spc=True)
    signals = frame[frame["name"].isin(list(council.SIGNALS))].set_index("name")
    got = {
        council.SIGNALS[name]: (r["variation"], r["assurance"]) for name, r in signals.iterrows()
    }
    assert got["shift"][0] == "Special cause improving"
    assert got["trend"][0] == "Special cause concerning"
    assert got["two_in_three"][0] == "Special cause concerning"
    assert got["consistent_pass"][1] == "Consistently passing"
    assert got["consistent_fail"][1] == "Consistently failing"
    assert got["hit_and_miss"][1] == "Hit and miss"


def test_spc_icons_need_twelve_points(small_store):
    """Eight points far below the target would read consistently failing: too few for icons."""
    from pmf_core.ingest import load_bytes
    from pmf_core.rules.spc import too_few_words
    from ui import tables

    rows = "".join(f"FOST,2020-{m:02d},{150 + m % 2}\n" for m in range(4, 12))
    load_bytes(
        small_store, "observations", b"indicator_id,period,value\n" + rows.encode(), "x.csv", "a"
    )
    frame = status_as_at(small_store, month_index(2020, 11), with_spc=True)
    fost = frame.set_index("indicator_id").loc["FOST"]
    assert (fost["spc_points"], fost["variation"], fost["assurance"]) == (8, "", "")
    shown = tables.readable(frame).set_index("ID").loc["FOST", "SPC"]
    assert shown == too_few_words(8) == "too few points for SPC: 8 of 12"
    more = "".join(
        f"FOST,{y}-{m:02d},{150 + m % 2}\n"
        for y, m in [(2020, 12), (2021, 1), (2021, 2), (2021, 3)]
    )
    load_bytes(
        small_store, "observations", b"indicator_id,period,value\n" + more.encode(), "y.csv", "a"
    )
    fost = (
        status_as_at(small_store, month_index(2021, 3), with_spc=True)
        .set_index("indicator_id")
        .loc["FOST"]
    )
    # Twelve points of 150 and 151: limits 150.5 +/- 2.66, the target 215 above them.
    assert (fost["spc_points"], fost["assurance"]) == (12, "Consistently failing")


def generated_measures(seed: int, count: int):
    """Measures of the new kinds (weekly, six-monthly, annual with a lag; any kind; a DOT
    threshold or none) with some periods missing, as the three files an analyst would load."""
    import random

    rng = random.Random(seed)
    indicators = [
        "indicator_id,name,directorate,service,unit,frequency,polarity,kind,lag_months,"
        "dot_threshold,decimals"
    ]
    targets, observations = ["indicator_id,financial_year,target"], ["indicator_id,period,value"]
    for n in range(count):
        frequency = rng.choice(["weekly", "six_monthly", "annual"])
        polarity = rng.choice(["higher_is_better", "lower_is_better", "none"])
        kind = rng.choice(["kpi", "kpi", "contextual", "place"])
        lag = rng.choice([0, 0, 6, 18]) if frequency == "annual" else 0
        threshold, decimals = rng.choice([0, 0, 1, 2.5]), rng.choice([0, 1])
        indicators.append(
            f"G{n},m{n},D,S,No.,{frequency},{polarity},{kind},{lag},{threshold},{decimals}"
        )
        for start in (2019, 2020, 2021):
            targets.append(f"G{n},{start}/{(start + 1) % 100:02d},{rng.randint(40, 60)}")
        for key in _keys(frequency):
            if rng.random() < 0.8:  # a fifth of the periods missing
                observations.append(f"G{n},{key},{rng.randint(400, 600) / 10}")
    return ("\n".join(rows) + "\n" for rows in (indicators, targets, observations))


def _keys(frequency):
    """Every period from April 2019 to March 2022, written as its key, worked out plainly."""
    if frequency == "weekly":
        first = date(2019, 4, 7).toordinal()  # the first Sunday of April 2019
        sundays = [date.fromordinal(d) for d in range(first, date(2022, 3, 31).toordinal(), 7)]
        return [f"{s.isocalendar()[0]}-W{s.isocalendar()[1]:02d}" for s in sundays]
    if frequency == "six_monthly":
        return [f"{y}/{(y + 1) % 100:02d} H{h}" for y in (2019, 2020, 2021) for h in (1, 2)]
    return [f"{y}/{(y + 1) % 100:02d}" for y in (2019, 2020, 2021)]


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_weekly_half_yearly_and_lagged_measures_match_a_plain_reading(store, seed):
    from pmf_core.ingest import load_bytes

    texts = generated_measures(seed, 150)
    for kind, text in zip(("indicators", "targets", "observations"), texts):
        report = load_bytes(store, kind, text.encode(), f"{kind}.csv", "me")
        assert report.ok, report.problems[:3]
    indicators = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(_text(store)))}
    stored = reads.series_for(store, list(indicators), 0, month_index(2100, 12))
    series = {key: rows for key, rows in stored.groupby("indicator_id")}
    for as_at in (month_index(2020, 1), month_index(2021, 4), month_index(2022, 9)):
        frame = status_as_at(store, as_at).set_index("indicator_id")
        for key, want in plain_status(series, indicators, as_at).items():
            got = frame.loc[key]
            period = got["period"] if isinstance(got["period"], str) else None
            assert (period, got["dot"], got["dot_last_year"], bool(got["late"])) == want, key
            if indicators[key]["kind"] != "kpi":
                assert got["rag"] in ("Not rated", "No data") and got["target"] != got["target"]


def _text(store) -> str:
    return reads.indicators(store).to_csv(index=False)


def plain_status(series, indicators, as_at):
    """(period, dot, dot against last year, late) per measure, from every stored row, with the
    periods reckoned plainly: a week by its Sunday, its last year's 364 days before."""
    out = {}
    for key, ind in indicators.items():
        frequency = ind["frequency"]
        stored = series.get(key, pd.DataFrame(columns=["period", "value"]))
        keys = {when(p, frequency): p for p in stored["period"]}
        rows = {when(p, frequency): v for p, v in stored[["period", "value"]].values}
        seen = [w for w in rows if w[1] <= as_at]
        if not seen:
            out[key] = (None, "Not comparable", "Not comparable", True)
            continue
        place, end = max(seen)
        by_place = {p: rows[(p, e)] for p, e in rows}
        year_back = 364 if frequency == "weekly" else 12
        words = [
            direction_of_travel(
                rows[(place, end)],
                by_place.get(place - back),
                ind["polarity"],
                int(ind["decimals"]),
                float(ind["dot_threshold"]),
            )
            for back in (STEP[frequency], year_back)
        ]
        if frequency == "annual":
            words[1] = words[0]  # last year is the previous year
        late = as_at - end > GRACE[frequency] + int(ind["lag_months"])
        out[key] = (keys[(place, end)], *words, late)
    return out
