"""Processes take turns at the store file (pmf_core/store/turns.py): a load gets in while another
process's page runs read without pause, and the lock files beside the store are only ever plain
files of our own."""

import contextlib
import io
import os
import subprocess
import sys
import textwrap
import threading

import pytest

from conftest import ROOT
from pmf_core import cli
from pmf_core.store import LockPathError, Store
from processes import python

# A process of "page runs", two threads each running units of several reads back to back, so
# that at every moment one of them is under way, until they see the loaded row (30 s at most):
# without the queue a waiting load never gets in.
PAGE_RUNS = """
    import sys, threading, time
    from pmf_core.store import Store
    store, seen, give_up = Store(sys.argv[1], wait_seconds=20), set(), time.monotonic() + 30
    def page_runs():
        while 6 not in seen and time.monotonic() < give_up:
            with store.unit_of_work():
                for _ in range(4):
                    seen.add(store.scalar("SELECT count(*) FROM targets"))
                    time.sleep(0.02)            # the page drawing between its reads
    threads = [threading.Thread(target=page_runs) for _ in range(2)]
    for t in threads:
        t.start()
    print("reading", flush=True)
    for t in threads:
        t.join()
    print(sorted(seen))
"""

LOAD_ONE_ROW = """
    import sys
    from pmf_core.store import Store
    store = Store(sys.argv[1], wait_seconds=2)
    with store.transaction() as con:
        con.execute(
            "INSERT INTO targets (indicator_id, financial_year, target, batch_id, revision, "
            "is_current) VALUES ('ENG', '2021/22', 70, NULL, 1, true)"
        )
    print("loaded")
"""


def test_a_load_gets_in_while_another_process_reads_without_pause(small_store):
    """The load waits at most 2 s while page runs read without pause: it must get in between
    them, and every page run sees the targets before the load or after it, whole."""
    readers = subprocess.Popen(
        [sys.executable, "-c", _dedent(PAGE_RUNS), small_store.path],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert readers.stdout.readline() == "reading\n"
    load = python(LOAD_ONE_ROW, small_store.path)
    out, err = readers.communicate(timeout=30)
    assert (load.returncode, load.stdout, load.stderr) == (0, "loaded\n", "")
    assert (readers.returncode, err) == (0, "")
    assert out == "[5, 6]\n"  # 5 targets before the load, 6 after
    assert small_store.scalar("SELECT count(*) FROM targets") == 6


def test_page_runs_of_one_process_share_one_opening(small_store, monkeypatch):
    """A unit opens the file at its first read and keeps that opening for the rest."""
    opened = []
    real_connect = __import__("duckdb").connect
    monkeypatch.setattr(
        "pmf_core.store.duckdb.connect", lambda *a, **k: opened.append(a) or real_connect(*a, **k)
    )
    with small_store.unit_of_work():
        assert opened == []  # nothing read yet: the file is not opened
        for _ in range(5):
            small_store.scalar("SELECT count(*) FROM indicators")
    assert len(opened) == 1
    small_store.scalar("SELECT count(*) FROM indicators")  # a unit of its own
    assert len(opened) == 2


@pytest.mark.parametrize("name", [".lock", ".queue"])
@pytest.mark.parametrize("target_exists", [True, False], ids=["to a file", "dangling"])
def test_a_link_at_a_lock_path_is_refused_never_followed(
    small_store, tmp_path, name, target_exists
):
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    if target_exists:
        target.write_text("keep me")
        os.utime(target, (1_000_000, 1_000_000))
    with contextlib.ExitStack() as stack:
        if name == ".queue":  # looked at when a unit joins one under way in another thread
            stack.enter_context(_turn_held_in_another_thread(small_store.path))
        _replace_with(small_store.path + name, lambda at: os.symlink(target, at))
        with pytest.raises(LockPathError, match=f"pmf.duckdb{name} is a symbolic link"):
            Store(small_store.path, wait_seconds=2).scalar("SELECT 1")
    if target_exists:
        assert target.read_text() == "keep me" and os.stat(target).st_mtime == 1_000_000
    else:
        assert not target.exists()


@contextlib.contextmanager
def _turn_held_in_another_thread(path: str):
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with Store(path).unit_of_work():
            held.set()
            done.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.mark.parametrize("name", [".lock", ".queue"])
def test_a_named_pipe_at_a_lock_path_is_refused_at_once(small_store, name):
    """A command finds a named pipe there: it says so and ends, rather than waiting for ever
    (a pipe opened for reading waits for a writer unless told not to)."""
    with contextlib.ExitStack() as stack:
        if name == ".queue":  # a turn under way, so the command looks at the queue
            stack.enter_context(_turn_held_in_another_thread(small_store.path))
        _replace_with(small_store.path + name, os.mkfifo)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["--db", small_store.path, "batches"])
    assert (status, out.getvalue()) == (2, "")
    assert err.getvalue().startswith(
        f"error: The store's lock file pmf.duckdb{name} is not a regular file"
    )
    assert err.getvalue().endswith(f"({small_store.path}{name})\n")


def _replace_with(path: str, make) -> None:
    """What another user of the folder might leave at a lock path, in place of our file."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    make(path)


def _dedent(script: str) -> str:
    return textwrap.dedent(script)
