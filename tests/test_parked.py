"""A checked file's rows parked on disk until committed: the same rows written, the file gone
once committed or once the check is dropped."""

from __future__ import annotations

import gc
import os

import pytest

from conftest import csv_bytes
from pmf_core.ingest import check_file, commit
from pmf_core.store import reads

EXTRACT = csv_bytes("""\
    indicator_id,period,value,commentary
    CIC,2020-10,70,Up\x0bagain
    FOST,2020-10,210,
    """)


def test_parked_rows_are_the_rows_committed_and_go_once_written(small_store):
    report = check_file(small_store, "observations", EXTRACT, "oct.csv").park()
    assert report.rows is None and report.row_count == 2
    path = report.parked.path
    assert os.path.getsize(path) > 0
    assert report.preview(200)["indicator_id"].tolist() == ["CIC", "FOST"]
    done = commit(small_store, report, "tester")
    assert done.batch.rows_total == 2 and not os.path.exists(path)
    saved = reads.series(small_store, "CIC")
    assert saved[["period", "value", "commentary"]].values.tolist() == [
        ["2020-10", 70.0, "Up\nagain"]
    ]
    with pytest.raises(ValueError, match="only a file checked"):
        commit(small_store, report, "tester")  # its rows are gone: nothing to write


def test_a_dropped_check_takes_its_file_with_it(small_store):
    report = check_file(small_store, "observations", EXTRACT, "oct.csv").park()
    path = report.parked.path
    del report
    gc.collect()
    assert not os.path.exists(path)
