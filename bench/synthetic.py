"""Synthetic councils for benchmarks: many indicators, long monthly histories."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pmf_core.periods import Period, month_index

LAST = month_index(2026, 10)


def write_council(folder: Path, indicators: int, months: int, seed: int = 1) -> dict[str, Path]:
    """Indicators, targets and observations CSVs of a council with monthly measures."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"B{i:05d}" for i in range(indicators)]
    services = [f"Service {i % 40:02d}" for i in range(indicators)]
    pd.DataFrame({
        "indicator_id": ids, "name": [f"Measure {i}" for i in range(indicators)],
        "directorate": [f"Directorate {i % 4}" for i in range(indicators)],
        "service": services, "unit": "No.", "frequency": "monthly",
        "polarity": rng.choice(["higher_is_better", "lower_is_better", "none"], indicators),
        "committees": rng.choice(["People and Health", "Place and Resources"], indicators),
        "perspective": rng.choice(["Operational", "Customer", "HR", "Finance"], indicators),
    }).to_csv(folder / "indicators.csv", index=False)
    ends = np.arange(LAST - months + 1, LAST + 1)
    years = sorted({Period(int(e), "monthly").financial_year for e in ends})
    pd.DataFrame([(i, fy, 100.0) for i in ids for fy in years],
                 columns=["indicator_id", "financial_year", "target"]).to_csv(
        folder / "targets.csv", index=False)
    keys = np.array([Period(int(e), "monthly").key for e in ends])
    frame = pd.DataFrame({
        "indicator_id": np.repeat(ids, months), "period": np.tile(keys, indicators),
        "value": np.round(rng.normal(100, 8, indicators * months), 2),
        "commentary": np.where(rng.random(indicators * months) < 0.1, "On track this month", ""),
    })
    frame.to_csv(folder / "observations.csv", index=False)
    return {kind: folder / f"{kind}.csv" for kind in ("indicators", "targets", "observations")}
