"""`make bench`: status over 2,000 x 120 months, a 1,000,000-row load, page render times.

`--no-pages` leaves out the browser; `--pages-only` runs only the pages (first-visit ratios).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.synthetic import LAST, write_council
from pmf_core.ingest import load_path
from pmf_core.status import status_as_at
from pmf_core.store import Store


def timed(fn, repeat: int) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def load_all(store: Store, files: dict[str, Path]) -> None:
    for kind in ("indicators", "targets", "observations"):
        report = load_path(store, kind, files[kind], "bench")
        assert report.ok, report.problems[:5]


def bench_status(folder: Path) -> None:
    files = write_council(folder / "status", indicators=2000, months=120)
    store = Store(folder / "status.duckdb")
    store.create()
    load_all(store, files)
    floor_sql = ("SELECT * FROM observations WHERE is_current AND end_index <= ? "
                 "QUALIFY row_number() OVER (PARTITION BY indicator_id "
                 "ORDER BY end_index DESC) = 1")
    with store.session():
        rows = len(status_as_at(store, LAST - 30))
        figure = timed(lambda: status_as_at(store, LAST - 30), 15)
        floor = timed(lambda: store.query(floor_sql, [LAST - 30]), 15)
        with_spc = timed(lambda: status_as_at(store, LAST - 30, with_spc=True), 5)
    opened = timed(lambda: status_as_at(store, LAST), 5)
    print(f"status as at a month, {rows} indicators x 120 months (240,000 observations): "
          f"{figure:.1f} ms (target < 100 ms); floor, bare latest-row query: {floor:.1f} ms; "
          f"with opening the store: {opened:.1f} ms")
    print(f"status with SPC variation and assurance for every indicator (CLI, pages): "
          f"{with_spc:.0f} ms")


def bench_ingest(folder: Path) -> None:
    files = write_council(folder / "ingest", indicators=5000, months=200, seed=2)
    store = Store(folder / "ingest.duckdb")
    store.create()
    for kind in ("indicators", "targets"):
        assert load_path(store, kind, files[kind], "bench").ok
    start = time.perf_counter()
    report = load_path(store, "observations", files["observations"], "bench")
    figure = time.perf_counter() - start
    assert report.ok and report.batch.rows_total == 1_000_000, report.problems[:5]
    con = duckdb.connect(str(folder / "floor.duckdb"))
    start = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(files["observations"])])
    floor = time.perf_counter() - start
    con.close()
    print(f"validate and commit a 1,000,000-row observations CSV: {figure:.2f} s "
          f"(target < 15 s); floor, DuckDB read_csv into a table: {floor:.2f} s")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pmf-bench-") as tmp:
        folder = Path(tmp)
        if "--pages-only" not in sys.argv:
            bench_status(folder)
            bench_ingest(folder)
        if "--no-pages" not in sys.argv:
            from bench.pages import bench_pages
            bench_pages(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
