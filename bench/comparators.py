"""The Benchmarking page's data on 400 areas x 500 metrics x 10 years (2,000,000 values).

Loaded through the normal validation in five files of 400,000 rows (a file is limited to 100 MB),
then the page's data for one metric and one group timed beside a floor measured in the same run:
the bare query reading that metric's values for the group's areas.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.timing import timed
from pmf_core.analysis import comparators as analysis_comparators
from pmf_core.ingest import load_path
from pmf_core.rules.periods import fy_label
from pmf_core.store import Store
from pmf_core.store import comparators as store_comparators

AREAS, METRICS, YEARS, FILES = 400, 500, 10, 5
OWN = "E06000000"
GROUP = "Nearest neighbours"
FLOOR_SQL = (
    "SELECT area_code, period, value FROM benchmark_values WHERE is_current "
    "AND metric_id = $metric AND area_code IN (SELECT area_code FROM group_members "
    "WHERE is_current AND is_member AND group_name = $group UNION SELECT $own)"
)


def write_files(folder: Path, seed: int = 5) -> list[Path]:
    """Benchmarks CSVs (metrics split across files) and a groups CSV; the groups file last."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    codes = [f"E06{i:06d}" for i in range(AREAS)]
    years = [fy_label(2016 + y) for y in range(YEARS)]
    polarities = np.array(["higher_is_better", "lower_is_better", "none"])
    paths = []
    for part, metrics in enumerate(np.array_split(np.arange(METRICS), FILES)):
        n = len(metrics) * AREAS * YEARS
        metric_of = np.repeat(metrics, AREAS * YEARS)
        frame = pd.DataFrame(
            {
                "metric_id": [f"M{m:04d}" for m in metric_of],
                "metric_name": [f"Metric {m}" for m in metric_of],
                "area_code": np.tile(np.repeat(codes, YEARS), len(metrics)),
                "area_name": np.tile(
                    np.repeat([f"Area {i}" for i in range(AREAS)], YEARS), len(metrics)
                ),
                "period": np.tile(years, len(metrics) * AREAS),
                "value": np.round(rng.normal(50, 10, n), 1),
                "polarity": polarities[metric_of % 3],
            }
        )
        paths.append(folder / f"benchmarks-{part}.csv")
        frame.to_csv(paths[-1], index=False)
    members = rng.choice(codes[1:], 15, replace=False)
    pd.DataFrame({"group": GROUP, "area_code": members}).to_csv(folder / "groups.csv", index=False)
    return paths + [folder / "groups.csv"]


def bench_benchmarking(folder: Path) -> None:
    files = write_files(folder / "benchmarking")
    store = Store(folder / "benchmarking.duckdb")
    store.create()
    store_comparators.set_area(store, OWN, "Own council", "bench")
    start = time.perf_counter()
    for path in files:
        kind = "groups" if path.name == "groups.csv" else "benchmarks"
        report = load_path(store, kind, path, "bench")
        assert report.ok, report.problems[:5]
    loaded = time.perf_counter() - start
    rows = store.scalar("SELECT count(*) FROM benchmark_values WHERE is_current")
    assert rows == AREAS * METRICS * YEARS, rows
    metric, other = f"M{METRICS // 2:04d}", f"M{METRICS // 2 + 1:04d}"
    params = {"metric": metric, "group": GROUP, "own": OWN}
    with store.session():
        figure = timed(lambda: analysis_comparators.metric_view(store, metric, GROUP), 15)
        floor = timed(lambda: store.query(FLOOR_SQL, params), 15)
        every = timed(
            lambda: analysis_comparators.metric_view(store, other, store_comparators.ALL_AREAS), 5
        )
    print(
        f"benchmarks, {AREAS} areas x {METRICS} metrics x {YEARS} years ({rows:,} values) "
        f"validated and loaded in {FILES} files: {loaded:.1f} s"
    )
    print(
        f"Benchmarking page data, one metric and a 16-area group: {figure:.1f} ms "
        f"(target < 200 ms); floor, the bare query of its values: {floor:.1f} ms; "
        f"against all {AREAS} areas: {every:.1f} ms"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="pmf-bench-") as tmp:
        bench_benchmarking(Path(tmp))
