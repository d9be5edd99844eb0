"""A store file that cannot be used is named for what is wrong with it, on the command line (exit
2, one plain line) as in the library: damaged, not a store, read-only file or folder, a full disk,
replaced while open. Read-only and full file systems are made for real, with a mount of their
own inside a mount namespace that ends with the child process (``unshare``)."""

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

from conftest import ROOT
from pmf_core import cli
from pmf_core.store import (
    NotAStoreError,
    Store,
    StoreDamagedError,
    StoreReplacedError,
)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


def damage(path: str, offset: int) -> None:
    """Overwrite 4 KB of the file, as a failing disk or a stray write would."""
    with open(path, "r+b") as file:
        file.seek(offset)
        file.write(bytes(range(256)) * 16)


def test_a_damaged_block_is_named_at_once_not_taken_for_a_busy_file(small_store):
    """The error's text says "block", in which the words "lock" appear; the store waits 30 s
    for a busy file, so a damaged one taken for busy would outlast the test's own limit."""
    damage(small_store.path, 8192)
    with pytest.raises(StoreDamagedError):
        Store(small_store.path, wait_seconds=30).scalar("SELECT count(*) FROM indicators")
    status, out, err = run_cli("--db", small_store.path, "batches")
    assert (status, out) == (2, "")
    assert err == (
        "error: The store file is damaged: part of it cannot be read. Restore the "
        "last backup (see docs/operations.md); nothing can be "
        f"shown or loaded until then. ({small_store.path})\n"
    )


def test_a_truncated_file_is_damaged(small_store):
    os.truncate(small_store.path, 20_000)  # past DuckDB's headers, short of its blocks
    with pytest.raises(StoreDamagedError):
        small_store.scalar("SELECT count(*) FROM targets")


@pytest.mark.parametrize(
    "content", [b"", b"indicator_id,period,value\nCIC,2020-10,70\n"], ids=["empty", "a CSV"]
)
def test_a_file_that_is_no_database_is_not_a_store(tmp_path, content):
    path = tmp_path / "pmf.duckdb"
    path.write_bytes(content)
    with pytest.raises(NotAStoreError, match="not a store of this program"):
        Store(path, wait_seconds=30).create()
    assert path.read_bytes() == content


def test_a_backup_copied_over_the_file_is_read_or_refused(small_store, empty_store_file):
    """``cp backup pmf.duckdb`` while pages read: each read sees one whole store or is refused
    in plain words, never taken for a damaged file, never a mixture."""
    stores = [small_store.path + ".a", str(empty_store_file)]
    shutil.copy(small_store.path, stores[0])
    stop, seen = threading.Event(), set()

    def copy_over() -> None:
        while not stop.is_set():
            for source in stores:
                shutil.copyfile(source, small_store.path)

    copier = threading.Thread(target=copy_over)
    copier.start()
    try:
        for _ in range(60):
            try:
                with small_store.unit_of_work():
                    seen.add(small_store.scalar("SELECT count(*) FROM indicators"))
                    seen.add(small_store.scalar("SELECT count(*) FROM targets"))
            except StoreReplacedError:
                seen.add("refused")
    finally:
        stop.set()
        copier.join()
    assert seen <= {5, 0, "refused"} and "refused" in seen


# In a mount namespace of its own: a file system of its own at argv[1] (a small tmpfs, or the
# folder bound read-only), the store copied there, then the command line run on it.
IN_OWN_MOUNTS = """
    import contextlib, io, json, os, shutil, subprocess, sys
    folder, source, setup = sys.argv[1], sys.argv[2], sys.argv[3]
    store = os.path.join(folder, "pmf.duckdb")

    def mount(*args):
        subprocess.run(["mount", *args], check=True)

    def cli(*argv):
        from pmf_core import cli
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["--db", store, *argv])
        return [status, out.getvalue(), err.getvalue()]

    results = {}
    exec(sys.argv[4])
    print(json.dumps(results))
"""


def in_own_mounts(tmp_path, source, script: str) -> dict:
    folder = tmp_path / "mounted"
    folder.mkdir()
    unshare = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    done = subprocess.run(
        [
            *unshare,
            sys.executable,
            "-c",
            textwrap.dedent(IN_OWN_MOUNTS),
            str(folder),
            str(source),
            "",
            textwrap.dedent(script),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr[-3000:]
    return json.loads(done.stdout)


EXTRACT = "indicator_id,period,value,commentary\n" + "".join(
    f"CIC,{2015 + m // 12}-{m % 12 + 1:02d},{60 + m % 9},month {m}\n" for m in range(60)
)


def test_a_full_disk_is_one_plain_line_and_a_write_it_stopped_is_not_reported_done(
    tmp_path, small_store_file
):
    """First room for the journal but not for the file: the load is not reported as loaded, and
    once there is room the next use of the store finishes it. Then no room at all: the load
    writes nothing and says so; the log beside the store cannot be written either, and that
    costs no traceback."""
    for name in ("first", "second"):
        (tmp_path / f"{name}.csv").write_text(EXTRACT.replace("month", name))
    results = in_own_mounts(
        tmp_path,
        small_store_file,
        f"""
        mount("-t", "tmpfs", "-o", "size=" + str(os.path.getsize(source) + (1 << 20)), "tmpfs",
              folder)
        shutil.copy(source, store)
        filler = os.path.join(folder, "filler")
        with open(filler, "wb") as fill:
            fill.write(bytes(shutil.disk_usage(folder).free - 200_000))
        results["nearly full"] = cli("load", "observations", "{tmp_path / "first.csv"}")
        results["journal"] = os.path.getsize(store + ".wal") > 0
        os.remove(filler)
        results["after room"] = cli("batches")
        with open(filler, "wb", buffering=0) as fill, contextlib.suppress(OSError):
            while True:
                fill.write(bytes(4096))
        results["full"] = cli("load", "observations", "{tmp_path / "second.csv"}")
        from pmf_core import cli as module
        from pmf_core.store import Store
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                raise RuntimeError("a failure to log")
            except RuntimeError:
                results["logged"] = [module._log_failure(Store(store), "load"), err.getvalue()]
        os.remove(filler)
        results["after full"] = cli("batches")
    """,
    )
    status, out, err = results["nearly full"]
    assert (status, out) == (2, "") and results["journal"]
    assert err.startswith(
        "error: The disk holding the store is full: this change is not "
        "finished. It is kept in the store's journal"
    )
    after_room = results["after room"][1].splitlines()
    assert len(after_room) == 4 and after_room[1].startswith("3,observations,first.csv,")
    status, out, err = results["full"]
    assert (status, out) == (2, "")
    assert err == (
        "error: The disk holding the store is full: nothing was written. Free some "
        f"space, then try again. ({tmp_path / 'mounted' / 'pmf.duckdb'})\n"
    )
    assert results["logged"] == ["the detail could not be written to the log", ""]
    assert results["after full"][1] == results["after room"][1]  # nothing more


def test_a_read_only_store_says_which_cannot_be_written(tmp_path, small_store_file):
    """The file bound read-only, then its folder: each command says which, and where."""
    results = in_own_mounts(
        tmp_path,
        small_store_file,
        """
        shutil.copy(source, store)
        cli("batches")                          # its lock files made while it could be
        for which, bound in (("file", store), ("folder", folder)):
            mount("--bind", bound, bound)
            mount("-o", "remount,bind,ro", bound)
            results[which] = [cli("batches"), cli("area", "--code", "E06000059", "--name", "X")]
            mount("-o", "remount,bind,rw", bound)
    """,
    )
    mounted = tmp_path / "mounted"
    starts = {
        "file": "error: The store file is read-only: this program may not write it.",
        "folder": "error: The folder holding the store is read-only: the store writes "
        "its journal and lock files beside it.",
    }
    for which, where in (("file", mounted / "pmf.duckdb"), ("folder", mounted)):
        for status, out, err in results[which]:
            assert (status, out) == (2, "")
            assert err.startswith(starts[which]) and err.endswith(f"({where})\n")
