"""The DuckDB store: the one place connections are opened, and the only package importing duckdb.

Like datasette's Database class, a Store owns its file. Connections are short-lived (opened per
unit of work, reused inside ``session()``), because DuckDB lets only one process hold the file:
the app and a scheduled ``python -m pmf_core load`` must take turns. A busy file is retried for a
bounded time and then reported in plain words. Every write runs in one transaction behind one
writer lock per process, and is checkpointed into the file before it returns.

A store keeps the file's database open for a moment after its last session, so that the reads
of one page run share one opening, and lets it go at once for another process that waits
(holding.py).
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pmf_core.store.holding import (
    CONNECTING,
    Holding,
    ask_for,
    holding_for,
    stop_asking,
)
from pmf_core.store.schema import MIGRATIONS, SCHEMA

DEFAULT_PATH = "data/pmf.duckdb"


class StoreBusyError(RuntimeError):
    """Another program holds the store file for longer than we are prepared to wait."""


class StoreError(RuntimeError):
    """A request the store cannot carry out (unknown batch, already rolled back, ...)."""


def default_path() -> str:
    """The store path: $PMF_DB, else data/pmf.duckdb (SPEC 7); the app uses the same rule."""
    return os.environ.get("PMF_DB") or DEFAULT_PATH


class Store:
    def __init__(self, path: str | os.PathLike | None = None, wait_seconds: float = 30.0):
        self.path = os.path.expanduser(str(path or default_path()))
        self.wait_seconds = wait_seconds
        self._local = threading.local()
        self._writer = threading.Lock()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @contextmanager
    def session(self):
        """One connection for everything inside the block (in this thread)."""
        held = getattr(self._local, "con", None)
        if held is not None:
            yield held
            return
        holding = self._holding()
        con = self._connect(holding)
        self._local.con = con
        try:
            yield con
        except duckdb.Error:
            if holding is not None:
                holding.close()     # DuckDB may have given up on the open database: reopen it
            raise
        finally:
            self._local.con = None
            con.close()
            if holding is not None:
                holding.done()

    def _holding(self) -> Holding | None:
        """The process's hold on the file the path names now (a link may have been re-pointed)."""
        return None if self.path == ":memory:" else holding_for(self.path)

    def _connect(self, holding: Holding | None):
        if holding is not None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait_seconds
        delay, asked = 0.05, False
        while True:
            try:
                con = _in_memory() if holding is None else holding.connect()
                if asked:
                    stop_asking(self.path)
                return con
            except duckdb.Error as exc:
                if not _is_busy(exc):
                    raise StoreError("The store file could not be opened: it is not a store "
                                     "made by this program, or it cannot be read.") from exc
                if time.monotonic() >= deadline:
                    stop_asking(self.path)
                    raise StoreBusyError(
                        "The store is in use by another program (a load or the app); waited "
                        f"{self.wait_seconds:g} s. Try again in a moment.") from exc
                ask_for(self.path)
                asked = True
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def close(self) -> None:
        """Let the file go now (a command that has finished), not KEEP_OPEN_SECONDS later."""
        holding = self._holding()
        if holding is not None:
            holding.close()

    def query(self, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
        """Run one parameterised read on its own cursor and return it as a frame."""
        with self.session() as con:
            cursor = con.cursor()
            try:
                return cursor.execute(sql, params or []).df()
            finally:
                cursor.close()

    def scalar(self, sql: str, params=None):
        with self.session() as con:
            cursor = con.cursor()
            try:
                row = cursor.execute(sql, params or []).fetchall()
            finally:
                cursor.close()
        return row[0][0] if row else None

    @contextmanager
    def transaction(self):
        """The one writer: a single transaction, committed whole or rolled back whole."""
        with self._writer, self.session() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            if not _checkpointed(con):
                self.close()                # DuckDB gave up on the open database: reopen it

    def create(self) -> None:
        """Create the tables if they are missing, and add columns an older file lacks."""
        with self.transaction() as con:
            for statement in SCHEMA:
                con.execute(statement)
            _add_missing_columns(con)

    def exists(self) -> bool:
        return self.path == ":memory:" or Path(self.path).exists()

    def version(self) -> str:
        """A cheap stamp that changes whenever the file does, for keying caches without a lock."""
        stamps = []
        for name in (self.path, self.path + ".wal"):
            try:
                info = os.stat(name)
                stamps.append(f"{info.st_mtime_ns}:{info.st_size}")
            except OSError:
                stamps.append("-")
        return "|".join(stamps)


def _in_memory():
    with CONNECTING:
        return duckdb.connect(":memory:")


def _checkpointed(con) -> bool:
    """Into the file now, as closing the last connection would: a copy or a backup of the file
    then holds every write, and the version stamp settles with the write. The write is already
    safe in the WAL, so a checkpoint that fails (a full disk) is not a failed write."""
    try:
        con.execute("FORCE CHECKPOINT")
    except duckdb.Error:
        return False
    return True


def _is_busy(exc: Exception) -> bool:
    """Another process holds the file lock, or another thread is opening it this instant."""
    return isinstance(exc, duckdb.ResourceInUseException) or "lock" in str(exc).lower()


def _add_missing_columns(con) -> None:
    """Bring a store made by an earlier version up to the current tables (names are constants)."""
    have = set(con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                           "WHERE NOT internal AND schema_name = 'main'").fetchall())
    for table, column, kind in MIGRATIONS:
        if (table, column) not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
