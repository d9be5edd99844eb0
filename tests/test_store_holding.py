"""A store keeps its file open between sessions (pmf_core/store/holding.py), and lets it go: when
idle, when asked to, at exit, for a waiting process, when the file is replaced, and after DuckDB
gave up on the open database."""
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import copied
from pmf_core.store import Store
from pmf_core.store.holding import ASKED_SECONDS, KEEP_OPEN_SECONDS, ask_for, asked_for, stop_asking
from processes import another_process_opens, python


def count_in_another_process(path, table: str) -> subprocess.CompletedProcess:
    return python(f"""
        import sys
        from pmf_core.store import Store
        print(Store(sys.argv[1]).scalar("SELECT count(*) FROM {table}"))
    """, path)


def test_the_file_is_let_go_soon_after_the_last_use(small_store):
    assert small_store.scalar("SELECT count(*) FROM indicators") == 5
    assert another_process_opens(small_store.path, within=10 * KEEP_OPEN_SECONDS + 5)


def test_close_lets_the_file_go_at_once(small_store):
    assert small_store.scalar("SELECT count(*) FROM indicators") == 5
    small_store.close()
    assert another_process_opens(small_store.path, within=0)
    assert small_store.scalar("SELECT count(*) FROM indicators") == 5    # and opens it again


def test_a_process_that_exits_holding_the_file_closes_it_quietly(small_store):
    small_store.close()
    done = count_in_another_process(small_store.path, "indicators")
    assert (done.returncode, done.stdout, done.stderr) == (0, "5\n", "")
    assert another_process_opens(small_store.path, within=0)


def test_a_note_asks_for_the_file_while_it_is_fresh(tmp_path):
    path = str(tmp_path / "pmf.duckdb")
    assert not asked_for(path)
    ask_for(path)
    assert asked_for(path)
    stale = time.time() - ASKED_SECONDS - 1
    os.utime(path + ".wanted", (stale, stale))
    assert not asked_for(path)                  # a waiter that died long ago
    os.utime(path + ".wanted", (time.time() + 3600, time.time() + 3600))
    assert not asked_for(path)                  # a clock set wrong
    ask_for(path)
    assert asked_for(path)
    stop_asking(path)
    assert not asked_for(path) and not os.path.exists(path + ".wanted")


WRITE_ONE_ROW = """
    import sys
    from pmf_core.store import Store
    store = Store(sys.argv[1], wait_seconds=20)
    with store.transaction() as con:
        con.execute("INSERT INTO targets VALUES ('ENG', '2021/22', 70, NULL, 1, true)")
"""


@pytest.mark.parametrize("by_link", [False, True], ids=["one name", "a link and the file"])
def test_a_waiting_process_gets_the_file_from_a_busy_reader(small_store, tmp_path, by_link):
    """A reader that never idles for KEEP_OPEN_SECONDS (a busy app) would keep the file for
    good; another process's load, waiting for it, must still get in, whatever name each of
    them knows the file by (the app by the file's own name, a scheduled load through a link)."""
    small_store.close()
    loading = small_store.path
    if by_link:
        loading = tmp_path / "link.duckdb"
        loading.symlink_to(small_store.path)
    done = threading.Event()

    def read_busily() -> None:
        while not done.is_set():
            small_store.scalar("SELECT count(*) FROM indicators")
            time.sleep(KEEP_OPEN_SECONDS / 5)
    reader = threading.Thread(target=read_busily)
    reader.start()
    try:
        load = python(WRITE_ONE_ROW, loading)
    finally:
        done.set()
        reader.join()
    assert (load.returncode, load.stderr) == (0, "")
    assert small_store.scalar("SELECT count(*) FROM targets") == 6
    assert not os.path.exists(small_store.path + ".wanted")      # the waiter took its note


@pytest.mark.parametrize("restore", ["moved over", "copied over"])
def test_a_restored_file_is_read_and_written_at_once(small_store, empty_store_file, tmp_path,
                                                     restore):
    """Someone restores another store file over the path (``mv``, or ``cp`` writing into the
    same file) while the store holds the old one."""
    assert small_store.scalar("SELECT count(*) FROM indicators") == 5
    if restore == "moved over":
        shutil.copy(empty_store_file, tmp_path / "restored.duckdb")
        os.replace(tmp_path / "restored.duckdb", small_store.path)
    else:
        shutil.copyfile(empty_store_file, small_store.path)
    assert Store(small_store.path).scalar("SELECT count(*) FROM indicators") == 0
    assert small_store.scalar("SELECT count(*) FROM indicators") == 0
    with small_store.transaction() as con:
        con.execute("INSERT INTO targets VALUES ('ENG', '2021/22', 70, NULL, 1, true)")
    small_store.close()
    assert count_in_another_process(small_store.path, "targets").stdout == "1\n"


def test_a_link_pointed_at_another_file_is_followed(small_store, tmp_path):
    (tmp_path / "other").mkdir()
    other = copied(Path(small_store.path), tmp_path / "other" / "pmf.duckdb")
    with other.transaction() as con:
        con.execute("DELETE FROM indicators WHERE indicator_id = 'ENG'")
    link = tmp_path / "link.duckdb"
    link.symlink_to(small_store.path)
    through_link = Store(link)
    assert through_link.scalar("SELECT count(*) FROM indicators") == 5
    link.unlink()
    link.symlink_to(other.path)
    assert through_link.scalar("SELECT count(*) FROM indicators") == 4
    assert small_store.scalar("SELECT count(*) FROM indicators") == 5


def test_a_path_from_home_is_the_file_there(small_store, tmp_path, monkeypatch):
    """$PMF_DB=~/pmf.duckdb where no shell expands the ~ (a service's settings)."""
    monkeypatch.setenv("HOME", str(Path(small_store.path).parent))
    monkeypatch.chdir(tmp_path)
    home = Store("~/" + Path(small_store.path).name)
    assert home.path == small_store.path
    assert home.scalar("SELECT count(*) FROM indicators") == 5
    assert not (tmp_path / "~").exists()


def test_reads_go_on_after_a_checkpoint_fails(store):
    """A full disk: the write reaches the WAL but not the file. DuckDB then refuses the open
    database; the store opens it again (replaying the WAL) for the next read."""
    with store.transaction() as con:
        con.execute("CREATE TABLE t (n INTEGER, s VARCHAR)")
    store.close()
    done = python("""
        import os, resource, signal, sys
        from pmf_core.store import Store
        store = Store(sys.argv[1])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails instead
        limit = os.path.getsize(sys.argv[1])             # the file may not grow; the WAL may
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        with store.transaction() as con:
            con.execute("INSERT INTO t SELECT range, repeat('x', 50) FROM range(2000)")
        print(os.path.getsize(sys.argv[1]) == limit, os.path.getsize(sys.argv[1] + ".wal") > 0)
        print(store.scalar("SELECT count(*) FROM t"), store.scalar("SELECT count(*) FROM t"))
    """, store.path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "True True\n2000 2000\n", "")
    assert store.scalar("SELECT count(*) FROM t") == 2000   # and then in the file
