"""Loading analysts' extracts: read, validate everything, then write all of it or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pmf_core.ingest.cells import Cells
from pmf_core.ingest.comparators import BENCHMARK_VALIDATORS
from pmf_core.ingest.parked import ParkedRows
from pmf_core.ingest.problems import FileRefused, Problem
from pmf_core.ingest.reading import read_table
from pmf_core.ingest.validate import (
    KINDS_OF_FILE,
    check_columns,
    ignored_for_unrated,
    validate_indicators,
    validate_observations,
    validate_targets,
)
from pmf_core.rules.periods import current_month
from pmf_core.rules.presentation import uk_datetime
from pmf_core.rules.stored_text import clean_name
from pmf_core.store import Store, reads
from pmf_core.store.writes import (
    AlreadyLoaded,
    BatchMeta,
    BatchResult,
    InForce,
    already_loaded,
    write_batch,
)

__all__ = [
    "KINDS_OF_FILE",
    "LoadReport",
    "Problem",
    "check_file",
    "commit",
    "load_bytes",
    "load_path",
]

Progress = Callable[[str], None]  # told each step as it finishes, e.g. to show on a page


@dataclass
class LoadReport:
    """What happened to one file: its clean rows, every problem, warnings and the batch written."""

    kind: str
    file_name: str
    sha256: str
    rows: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    batch: BatchResult | None = None
    already_loaded: str | None = None  # "already loaded as batch N (...); nothing changed"
    parked: ParkedRows | None = None  # the rows, once park() has moved them to disk

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def row_count(self) -> int:
        """How many valid rows the file has, wherever they are kept."""
        if self.rows is not None:
            return len(self.rows)
        return self.parked.count if self.parked is not None else 0

    def preview(self, count: int) -> pd.DataFrame:
        """The first valid rows (at most ParkedRows' PREVIEW_ROWS once parked)."""
        if self.rows is not None:
            return self.rows.head(count)
        return self.parked.preview.head(count) if self.parked is not None else pd.DataFrame()

    def park(self) -> LoadReport:
        """Move the valid rows to a temporary file, for a report kept between a page's runs."""
        if self.rows is not None and self.ok:
            self.parked, self.rows = ParkedRows(self.rows), None
        return self


def check_file(
    store: Store,
    kind: str,
    data: bytes,
    file_name: str,
    today: date | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Read and validate without writing: the preview an analyst sees before committing."""
    if kind not in KINDS_OF_FILE:
        raise ValueError(f"kind must be one of {', '.join(KINDS_OF_FILE)}")
    report_step = progress or (lambda step: None)
    report = LoadReport(kind, clean_name(file_name), hashlib.sha256(data).hexdigest())
    try:
        raw = read_table(data, file_name, kind)
    except FileRefused as refused:
        report.problems = refused.problems
        return report
    report_step(f"Read {len(raw.frame):,} rows")
    report.problems, report.warnings = check_columns(raw, kind)
    if report.problems:
        report.problems = _by_row(report.problems + raw.problems)
        return report
    report_step("Found the required columns")
    cells = Cells(raw.frame, raw.problems)
    with store.unit_of_work():  # one opening, one state of the store, for every check
        report.rows = _validate(store, kind, cells, today)
        if kind in ("targets", "observations"):
            report.warnings += ignored_for_unrated(report.rows, reads.indicator_kinds(store))
        report.problems = _by_row(cells.problems)
        if not len(raw.frame):
            report.problems.append(Problem(None, None, None, "the file has a header but no rows"))
        report_step(f"Checked every value: {len(report.problems):,} problems")
        _note_if_loaded(store, report)
    return report


def _note_if_loaded(store: Store, report: LoadReport) -> None:
    """A clean file whose batch is still in force is marked: committing it changes nothing."""
    if report.ok:
        found = already_loaded(store, report.kind, report.sha256)
        report.already_loaded = already_loaded_message(found) if found else None


def commit(store: Store, report: LoadReport, user: str) -> LoadReport:
    """Write a checked, clean file as one batch, without checking it again.

    A file already in force (found when checked, or by the write itself when an identical load
    got there first) writes nothing: the report says so and its batch stays None.
    """
    parked = report.parked if report.parked is not None and not report.parked.discarded else None
    if not report.ok or (report.rows is None and parked is None):
        raise ValueError("only a file checked with no problems can be written")
    if report.already_loaded:
        return report
    now = datetime.now()
    rows = _checked_rows(report.rows, parked)
    if report.kind == "observations":
        rows = rows.assign(loaded_by=user, loaded_at=now)
    meta = BatchMeta(report.kind, report.file_name, report.sha256, user, now)
    try:
        report.batch = write_batch(store, meta, rows)
    except AlreadyLoaded as loaded:
        report.already_loaded = already_loaded_message(loaded.batch)
    if parked is not None:
        parked.discard()  # written, or already in force: not needed again
    return report


def already_loaded_message(batch: InForce) -> str:
    """'already loaded as batch N (date, user); nothing changed'."""
    return (
        f"already loaded as batch {batch.batch_id} ({uk_datetime(batch.loaded_at)}, "
        f"{batch.loaded_by or 'unknown'}); nothing changed"
    )


def _checked_rows(rows: pd.DataFrame | None, parked: ParkedRows | None) -> pd.DataFrame:
    """The rows a check found valid: in the report, else read back from where they were parked."""
    if rows is not None:
        return rows
    if parked is None:
        raise ValueError("only a file checked with no problems can be written")
    return parked.load()


def _by_row(problems: list[Problem]) -> list[Problem]:
    """Every problem, file-level ones first, then by row and column."""
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _validate(store: Store, kind: str, cells: Cells, today: date | None) -> pd.DataFrame:
    if kind in BENCHMARK_VALIDATORS:
        return BENCHMARK_VALIDATORS[kind](cells, current_month(today))
    known = reads.indicator_frequencies(store)
    if kind == "indicators":
        return validate_indicators(cells, known, reads.observed_indicators(store))
    rules = reads.indicator_rules(store)
    if kind == "targets":
        return validate_targets(cells, known, dict(zip(rules["indicator_id"], rules["polarity"])))
    rates = {
        str(i): (float(s), int(d))
        for i, s, d in zip(rules["indicator_id"], rules["scale"], rules["decimals"])
    }
    return validate_observations(cells, known, current_month(today), rates)


def load_bytes(
    store: Store,
    kind: str,
    data: bytes,
    file_name: str,
    user: str,
    dry_run: bool = False,
    today: date | None = None,
) -> LoadReport:
    """Validate a file and, when it is clean and not a dry run, write it as one batch: one
    unit of work, so the store is opened once for the check and the write."""
    with store.unit_of_work():
        report = check_file(store, kind, data, file_name, today)
        return commit(store, report, user) if report.ok and not dry_run else report


def load_path(
    store: Store,
    kind: str,
    path: str | Path,
    user: str,
    dry_run: bool = False,
    today: date | None = None,
) -> LoadReport:
    path = Path(path)
    return load_bytes(store, kind, path.read_bytes(), path.name, user, dry_run, today)
