"""The demo council's comparator data: Oflog-style annual metrics for it and 40 real English
councils (names and ONS codes as published), 2018/19 to 2025/26, and three groups.

The values are generated, not published figures: each council has a steady tendency around a
realistic level, a trend and noise, with a few values missing as in real downloads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core.rules.periods import fy_label

OWN_AREA = ("E06999999", "Demo Council")  # fictional: no council has this code
YEARS = [fy_label(year) for year in range(2018, 2026)]
SEED = 20260331

# ONS code, then the council's name as published.
COUNCILS = dict(
    line.split(" ", 1)
    for line in """
E06000001 Hartlepool
E06000004 Stockton-on-Tees
E06000005 Darlington
E06000007 Warrington
E06000011 East Riding of Yorkshire
E06000014 York
E06000017 Rutland
E06000019 Herefordshire, County of
E06000020 Telford and Wrekin
E06000022 Bath and North East Somerset
E06000023 Bristol, City of
E06000024 North Somerset
E06000025 South Gloucestershire
E06000026 Plymouth
E06000027 Torbay
E06000030 Swindon
E06000031 Peterborough
E06000036 Bracknell Forest
E06000037 West Berkshire
E06000040 Windsor and Maidenhead
E06000041 Wokingham
E06000042 Milton Keynes
E06000046 Isle of Wight
E06000047 County Durham
E06000049 Cheshire East
E06000050 Cheshire West and Chester
E06000051 Shropshire
E06000052 Cornwall
E06000054 Wiltshire
E06000055 Bedford
E06000056 Central Bedfordshire
E06000057 Northumberland
E06000058 Bournemouth, Christchurch and Poole
E06000059 Dorset
E06000060 Buckinghamshire
E06000061 North Northamptonshire
E06000062 West Northamptonshire
E06000065 North Yorkshire
E06000066 Somerset
E10000008 Devon
E10000013 Gloucestershire
""".strip().splitlines()
)
NEAREST = (
    "E06000054",
    "E06000051",
    "E06000052",
    "E06000019",
    "E06000049",
    "E06000050",
    "E06000056",
    "E06000057",
    "E06000011",
    "E06000066",
    "E06000024",
    "E06000022",
    "E06000025",
    "E06000065",
    "E06000047",
)
SOUTH_WEST = (
    "E06000022",
    "E06000023",
    "E06000024",
    "E06000025",
    "E06000026",
    "E06000027",
    "E06000030",
    "E06000052",
    "E06000054",
    "E06000058",
    "E06000059",
    "E06000066",
    "E10000008",
    "E10000013",
)
# Reference areas, drawn as lines and never ranked: England and the region, each the average of
# the councils it stands for (the file's councils for England, the South West's for the region).
ENGLAND, REGION = ("E92000001", "England"), ("E12000009", "South West (region)")
REFERENCE_OF = {ENGLAND: tuple(COUNCILS), REGION: SOUTH_WEST}
REFERENCES = {"CIPFA nearest neighbours": (ENGLAND, REGION), "South West": (ENGLAND, REGION)}
GROUPS = {
    "CIPFA nearest neighbours": NEAREST,
    "South West": (OWN_AREA[0], *SOUTH_WEST),
    "All councils in the file": (OWN_AREA[0], *COUNCILS),
}

WASTE, ASC = "DEFRA waste statistics, via Oflog", "NHS England ASCOF, via Oflog"
PLANNING, FINANCE = "DLUHC planning statistics, via Oflog", "DLUHC finance data, via Oflog"
ROADS = "DfT road condition statistics, via Oflog"
# metric_id: name, unit, polarity, source, typical level, spread between councils, change a
# year, the demo council's level, decimals, the demo indicator it is linked to (if any).
METRICS = {
    "WASTE-RECYCLING": (
        "Household waste sent for reuse, recycling or composting",
        "%",
        "+",
        WASTE,
        45,
        7,
        0.3,
        58,
        1,
        "Household waste sent for reuse, recycling and composting (%)",
    ),
    "WASTE-RESIDUAL": (
        "Residual household waste per household",
        "kg",
        "-",
        WASTE,
        520,
        60,
        -6,
        470,
        0,
        "Residual household waste per household (kg)",
    ),
    "WASTE-FLYTIP": (
        "Fly-tipping incidents per 1,000 people",
        "per 1,000",
        "-",
        WASTE,
        12,
        6,
        0.3,
        9,
        1,
        None,
    ),
    "ASC-REABLEMENT": (
        "Older people still at home 91 days after discharge into reablement",
        "%",
        "+",
        ASC,
        82,
        5,
        0,
        78,
        1,
        "Reablement effectiveness in delaying and reducing the need for care (%)",
    ),
    "ASC-RESIDENTIAL": (
        "Younger adults (18-64) admitted to residential and nursing care, per 100,000",
        "per 100,000",
        "-",
        ASC,
        14,
        4,
        -0.2,
        12.5,
        1,
        None,
    ),
    "ASC-LD-EMPLOYMENT": (
        "Adults with a learning disability in paid employment",
        "%",
        "+",
        ASC,
        5,
        2,
        0.05,
        4.2,
        1,
        "Percentage of adults with learning disability in paid employment",
    ),
    "ASC-SATISFACTION": (
        "Overall satisfaction of people who use services with their care and support",
        "%",
        "+",
        ASC,
        63,
        3.5,
        -0.2,
        65,
        1,
        None,
    ),
    "PLAN-MAJOR": (
        "Major planning applications decided on time",
        "%",
        "+",
        PLANNING,
        88,
        7,
        0.3,
        82,
        1,
        "Major planning applications decided within 13 weeks (%)",
    ),
    "PLAN-NONMAJOR": (
        "Non-major planning applications decided on time",
        "%",
        "+",
        PLANNING,
        84,
        7,
        0.3,
        76,
        1,
        "Minor planning applications decided within 8 weeks (%)",
    ),
    "FIN-RESERVES": (
        "Non-ringfenced reserves as a percentage of net revenue expenditure",
        "%",
        "0",
        FINANCE,
        35,
        14,
        0.5,
        28,
        1,
        None,
    ),
    "FIN-DEBT": (
        "Total debt servicing as a percentage of core spending power",
        "%",
        "-",
        FINANCE,
        6,
        3,
        0.2,
        5,
        1,
        None,
    ),
    "FIN-CSP": (
        "Core spending power per dwelling",
        "£",
        "0",
        FINANCE,
        2150,
        200,
        90,
        2250,
        0,
        None,
    ),
    "FIN-CTAX": (
        "Council tax collected in year",
        "%",
        "+",
        FINANCE,
        96.4,
        1,
        -0.05,
        97.2,
        1,
        "Council tax collected in year (cumulative %)",
    ),
    "ROADS-PRINCIPAL": (
        "Principal roads where maintenance should be considered",
        "%",
        "-",
        ROADS,
        4,
        1.5,
        0,
        4,
        1,
        "Principal roads where maintenance should be considered (%)",
    ),
    "ROADS-NONPRINCIPAL": (
        "Non-principal classified roads where maintenance should be considered",
        "%",
        "-",
        ROADS,
        6,
        2.5,
        0.1,
        6,
        1,
        "Non-principal roads where maintenance should be considered (%)",
    ),
}
POLARITIES = {"+": "higher_is_better", "-": "lower_is_better", "0": "none"}
MISSING_SHARE = 0.02  # values suppressed or not returned, as in real downloads


def linked_metrics() -> dict[str, str]:
    """Demo indicator name -> the metric its benchmark_metric column names."""
    return {spec[9]: metric_id for metric_id, spec in METRICS.items() if spec[9]}


def build() -> dict[str, pd.DataFrame]:
    """The benchmarks and groups files as frames."""
    rng = np.random.default_rng(SEED)
    areas = {OWN_AREA[0]: OWN_AREA[1], **COUNCILS}
    rows = [
        row
        for metric_id, spec in METRICS.items()
        for row in _metric_rows(metric_id, spec, areas, rng)
    ]
    rows += _reference_rows(pd.DataFrame(rows))
    groups = [
        {"group": name, "area_code": code, "area_name": areas[code], "reference": ""}
        for name, codes in GROUPS.items()
        for code in codes
    ]
    groups += [
        {"group": name, "area_code": code, "area_name": area_name, "reference": "yes"}
        for name, found in REFERENCES.items()
        for code, area_name in found
    ]
    return {"benchmarks": pd.DataFrame(rows), "groups": pd.DataFrame(groups)}


def _reference_rows(rows: pd.DataFrame) -> list[dict]:
    """Each reference area's value: the mean of its councils' values that year, at the
    metric's decimals."""
    given = rows[rows["value"] != ""].assign(number=lambda f: f["value"].astype(float))
    out: list[dict] = []
    for (code, area_name), members in REFERENCE_OF.items():
        mine = given[given["area_code"].isin(members)]
        for _, found in mine.groupby(["metric_id", "period"], sort=False):
            first = found.iloc[0]
            decimals = int(METRICS[str(first["metric_id"])][8])
            out.append(
                {
                    **first.drop("number").to_dict(),
                    "area_code": code,
                    "area_name": area_name,
                    "value": f"{found['number'].mean():.{decimals}f}",
                }
            )
    return out


def _metric_rows(metric_id: str, spec: tuple, areas: dict, rng) -> list[dict]:
    name, unit, polarity, source, level, spread, change, own, decimals, _ = spec
    years = np.arange(len(YEARS))
    rows = []
    for code, area_name in areas.items():
        centre = own if code == OWN_AREA[0] else level + rng.normal(0, spread)
        values = centre + change * years + rng.normal(0, spread * 0.25, len(years))
        values = np.clip(values, 0, 100) if unit == "%" else np.maximum(values, 0)
        for year, value in zip(YEARS, values):
            missing = code != OWN_AREA[0] and rng.random() < MISSING_SHARE
            rows.append(
                {
                    "metric_id": metric_id,
                    "metric_name": name,
                    "area_code": code,
                    "area_name": area_name,
                    "period": year,
                    "value": "" if missing else f"{value:.{decimals}f}",
                    "unit": unit,
                    "polarity": POLARITIES[polarity],
                    "source": source,
                }
            )
    return rows
