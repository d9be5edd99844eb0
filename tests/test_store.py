"""The store's connection discipline: one writer, whole transactions, waiting for a busy file."""

import shutil
import subprocess
import sys
import textwrap
import threading

import pandas as pd
import pytest

from conftest import ROOT, csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.store import Store, StoreBusyError


def test_a_failed_transaction_writes_nothing(small_store):
    with pytest.raises(RuntimeError), small_store.transaction() as con:
        con.execute("DELETE FROM targets")
        raise RuntimeError("crash mid-load")
    assert small_store.scalar("SELECT count(*) FROM targets") == 5


def test_a_failure_after_rows_are_inserted_leaves_no_half_batch(small_store):
    """The batch record is the transaction's last statement: make it fail after the rows."""
    from pmf_core.ingest import check_file
    from pmf_core.store.writes import BatchMeta, write_batch

    report = check_file(
        small_store,
        "observations",
        csv_bytes("indicator_id,period,value\nCIC,2020-10,70\n"),
        "x.csv",
    )
    rows = report.rows.assign(loaded_by="a", loaded_at=None)
    broken = BatchMeta("observations", "x.csv", "0" * 64, "a", loaded_at="not a time")
    with pytest.raises(Exception):  # noqa: B017 - whichever error DuckDB raises for the time
        write_batch(small_store, broken, rows)
    assert small_store.scalar("SELECT count(*) FROM observations") == 0
    assert small_store.scalar("SELECT count(*) FROM batches WHERE kind = 'observations'") == 0


def test_two_loads_at_once_in_one_process_both_land(small_store):
    errors = []

    def load(month):
        try:
            report = load_bytes(
                small_store,
                "observations",
                csv_bytes(f"indicator_id,period,value\nCIC,2020-{month:02d},70\n"),
                f"{month}.csv",
                "a",
            )
            assert report.ok
        except Exception as exc:  # collected, then asserted below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(m,)) for m in (8, 9, 10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert small_store.scalar("SELECT count(*) FROM observations WHERE is_current") == 3


# Without the fix, 3-15 writes in 400 failed (so 200 find it); a round starts with the file closed.
ROUNDS, THREADS = 100, 2


def test_threads_opening_the_store_at_once_each_write_a_registered_frame(store):
    """Each load registers its rows as a frame inside its transaction. Two threads opening the
    closed file at the same moment could leave one connection unable to read such a frame (a
    race in DuckDB's sharing of a file's database within a process)."""
    rows = pd.DataFrame({"n": [1, 2, 3]})
    errors = []

    def write(start: threading.Barrier) -> None:
        try:
            start.wait()
            with store.session(), store.transaction() as con:  # the file opened at once
                con.register("rows", rows)
                con.execute("INSERT INTO numbers SELECT n FROM rows")
                con.unregister("rows")
        except Exception as exc:  # collected, then asserted below
            errors.append(repr(exc))

    with store.transaction() as con:
        con.execute("CREATE TABLE numbers (n INTEGER)")
    for _ in range(ROUNDS):
        # each round opens the closed file
        start = threading.Barrier(THREADS)
        threads = [threading.Thread(target=write, args=(start,)) for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == [], f"{len(errors)} of {ROUNDS * THREADS} writes failed: {errors[0]}"
    assert store.scalar("SELECT sum(n) FROM numbers") == ROUNDS * THREADS * 6


HOLD = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


def hold_file(path, seconds):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_waits_for_a_program_that_takes_no_turns_then_goes_on(small_store):
    """DuckDB run by hand holds the file without the store's lock file: waited for as busy."""
    holder = hold_file(small_store.path, 1.0)
    assert small_store.scalar("SELECT count(*) FROM indicators") == 5  # waited ~1 s
    holder.wait()


def test_a_busy_store_is_reported_in_plain_words(small_store):
    holder = hold_file(small_store.path, 5)
    impatient = Store(small_store.path, wait_seconds=0.5)
    with pytest.raises(StoreBusyError, match="in use by another program") as busy:
        impatient.scalar("SELECT 1")
    assert str(small_store.path) not in str(busy.value) and "/" not in str(busy.value)
    holder.kill()
    holder.wait()


def test_a_write_is_in_the_file_when_it_returns(small_store, tmp_path):
    """Inside a unit of work that goes on after it, a write is already in the file itself: a
    copy of the file alone (no WAL) holds it."""
    with small_store.unit_of_work():
        with small_store.transaction() as con:
            con.execute("DELETE FROM targets WHERE indicator_id = 'CIC'")
        shutil.copy(small_store.path, tmp_path / "copy.duckdb")
    assert Store(tmp_path / "copy.duckdb").scalar("SELECT count(*) FROM targets") == 4
    assert small_store.scalar("SELECT count(*) FROM targets") == 4
