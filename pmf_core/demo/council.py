"""The demo council: realistic series built from the catalogue, written as the CSV files an
analyst would upload (its three files and its comparators'), and loaded through the same
validation as any council's own data.

``python -m pmf_core.demo.council`` rewrites data/sample/; ``init --sample`` loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from pmf_core.analysis.actions import edit_action
from pmf_core.analysis.status import status_as_at
from pmf_core.demo import catalogue as cat
from pmf_core.demo import comparators
from pmf_core.ingest import LoadReport, load_path, returns
from pmf_core.ingest.returns import Form
from pmf_core.rules import rag
from pmf_core.rules.cumulative import YEAR_TO_DATE
from pmf_core.rules.periods import (
    Period,
    at_position,
    financial_year_start,
    fy_label,
    month_index,
    year_month,
)
from pmf_core.rules.roles import CHECKER, OFFICER, Person
from pmf_core.store import Store, reads
from pmf_core.store.comparators import set_area
from pmf_core.store.writes import update_action

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"
# The overall summary an analyst wrote for the demo's latest quarter (report --summary FILE).
SUMMARY_FILE = SAMPLE_DIR / "summary-2026-27-Q2.txt"
LATEST = month_index(2026, 10)  # the demo's newest month
FIRST_MONTH = month_index(2023, 4)  # three and a half financial years of monthly history
FIRST_ANNUAL = month_index(2021, 3)  # annual measures from 2020/21
SEED = 20201031
PREFIXES = ("AH", "CH", "PL", "CD")

# Series that show each kind of SPC signal, by indicator name.
SIGNALS = {
    "Households accommodated in B&B on the last day of the month": "shift",
    "Average call waiting time (seconds)": "trend",
    "Missed bin collections per 100,000": "outlier",
    "Invoices paid within 30 days (%)": "two_in_three",
    "Critical system availability (%)": "consistent_pass",
    "EHC plans issued within 20 weeks (%)": "consistent_fail",
    "Calls answered by the customer contact centre (%)": "hit_and_miss",
}
LATE = {
    "Youth service contacts": 2,
    "Library e-loans": 3,
    "Potholes repaired": 2,
    "Agency staff spend (£k)": 1,
}
# Measures a national body publishes long after their period: months of lag (an area's CO2
# emissions for a year come out about 18 months after it ends).
LAGS = {"Per capita CO2 emissions in the area (tonnes)": 18}
# Figures a national body published, by financial year: (value, the council's target), the
# targets a falling trajectory towards net zero.
PUBLISHED = {
    "Per capita CO2 emissions in the area (tonnes)": {
        "2020/21": (5.31, 5.40),
        "2021/22": (5.12, 5.15),
        "2022/23": (4.96, 4.90),
        "2023/24": (4.83, 4.70),
        "2024/25": (4.62, 4.50),
    }
}
# A residents' survey (six-monthly) moves slowly: at most 1 % of its level a year.
SLOW_DRIFT = 0.01
# Changes too small to mean anything, in the measure's unit: a weekly rate moves a little anyway.
DOT_THRESHOLDS = {"Calls answered within 60 seconds, weekly (%)": 0.5}
MISSING = {
    "Care Act assessments completed within 28 days": "Return delayed: case management system upgrade; October figure due mid-November.",
    "Bus services running on time (%)": "Operator data feed unavailable for October; supplier investigating.",
}
OVERRIDES = {
    "Rates of children in need per 10,000 (including CP and CIC)": (
        "Red",
        "Cohort redefined in October to include over-18s; underlying demand is rising "
        "faster than the rate shows",
    ),
    "Forecast revenue outturn variance (% of net budget)": (
        "Amber",
        "Variance is the timing of a £1.8m grant confirmed after the month 7 "
        "cut-off; the underlying position is within tolerance",
    ),
    "Reablement effectiveness in delaying and reducing the need for care (%)": (
        "Amber",
        "Small cohort this month (41 reviews); one case moves the rate by 2.4 points",
    ),
}


# Year-to-date collection rates: the share of the year's bills collected by the end of each month
# from April, as a revenues service profiles it (ten monthly instalments, then the arrears), and
# the year's target. A year's targets are profiled in that shape, except the first year's: its
# one annual target is profiled evenly.
COLLECTION = {
    "Council tax collected in year (cumulative %)": (
        (10.6, 19.7, 28.7, 37.6, 46.5, 55.3, 64.2, 73.0, 81.8, 90.3, 95.3, 97.4),
        97.5,
    ),
    "Business rates collected in year (cumulative %)": (
        (11.3, 20.5, 29.6, 38.6, 47.6, 56.6, 65.4, 74.2, 82.9, 91.5, 96.2, 98.3),
        98.2,
    ),
}
# Target ranges (lower, upper): staff turnover is healthy between 8 % and 12 %.
RANGES = {"Staff turnover (rolling 12 months, %)": (8.0, 12.0)}
# Rates loaded as numerator and denominator: (scale, the population of the first year and its
# growth per year). The child protection rate is per 10,000 children aged 0-17.
RATES = {"Rate of children with a child protection plan per 10,000": (10000, 61_200, 250)}
# The monthly cycle: the demo's accounts (.streamlit/secrets.example.toml) enter and check the
# Children's directorate's measures; every other service has an officer and each directorate a
# manager of its own, all at the example domain.
DOMAIN = "example.org"
DEMO_OFFICER, DEMO_CHECKER = f"officer@{DOMAIN}", f"checker@{DOMAIN}"
CYCLE_PREFIX = "CH"
# October is part-way through its collection: these monthly measures' October figures are not
# in the extract but in returns, two of each state (the rest came with the file, approved).
IN_PROGRESS = ("draft", "draft", "submitted", "submitted", "returned", "returned")
RETURN_REASON = "The figure does not match the case management report for 31 October: please check."
CYCLE_DAY = date(2026, 11, 6)  # the returns were entered before their due day, 10 November


@dataclass(frozen=True)
class Measure:
    indicator_id: str
    name: str
    directorate: str
    service: str
    priority: str
    committees: str
    unit: str
    polarity: str
    frequency: str
    level_value: float
    decimals: int
    perspective: str
    kind: str
    level: str


def measures() -> list[Measure]:
    """Every demo measure: the catalogue's services in order, then the added kinds."""
    out: list[Measure] = []
    added: list[Measure] = []
    for d_no, (directorate, services) in enumerate(cat.DIRECTORATES.items(), start=1):
        for s_no, (service, (priority, committee, lines)) in enumerate(services.items(), 1):
            rows = [line.split("|") for line in lines.strip().splitlines()]
            more = cat.ADDED.get((directorate, service), "").strip().splitlines()
            for m_no, fields in enumerate(rows + [line.split("|") for line in more], 1):
                measure = _measure(
                    f"{PREFIXES[d_no - 1]}{s_no:02d}{m_no:02d}",
                    fields,
                    directorate,
                    service,
                    priority,
                    committee,
                )
                (out if m_no <= len(rows) else added).append(measure)
    return out + added


def _measure(indicator_id, fields, directorate, service, priority, committee) -> Measure:
    """One catalogue line as a measure (finance and HR measures also go to audit)."""
    name, unit, pol, freq, level, dec, persp, kind, lvl = fields
    committees = committee
    if persp in ("F", "H") and committee != "Audit and Governance":
        committees += ";Audit and Governance"
    return Measure(
        indicator_id,
        name,
        directorate,
        service,
        priority,
        committees,
        unit,
        cat.POLARITIES[pol],
        cat.FREQUENCIES[freq],
        float(level),
        int(dec),
        cat.PERSPECTIVES[persp],
        cat.KINDS[kind],
        cat.LEVELS[lvl],
    )


def periods(frequency: str, lag_months: int = 0) -> list[Period]:
    """The demo's periods of a frequency up to its newest month, less those a measure
    published ``lag_months`` after its period could not have yet."""
    last = LATEST - lag_months
    if frequency == "weekly":
        year, month = year_month(FIRST_MONTH)
        found = [at_position(-(-date(year, month, 1).toordinal() // 7), frequency)]  # 1st Sunday
        while at_position(found[-1].position + 1, frequency).end <= last:
            found.append(at_position(found[-1].position + 1, frequency))
        return found
    return [Period(end, frequency) for end in period_ends(frequency) if end <= last]


def period_ends(frequency: str) -> list[int]:
    """Month indexes of the demo's periods of a frequency (not weekly: see periods)."""
    if frequency == "monthly":
        return list(range(FIRST_MONTH, LATEST + 1))
    if frequency == "quarterly":
        return [m for m in range(FIRST_MONTH, LATEST + 1) if m % 3 == 2]
    if frequency == "six_monthly":  # a survey held each spring and autumn since 2020/21
        return [m for m in range(FIRST_ANNUAL, LATEST + 1) if m % 12 in (2, 8)]
    return list(range(FIRST_ANNUAL, LATEST + 1, 12))


def simulate(measure: Measure, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Month indexes and values: level, trend, seasonality and noise, plus any SPC signal."""
    ends = np.array([p.end for p in periods(measure.frequency, LAGS.get(measure.name, 0))])
    if measure.name in PUBLISHED:
        by_year = PUBLISHED[measure.name]
        return ends, np.array([by_year[fy_label(financial_year_start(e))][0] for e in ends])
    t = (ends - ends[0]) / 12.0
    level = measure.level_value
    noise = rng.normal(0, level * rng.uniform(0.015, 0.04), len(ends))
    season = (
        level * rng.uniform(0, 0.05) * np.cos(2 * np.pi * (ends % 12 - rng.integers(12)) / 12)
        if measure.frequency == "monthly"
        else 0
    )
    drift = SLOW_DRIFT if measure.frequency == "six_monthly" else 0.05
    values = level * (1 + rng.uniform(-drift, drift) * t) + season + noise
    if measure.name in COLLECTION:
        values = _collected(COLLECTION[measure.name][0], ends) + noise * 0.05
    values = _signal(SIGNALS.get(measure.name), values, level)
    if measure.unit == "%":
        values = np.clip(values, 0, 100)
    return ends, np.round(np.maximum(values, 0), measure.decimals)


def _collected(profile: tuple[float, ...], ends: np.ndarray) -> np.ndarray:
    """A collection rate since April: the profile's month, a little ahead or behind it in
    each year (within half a point at the year end)."""
    month = (ends - 3) % 12
    years = np.array([financial_year_start(int(e)) for e in ends])
    ahead = ((years * 7) % 5 - 2) * 0.0025
    return np.array(profile)[month] * (1 + ahead)


def _signal(kind: str | None, values: np.ndarray, level: float) -> np.ndarray:
    values = values.copy()
    spread = level * 0.02
    if kind in (
        "shift",
        "trend",
        "outlier",
        "two_in_three",
        "consistent_pass",
        "consistent_fail",
        "hit_and_miss",
    ):
        values = level + np.random.default_rng(7).normal(0, spread, len(values))
    if kind == "shift":
        values[-9:] -= 4 * spread
    elif kind == "trend":
        values[-8:] = values[-9] + np.arange(1, 9) * spread * 0.9
    elif kind == "outlier":
        values[-4] += 8 * spread
    elif kind == "two_in_three":
        values[-3:] = [level - 2.5 * spread, level - 1.2 * spread, level - 2.6 * spread]
    return values


def target_for(measure: Measure, values: np.ndarray, rng: np.random.Generator) -> float:
    """A year's target a little above or below what the year delivered, for a realistic mix."""
    signal = SIGNALS.get(measure.name)
    mean = float(values.mean())
    if signal == "consistent_pass":
        return round(mean - 12 * mean * 0.02, measure.decimals)
    if signal == "consistent_fail":
        return 80.0
    if signal == "hit_and_miss":
        return round(mean, measure.decimals)
    offset = rng.choice(
        [-0.08, -0.03, -0.01, 0.025, 0.04, 0.12], p=[0.12, 0.3, 0.18, 0.15, 0.1, 0.15]
    )
    sign = 1 if measure.polarity == "higher_is_better" else -1
    target = mean * (1 + sign * offset)
    return round(min(target, 100.0) if measure.unit == "%" else target, measure.decimals)


def build() -> dict[str, pd.DataFrame]:
    """The three sample files as frames: indicators, targets, observations."""
    rng = np.random.default_rng(SEED)
    indicators, targets, observations = [], [], []
    for measure in measures():
        stretch = 5.0 if rng.random() < 0.35 and measure.kind == "kpi" else None
        if measure.polarity == rag.WITHIN_RANGE:
            stretch = None  # a range has no "exceeding"
        indicators.append(_indicator_row(measure, stretch, rng))
        ends, values = simulate(measure, rng)
        period_targets: Targets = {}
        if measure.kind == "kpi" and measure.polarity != "none":
            for fy in sorted({financial_year_start(e) for e in ends}):
                in_year = [financial_year_start(e) == fy for e in ends]
                target = (
                    PUBLISHED[measure.name][fy_label(fy)][1]
                    if measure.name in PUBLISHED
                    else target_for(measure, values[in_year], rng)
                )
                rows, resolved = _year_targets(measure, fy, target, ends[in_year])
                targets += rows
                period_targets.update(resolved)
        observations += _observation_rows(
            measure,
            periods(measure.frequency, LAGS.get(measure.name, 0)),
            values,
            period_targets,
            indicators[-1],
            rng,
        )
    frame = pd.DataFrame(observations)
    held = _in_progress(frame, pd.DataFrame(indicators))
    return {
        "indicators": pd.DataFrame(indicators),
        "targets": pd.DataFrame(targets),
        "observations": frame.drop(held.index).reset_index(drop=True),
        "returns": held.reset_index(drop=True),
    }


Targets = dict[int, tuple[float, float | None]]  # per period: its target and any upper bound


def _year_targets(measure: Measure, fy: int, target: float, ends) -> tuple[list[dict], Targets]:
    """A year's rows of the targets file, and the target (and upper bound) each period of
    the year is rated against: the year's, its range, or a collection rate's profile."""
    row = {
        "indicator_id": measure.indicator_id,
        "financial_year": fy_label(fy),
        "period": "",
        "target": target,
        "target_upper": "",
    }
    if measure.name in RANGES:
        lower, upper = RANGES[measure.name]
        row.update(target=lower, target_upper=upper)
        ranged: Targets = {int(e): (lower, upper) for e in ends}
        return [row], ranged
    if measure.name not in COLLECTION:
        yearly: Targets = {int(e): (target, None) for e in ends}
        return [row], yearly
    profile, year_target = COLLECTION[measure.name]
    row["target"] = year_target
    if fy == financial_year_start(FIRST_MONTH):  # one annual target, profiled evenly
        share = {int(e): ((e - 3) % 12 + 1) / 12 for e in ends}
        evenly: Targets = {e: (round(year_target * s, 2), None) for e, s in share.items()}
        return [row], evenly
    rows, resolved = [row], Targets()
    for month, expected in enumerate(profile):
        end = month_index(fy, 4) + month
        profiled = round(expected * year_target / profile[-1], 2)
        rows.append({**row, "period": Period(end, "monthly").key, "target": profiled})
        resolved[end] = (profiled, None)
    return rows, resolved


def _in_progress(observations: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The latest month's rows held out of the extract as returns still in progress: the
    first monthly measures the demo's officer enters whose October has a value, with the
    state each is in."""
    monthly = indicators.loc[
        (indicators["frequency"] == "monthly")
        & indicators["indicator_id"].str.startswith(CYCLE_PREFIX)
        & ~indicators["name"].isin(list(MISSING) + list(OVERRIDES) + list(LATE)),
        "indicator_id",
    ]
    latest = f"{year_month(LATEST)[0]:04d}-{year_month(LATEST)[1]:02d}"
    rows = observations[
        observations["indicator_id"].isin(list(monthly))
        & (observations["period"] == latest)
        & (observations["value"] != "")
    ].head(len(IN_PROGRESS))
    return rows.assign(state=list(IN_PROGRESS)[: len(rows)])


def _indicator_row(measure: Measure, stretch, rng) -> dict:
    absolute = measure.unit == "%" and rng.random() < 0.4
    return {
        "indicator_id": measure.indicator_id,
        "name": measure.name,
        "directorate": measure.directorate,
        "service": measure.service,
        "unit": measure.unit,
        "frequency": measure.frequency,
        "polarity": measure.polarity,
        "kind": measure.kind,
        "level": measure.level,
        "perspective": measure.perspective,
        "priority": measure.priority,
        "committees": measure.committees,
        "owner": f"{rng.choice(cat.OFFICERS)}, {measure.service}",
        "amber_tolerance": 2 if absolute else 5,
        "tolerance_type": "absolute" if absolute else "percent",
        "stretch": stretch if stretch is None or not absolute else 1.5,
        "decimals": measure.decimals,
        "description": (
            f"{measure.name}. Reported {measure.frequency.replace('_', '-')} by {measure.service}."
        ),
        "public": "yes" if is_public(measure) else "no",
        "benchmark_metric": comparators.linked_metrics().get(measure.name, ""),
        "lag_months": LAGS.get(measure.name, 0),
        "dot_threshold": DOT_THRESHOLDS.get(measure.name, 0),
        "accumulation": YEAR_TO_DATE if measure.name in COLLECTION else "none",
        "scale": RATES[measure.name][0] if measure.name in RATES else "",
        **cycle_people(measure),
    }


def _slug(text: str) -> str:
    """A name as an e-mail address's first part: "Care & Protection" is "care-protection"."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def cycle_people(measure: Measure) -> dict[str, str]:
    """Who enters and who checks a measure's returns."""
    if measure.indicator_id.startswith(CYCLE_PREFIX):
        return {"inputter": DEMO_OFFICER, "checker": DEMO_CHECKER}
    return {
        "inputter": f"{_slug(measure.service)}.officer@{DOMAIN}",
        "checker": f"{_slug(measure.directorate)}.manager@{DOMAIN}",
    }


def is_public(measure: Measure) -> bool:
    """The demo publishes its strategic measures (35 of them) except the workforce ones."""
    return measure.level == "strategic" and measure.perspective != "HR"


def _observation_rows(measure, periods, values, period_targets, definition, rng) -> list[dict]:
    late = LATE.get(measure.name, 0)
    rows = []
    for position, (period, value) in enumerate(zip(periods, values)):
        end = period.end
        if end > LATEST - late * (3 if measure.frequency == "quarterly" else 1):
            continue
        row = {
            "indicator_id": measure.indicator_id,
            "period": period.key,
            "value": _format_value(value, measure.decimals),
            "commentary": "",
            "action": "",
            "rag_override": "",
            "override_reason": "",
            "note": "",
            "numerator": "",
            "denominator": "",
        }
        if measure.name in RATES:
            value = _from_counts(row, RATES[measure.name], period, value)
        target, upper = period_targets.get(int(end), (None, None))
        status = rag.rag_status(
            value,
            target,
            measure.polarity,
            kind=measure.kind,
            tolerance=definition["amber_tolerance"],
            tolerance_type=definition["tolerance_type"],
            stretch=definition["stretch"],
            decimals=measure.decimals,
            target_upper=upper,
        )
        recent = end > LATEST - 12 - LAGS.get(measure.name, 0)  # published in the last year
        if recent and (status in rag.EXCEPTIONS or position == len(periods) - 1):
            row["commentary"] = _commentary(measure, status, value, target, rng)
            if status in (rag.RED, rag.AMBER):
                row["action"] = _action(measure, rng)
        rows.append(row)
    _finish_latest(measure, rows)
    return rows


def _from_counts(row: dict, rate: tuple[int, int, int], period: Period, value: float) -> float:
    """Write a rate as its numerator and denominator, the value left for the load to compute;
    returns that value."""
    scale, population, growth = rate
    denominator = population + growth * (financial_year_start(period.end) - 2023)
    numerator = round(value * denominator / scale)
    row.update(value="", numerator=str(numerator), denominator=str(denominator))
    return numerator / denominator * scale


def _finish_latest(measure: Measure, rows: list[dict]) -> None:
    if not rows:
        return
    latest = rows[-1]
    if measure.name in MISSING:
        latest.update(value="", note=MISSING[measure.name], commentary="", action="")
    if measure.name in OVERRIDES:
        latest["rag_override"], latest["override_reason"] = OVERRIDES[measure.name]


def _format_value(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


EXPLANATIONS = {
    rag.RED: (
        "Demand has stayed well above plan; {unit_phrase} remains off track.",
        "Performance fell again this period; recovery has been slower than forecast.",
        "Capacity pressures across the service continue to hold this measure back.",
    ),
    rag.AMBER: (
        "Slightly below target; the gap is within tolerance and narrowing.",
        "Close to target; seasonal pressure is expected to ease next quarter.",
        "Within tolerance; the service is monitoring weekly.",
    ),
    rag.BLUE: (
        "Exceeding the stretch level; the new process has bedded in well.",
        "Well ahead of target for the year to date.",
    ),
    rag.GREEN: ("On target.", "On track; no issues to report.", "Performance in line with plan."),
    rag.NOT_RATED: (
        "Contextual measure: reported for information, not rated.",
        "Tracked for context; no target is set for this measure.",
    ),
    rag.NO_DATA: ("",),
}
ACTIONS = (
    "1. Weekly review of the caseload by the service manager. 2. Recovery plan agreed "
    "with the portfolio holder; progress reported monthly.",
    "Additional temporary capacity approved for the next quarter; process redesign "
    "under way with the transformation team.",
    "Deep-dive with partners to understand the drivers; targeted improvement plan to "
    "be presented to the next performance leadership group.",
    "Recruitment to vacant posts in progress; interim cover arranged through the "
    "regional framework.",
)


def _commentary(measure: Measure, status: str, value, target, rng) -> str:
    text = str(rng.choice(EXPLANATIONS[status]))
    if measure.kind == "place":  # the state of the area, not a contextual count
        text = text.replace("Contextual measure", "Place measure")
    return text.replace("{unit_phrase}", measure.name.split(" (")[0].lower())


def _action(measure: Measure, rng) -> str:
    return str(rng.choice(ACTIONS))


def write_sample(folder: Path = SAMPLE_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, frame in {**build(), **comparators.build()}.items():
        frame.to_csv(folder / f"{kind}.csv", index=False, lineterminator="\n")


def load_sample(store: Store, folder: Path = SAMPLE_DIR) -> list[LoadReport]:
    """Set the demo's own area and load the sample files in order through the normal ingest
    path: the council's three files, then its comparators."""
    set_area(store, *comparators.OWN_AREA, "demo")
    reports = []
    for kind in ("indicators", "targets", "observations", "benchmarks", "groups"):
        report = load_path(store, kind, folder / f"{kind}.csv", "demo")
        reports.append(report)
        if not report.ok:
            return reports
    with store.session():
        progress_actions(store)
        enter_returns(store, folder)
    return reports


def enter_returns(store: Store, folder: Path = SAMPLE_DIR) -> None:
    """The latest month's returns in progress (returns.csv), entered by the demo's officer:
    drafts, submitted ones, and ones the demo's checker returned with a reason."""
    officer = Person("demo-officer", "Demo Officer", DEMO_OFFICER, (OFFICER,))
    checker = Person("demo-checker", "Demo Checker", DEMO_CHECKER, (CHECKER,))
    held = pd.read_csv(folder / "returns.csv", dtype=str, keep_default_na=False)
    for row in held.to_dict("records"):
        form = Form(
            value=row["value"],
            commentary=row["commentary"],
            explanation=row["commentary"],
            action_plan=row["action"],
        )
        submit = row["state"] != "draft"
        returns.save(
            store, officer, row["indicator_id"], row["period"], form, submit=submit, today=CYCLE_DAY
        )
        if row["state"] == "returned":
            returns.send_back(store, checker, row["indicator_id"], row["period"], RETURN_REASON)


def progress_actions(store: Store) -> None:
    """Give the demo's actions a history: dates, updates, some overdue, some complete."""
    rag_now = status_as_at(store, LATEST).set_index("indicator_id")["rag"]
    due_dates = (date(2026, 9, 30), date(2026, 12, 31), date(2027, 3, 31), date(2027, 6, 30))
    for number, action in enumerate(
        reads.actions(store).sort_values("action_id").to_dict("records"), start=1
    ):
        action_id = int(action["action_id"])
        if rag_now.get(action["indicator_id"]) in (rag.GREEN, rag.BLUE):
            update_action(
                store,
                action_id,
                status="complete",
                user="demo",
                note="Measure back within target; action closed at the performance "
                "leadership group.",
                update_date=date(2026, 11, 9),
            )
            continue
        edit_action(
            store,
            action_id,
            explanation=action["explanation"],
            action_plan=action["action_plan"],
            officer=action["officer"],
            path_to_green=due_dates[number % 4],
            user="demo",
            update_date=date(2026, 11, 1),
        )  # before its progress update below
        if number % 3:
            update_action(
                store,
                action_id,
                status="on track",
                user="demo",
                note="Milestones met this month; recovery plan on schedule.",
                update_date=date(2026, 11, 2 + number % 10),
            )


if __name__ == "__main__":
    write_sample()
    print(f"wrote the demo council to {SAMPLE_DIR}")
