"""`make bench`: status over 2,000 x 120 months, a 1,000,000-row load, an .xlsx bomb refused,
benchmarking over 2,000,000 values, page render times, the server's memory after large upload
checks. `python -m bench ingest bomb` runs only
the sections named."""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from bench.comparators import bench_benchmarking
from bench.pages import bench_pages
from bench.synthetic import LAST, SHEET, write_bomb, write_council
from bench.timing import timed
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import check_file, load_path
from pmf_core.store import Store


def load_all(store: Store, files: dict[str, Path]) -> None:
    for kind in ("indicators", "targets", "observations"):
        report = load_path(store, kind, files[kind], "bench")
        assert report.ok, report.problems[:5]


def bench_status(folder: Path) -> None:
    files = write_council(folder / "status", indicators=2000, months=120)
    store = Store(folder / "status.duckdb")
    store.create()
    load_all(store, files)
    floor_sql = (
        "SELECT * FROM observations WHERE is_current AND end_index <= ? "
        "QUALIFY row_number() OVER (PARTITION BY indicator_id "
        "ORDER BY end_index DESC) = 1"
    )
    with store.unit_of_work():
        rows = len(status_as_at(store, LAST - 30))
        figure = timed(lambda: status_as_at(store, LAST - 30), 15)
        floor = timed(lambda: store.query(floor_sql, [LAST - 30]), 15)
        with_spc = timed(lambda: status_as_at(store, LAST - 30, with_spc=True), 5)
    opened = timed(lambda: status_as_at(store, LAST), 5)  # a unit of its own each time
    print(
        f"status as at a month, {rows} indicators x 120 months (240,000 observations): "
        f"{figure:.1f} ms (target < 100 ms); floor, bare latest-row query: {floor:.1f} ms; "
        f"with opening the store: {opened:.1f} ms"
    )
    print(
        f"status with SPC variation and assurance for every indicator (CLI, pages): "
        f"{with_spc:.0f} ms"
    )
    bench_reads(store)


def bench_reads(store: Store, count: int = 20) -> None:
    """A page run's reads, each a session of its own, share the unit of work's one opening."""

    def read() -> None:
        store.scalar("SELECT count(*) FROM indicators")

    def page_run() -> None:
        with store.unit_of_work():
            for _ in range(count):
                read()

    def each(step: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            for _ in range(count):
                step()

        return run

    kept = timed(page_run, 7)
    reopened = timed(each(read), 7)
    con = duckdb.connect(store.path)
    floor = timed(each(lambda: con.execute("SELECT count(*) FROM indicators").fetchall()), 7)
    con.close()
    print(
        f"{count} small reads in one unit of work, as a page run makes them (its turn "
        f"taken, the file opened and closed): {kept:.1f} ms; each read a unit of its own: "
        f"{reopened:.1f} ms; floor, the same reads on one bare open connection: "
        f"{floor:.1f} ms"
    )


def bench_ingest(folder: Path) -> None:
    files = write_council(folder / "ingest", indicators=5000, months=200, seed=2)
    store = Store(folder / "ingest.duckdb")
    store.create()
    for kind in ("indicators", "targets"):
        assert load_path(store, kind, files[kind], "bench").ok
    start = time.perf_counter()
    report = load_path(store, "observations", files["observations"], "bench")
    figure = time.perf_counter() - start
    assert report.ok and report.batch and report.batch.rows_total == 1_000_000, report.problems[:5]
    con = duckdb.connect(str(folder / "floor.duckdb"))
    start = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(files["observations"])])
    floor = time.perf_counter() - start
    con.close()
    print(
        f"validate and commit a 1,000,000-row observations CSV: {figure:.2f} s "
        f"(target < 15 s); floor, DuckDB read_csv into a table: {floor:.2f} s"
    )


def bench_bomb(folder: Path) -> None:
    """A 1 MB .xlsx that unpacks to 2,000,001 rows must be refused in under 5 s."""
    path = write_bomb(folder / "bomb.xlsx")
    data = path.read_bytes()
    store = Store(folder / "bomb.duckdb")
    store.create()

    def refuse():
        return check_file(store, "observations", data, path.name)

    report = refuse()
    assert report.problems and "data rows or more" in str(report.problems[0]), report.problems
    figure = timed(refuse, 3) / 1000
    tracemalloc.start()
    refuse()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    with zipfile.ZipFile(path) as package:
        floor = timed(lambda: _inflate(package), 3) / 1000
        unpacked = package.getinfo(SHEET).file_size / 1e6
    print(
        f"refuse a {len(data) / 1e6:.1f} MB .xlsx whose sheet unpacks to {unpacked:.0f} MB "
        f"and 2,000,001 rows: {figure:.2f} s (target < 5 s), peak Python memory "
        f"{peak:.0f} MB; floor, inflating the sheet: {floor:.2f} s"
    )


def _inflate(package: zipfile.ZipFile) -> None:
    with package.open(SHEET) as stream:
        while stream.read(1 << 20):
            pass


SECTIONS = {
    "status": bench_status,
    "ingest": bench_ingest,
    "bomb": bench_bomb,
    "benchmarking": bench_benchmarking,
}


def main() -> int:
    named = [a for a in sys.argv[1:] if not a.startswith("-")]
    unknown = set(named) - set(SECTIONS) - {"pages", "uploads"}
    if unknown:
        print(
            f"unknown section(s): {', '.join(sorted(unknown))}; choose from "
            f"{', '.join([*SECTIONS, 'pages', 'uploads'])}",
            file=sys.stderr,
        )
        return 2
    browser = [] if "--no-pages" in sys.argv else ["pages", "uploads"]
    wanted = named or [*SECTIONS, *browser]
    with tempfile.TemporaryDirectory(prefix="pmf-bench-") as tmp:
        folder = Path(tmp)
        for name in wanted:
            if name == "pages":
                bench_pages(folder)
            elif name == "uploads":
                from bench.uploads import bench_upload_memory

                bench_upload_memory(folder)
            else:
                SECTIONS[name](folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
