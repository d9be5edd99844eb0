"""A load or a rollback killed at any moment (kill -9) leaves the store as it was, or, killed
after its commit, with the whole of it done; never half. The next load works."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from pmf_core.ingest import load_bytes
from pmf_core.store import Store, reads
from pmf_core.store.writes import rollback_batch

INDICATORS, MONTHS = 300, 120  # 36,000 rows: a CLI load takes about half a second here
ROWS = INDICATORS * MONTHS
AS_AT = 2020 * 12 + 12
# Kill points: seconds after start (start-up, reading, checking), then seconds after the store
# file first changes (inside the write transaction, its commit, its checkpoint).
AFTER_START = (0.4, 1.0)
AFTER_FIRST_WRITE = (0.0, 0.03, 0.06, 0.09)
# Where a process finished before its kill (a fast machine): tried again at these shares of its
# point, so that a kill lands (0: at the very start of that stage).
FALL_BACKS = (1, 0.5, 0)


def extract(version: int) -> bytes:
    """Every indicator's ten years of values, each version different, with an action plan."""
    lines = ["indicator_id,period,value,commentary,action"]
    for i in range(INDICATORS):
        lines += [
            f"K{i},{2010 + m // 12}-{m % 12 + 1:02d},{(i + m) % 90 + version},"
            f"v{version},Plan {i} v{version}"
            for m in range(MONTHS)
        ]
    return ("\n".join(lines) + "\n").encode()


def snapshot(path) -> tuple:
    """What a reader sees: latest values, batches, and how many rows each table holds."""
    store = Store(path, wait_seconds=10)
    counts = store.query(
        "SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM actions), "
        "(SELECT count(*) FROM action_updates), (SELECT count(*) FROM batch_actions), "
        "(SELECT count(*) FROM observations_unchanged)"
    ).values.tolist()[0]
    return reads.latest_rows(store, AS_AT).to_csv(), reads.batches(store).to_csv(), counts


def file_stamp(path) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def kill_after(command, path, start_delay=None, write_delay=None) -> int:
    """Run a load and kill it at the given point; its exit status (negative when killed)."""
    stamp = file_stamp(path)
    load = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if start_delay is not None:
        time.sleep(start_delay)
    else:
        while load.poll() is None and file_stamp(path) == stamp:
            time.sleep(0.002)
        time.sleep(write_delay)
    load.send_signal(signal.SIGKILL)
    return load.wait(timeout=60)


def assert_whole_or_nothing(path, before, version) -> tuple:
    """The store as before, or with the whole load in (the kill came after its commit)."""
    now = snapshot(path)
    if now != before:
        store = Store(path)
        newest = reads.batches(store).iloc[0]
        assert (newest["file_name"], newest["rows_revised"]) == (f"v{version}.csv", ROWS)
        assert now[2][0] == before[2][0] + ROWS, "a load was half written"
    return now


@pytest.fixture(scope="module")
def loaded_file(tmp_path_factory):
    """A store holding the indicators and a first extract, made once; tests copy it."""
    path = tmp_path_factory.mktemp("kill") / "kill.duckdb"
    store = Store(path, wait_seconds=10)
    store.create()
    definitions = "indicator_id,name,directorate,service,unit,frequency,polarity\n" + "".join(
        f"K{i},Measure {i},D{i % 7},S{i % 13},No.,monthly,higher_is_better\n"
        for i in range(INDICATORS)
    )
    for kind, data in (("indicators", definitions.encode()), ("observations", extract(1))):
        assert load_bytes(store, kind, data, f"{kind}.csv", "setup").ok
    return path


@pytest.mark.parametrize(
    "start_delay, write_delay",
    [(delay, None) for delay in AFTER_START] + [(None, delay) for delay in AFTER_FIRST_WRITE],
    ids=[f"reading-{d}" for d in AFTER_START] + [f"writing-{d}" for d in AFTER_FIRST_WRITE],
)
def test_a_load_killed_at_any_moment_leaves_no_half_load(
    loaded_file, tmp_path, start_delay, write_delay
):
    """Killed at its point, or, where a load finished first, at half that point and then at the
    start of that stage, so that a kill lands however fast the machine; each load seen whole
    or not at all. Then the next load works."""
    shutil.copy(loaded_file, tmp_path / "kill.duckdb")
    store = Store(tmp_path / "kill.duckdb", wait_seconds=10)
    state, killed = snapshot(store.path), False
    for version, share in enumerate(FALL_BACKS, start=2):
        (tmp_path / f"v{version}.csv").write_bytes(extract(version))
        command = [
            sys.executable,
            "-m",
            "pmf_core",
            "--db",
            str(store.path),
            "load",
            "observations",
            str(tmp_path / f"v{version}.csv"),
        ]
        status = kill_after(
            command,
            store.path,
            None if start_delay is None else start_delay * share,
            None if write_delay is None else write_delay * share,
        )
        assert status in (0, -signal.SIGKILL)
        state = assert_whole_or_nothing(store.path, state, version)
        if killed := status == -signal.SIGKILL:
            break
    assert killed, "every load finished before its kill: nothing was tested"
    # The next load works, and finds every row it revises whole (the command's own words for
    # a load are tested in test_cli; here its store part, without a third start-up).
    after = load_bytes(store, "observations", extract(99), "next.csv", "next")
    assert after.ok and after.batch is not None
    assert (after.batch.rows_new, after.batch.rows_revised) == (0, ROWS)
    actions = reads.actions(Store(store.path))
    assert len(actions) == INDICATORS and set(actions["action_plan"].str[-4:]) == {" v99"}


def rollback_view(path) -> tuple:
    """What a reader sees of a rollback: latest values, each batch's status, the row counts."""
    seen = snapshot(path)
    store = Store(path, wait_seconds=10)
    statuses = reads.batches(store)[["batch_id", "status"]].values.tolist()
    return seen[0], statuses, seen[2]


@pytest.fixture(scope="module")
def rollback_answers(loaded_file, tmp_path_factory) -> tuple:
    """The two right answers, worked out once on a copy: the store before the rollback of the
    extract (batch 2) and after it ran to its end."""
    finished = tmp_path_factory.mktemp("rollback") / "finished.duckdb"
    shutil.copy(loaded_file, finished)
    before = rollback_view(finished)
    rollback_batch(Store(finished), 2, "reference")
    after = rollback_view(finished)
    assert before != after and after[1] == [[2, "rolled_back"], [1, "active"]]
    return before, after


@pytest.mark.parametrize("delay", AFTER_FIRST_WRITE[::2], ids=lambda d: f"writing-{d}")
def test_a_rollback_killed_at_any_moment_leaves_the_load_whole_or_gone(
    loaded_file, tmp_path, rollback_answers, delay
):
    """A rollback killed at its point (or, where it finished first, at half that point and
    then as it starts writing) leaves one of the two right answers."""
    path, killed = tmp_path / "kill.duckdb", False
    for share in FALL_BACKS:
        shutil.copy(loaded_file, path)
        command = [sys.executable, "-m", "pmf_core", "--db", str(path), "rollback", "2"]
        status = kill_after(command, path, write_delay=delay * share)
        assert status in (0, -signal.SIGKILL)
        assert rollback_view(path) in rollback_answers
        if killed := status == -signal.SIGKILL:
            break
    assert killed, "every rollback finished before its kill: nothing was tested"
