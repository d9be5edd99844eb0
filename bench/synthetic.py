"""Synthetic councils for benchmarks: many indicators, long monthly histories."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from pmf_core.rules.periods import Period, month_index

LAST = month_index(2026, 10)


def write_council(folder: Path, indicators: int, months: int, seed: int = 1) -> dict[str, Path]:
    """Indicators, targets and observations CSVs of a council with monthly measures."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"B{i:05d}" for i in range(indicators)]
    services = [f"Service {i % 40:02d}" for i in range(indicators)]
    pd.DataFrame(
        {
            "indicator_id": ids,
            "name": [f"Measure {i}" for i in range(indicators)],
            "directorate": [f"Directorate {i % 4}" for i in range(indicators)],
            "service": services,
            "unit": "No.",
            "frequency": "monthly",
            "polarity": rng.choice(["higher_is_better", "lower_is_better", "none"], indicators),
            "committees": rng.choice(["People and Health", "Place and Resources"], indicators),
            "perspective": rng.choice(["Operational", "Customer", "HR", "Finance"], indicators),
        }
    ).to_csv(folder / "indicators.csv", index=False)
    ends = np.arange(LAST - months + 1, LAST + 1)
    years = sorted({Period(int(e), "monthly").financial_year for e in ends})
    pd.DataFrame(
        [(i, fy, 100.0) for i in ids for fy in years],
        columns=["indicator_id", "financial_year", "target"],
    ).to_csv(folder / "targets.csv", index=False)
    keys = np.array([Period(int(e), "monthly").key for e in ends])
    frame = pd.DataFrame(
        {
            "indicator_id": np.repeat(ids, months),
            "period": np.tile(keys, indicators),
            "value": np.round(rng.normal(100, 8, indicators * months), 2),
            "commentary": np.where(
                rng.random(indicators * months) < 0.1, "On track this month", ""
            ),
        }
    )
    frame.to_csv(folder / "observations.csv", index=False)
    return {kind: folder / f"{kind}.csv" for kind in ("indicators", "targets", "observations")}


SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_bomb(path: Path, rows: int = 2_000_001) -> Path:
    """About 1 MB of .xlsx whose sheet unpacks to about 60 MB: a header and this many rows."""
    book, blank = openpyxl.Workbook(), io.BytesIO()
    book.save(blank)
    header = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for c, name in zip("ABC", ("indicator_id", "period", "value"))
    )
    block = "".join(f"<row><c><v>{n}</v></c><c><v>{n * 7}</v></c></row>" for n in range(100))
    body = block * (rows // 100)
    body += "<row><c><v>1</v></c></row>" * (rows % 100)
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{header}</row>{body}'
        "</sheetData></worksheet>"
    )
    base = zipfile.ZipFile(blank)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            if info.filename != SHEET:
                out.writestr(info.filename, base.read(info.filename))
        out.writestr(SHEET, sheet)
    return path
