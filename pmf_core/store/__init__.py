"""The DuckDB store: the one place connections are opened, and the only package importing duckdb.

How processes share the file. DuckDB lets one process at a time open a store file, so the app
and every command-line run work in units of work: a page run, a CLI command, a load's write, a
rollback. A unit takes its turn at the file when it starts (turns.py: a lock file beside the
store, waited for up to ``wait_seconds``, then StoreBusyError), opens the file at its first read
or write, and closes it when it ends; every read and write inside shares that one opening. A
process's units share its turn, and no new unit joins while another process waits, so a
scheduled load gets in between the app's page runs. A unit takes its turn before anything else,
so that no thread holding a turn waits for one still waiting for its own.

A write is one transaction behind one writer per process, checkpointed into the file before it
returns: a copy of the file alone holds every finished write. DuckDB's errors about the file are
named for what they are (errors.py): busy, read-only, damaged, not a store, full, replaced.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pmf_core.store.errors import (
    LockPathError,
    NotAStoreError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreFileError,
    StoreFullError,
    StoreReadOnlyError,
    StoreReplacedError,
    StoreWriteError,
    explain,
)
from pmf_core.store.schema import MIGRATIONS, SCHEMA, SCHEMA_OBJECTS
from pmf_core.store.turns import POLL_SECONDS, Turns

# How long a file that failed to open is watched for another program still writing it.
WRITER_PAUSE_SECONDS = 0.5

__all__ = [
    "DEFAULT_PATH",
    "LockPathError",
    "NotAStoreError",
    "Store",
    "StoreBusyError",
    "StoreDamagedError",
    "StoreError",
    "StoreFileError",
    "StoreFullError",
    "StoreReadOnlyError",
    "StoreReplacedError",
    "StoreWriteError",
    "default_path",
]

DEFAULT_PATH = "data/pmf.duckdb"
Params = list | tuple | dict | None
Identity = tuple[int, int, int, int] | None


def default_path() -> str:
    """The store path: $PMF_DB, else data/pmf.duckdb; the app and the CLI use the same rule."""
    return os.environ.get("PMF_DB") or DEFAULT_PATH


class Store:
    """A store file, used in units of work (see the module's docstring)."""

    def __init__(self, path: str | os.PathLike | None = None, wait_seconds: float = 30.0):
        self.path = os.path.expanduser(str(path or default_path()))
        self.wait_seconds = wait_seconds

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """One unit of work: its turn taken now, the file opened at its first read or write and
        closed at its end. Inside another unit of this thread it is part of that one."""
        file = _file(self.path)
        if file.unit() is not None:
            yield
            return
        unit = file.begin(self.wait_seconds)
        try:
            yield
        finally:
            file.end(unit)

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The unit's connection for everything inside the block (a unit of its own if none)."""
        with self.unit_of_work():
            file = _file(self.path)
            with file.explained(writing=False):
                yield file.connection()

    def query(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run one parameterised read on its own cursor and return it as a frame."""
        with self.session() as con:
            cursor = con.cursor()
            try:
                return cursor.execute(sql, params or []).df()
            finally:
                cursor.close()

    def scalar(self, sql: str, params: Params = None) -> Any:
        with self.session() as con:
            cursor = con.cursor()
            try:
                row = cursor.execute(sql, params or []).fetchall()
            finally:
                cursor.close()
        return row[0][0] if row else None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The one writer: a single transaction, committed whole or rolled back whole, and in
        the file itself (checkpointed) before it returns."""
        with self.session() as con, _file(self.path).writing():
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            _checkpoint(con, self.path)

    def create(self) -> None:
        """Create the tables if they are missing, and add columns an older file lacks. A store
        already current is only read: every command calls this first, and a command that reads
        takes no write transaction for it."""
        if self.exists():
            with self.session() as con:
                if not _missing(con):
                    return
        with self.transaction() as con:
            for statement in SCHEMA:
                con.execute(statement)
            _add_missing_columns(con)

    def exists(self) -> bool:
        return Path(self.path).exists()

    def own_files(self) -> tuple[str, ...]:
        """The store file and those kept beside it (journal, turn and queue locks): what no
        output may ever be written over."""
        return tuple(self.path + end for end in ("", ".wal", ".lock", ".queue"))

    def version(self) -> str:
        """A cheap stamp that changes whenever the file does, for keying caches without a turn."""
        stamps = []
        for name in (self.path, self.path + ".wal"):
            try:
                info = os.stat(name)
                stamps.append(f"{info.st_mtime_ns}:{info.st_size}")
            except OSError:
                stamps.append("-")
        return "|".join(stamps)


class _Unit:
    """One thread's unit of work on a file: its connection, once it has read or written."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        self.con: duckdb.DuckDBPyConnection | None = None


class _File:
    """One process's use of one store file: turns, units, connections, and the file as opened.

    "As opened" is the file's identity (inode, size, modification time) when this process opened
    it, renewed after each of our own writes: a change we did not make means another program
    wrote the file while we had it open (a backup copied over it), and we stop using it.
    """

    def __init__(self, path: str):
        self.path = path
        self.turns = Turns(path)
        self._local = threading.local()
        # Connections open one at a time: two threads connecting to the file at once could
        # leave one without the function that reads a registered frame (a DuckDB race).
        self._mutex = threading.Lock()
        self._writer = threading.Lock()
        self._connections = 0
        self._opened_as: Identity = None
        self._writing = False

    def unit(self) -> _Unit | None:
        return getattr(self._local, "unit", None)

    def begin(self, wait_seconds: float) -> _Unit:
        folder = Path(self.path).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except PermissionError:
            raise StoreReadOnlyError.folder(str(folder.parent)) from None
        self.turns.take(time.monotonic() + wait_seconds, wait_seconds)
        self._local.unit = unit = _Unit(wait_seconds)
        return unit

    def end(self, unit: _Unit) -> None:
        self._local.unit = None
        try:
            if unit.con is not None:
                with self._mutex:
                    unit.con.close()
                    self._connections -= 1
        finally:
            self.turns.give_back()

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The unit's connection, opened at its first use; refused once the file changed under
        us (it is not the file DuckDB holds open)."""
        unit = self.unit()
        assert unit is not None, "a connection is only made inside a unit of work"
        if unit.con is None:
            unit.con = self._open(unit.wait_seconds)
        elif self._replaced():
            raise StoreReplacedError(self.path)
        return unit.con

    def _open(self, wait_seconds: float) -> duckdb.DuckDBPyConnection:
        """A connection; DuckDB's own lock held by a program that takes no turns is waited for."""
        deadline = time.monotonic() + wait_seconds
        second_look = False
        while True:
            with self._mutex:
                if self._connections and self._replaced():
                    raise StoreReplacedError(self.path)
                before = _identity(self.path)
                try:
                    con = duckdb.connect(self.path)
                except duckdb.Error as exc:
                    named = explain(
                        exc,
                        self.path,
                        replaced=_being_written(self.path, before),
                        writing=False,
                        alone=not self._connections,
                    )
                    if isinstance(named, StoreBusyError):
                        second_look = False
                    elif second_look or not isinstance(exc, duckdb.IOException):
                        raise (named or exc) from exc
                    else:
                        # A holder that let go between the refused connect and the look at
                        # its lock would read as a damaged file: connect once more first.
                        second_look = True
                        continue
                    held = exc
                else:
                    if not self._connections:
                        self._opened_as = _identity(self.path)
                    self._connections += 1
                    return con
            if time.monotonic() >= deadline:
                raise StoreBusyError(wait_seconds) from held
            time.sleep(POLL_SECONDS)

    def _replaced(self) -> bool:
        return not self._writing and _identity(self.path) != self._opened_as

    @contextmanager
    def explained(self, writing: bool) -> Iterator[None]:
        """DuckDB's errors about the file, raised as the store errors they stand for."""
        try:
            yield
        except duckdb.Error as exc:
            with self._mutex:
                replaced = self._replaced()
            named = explain(exc, self.path, replaced=replaced, writing=writing, alone=False)
            if named is None:
                raise
            raise named from exc

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The process's one writer; the file as opened is renewed with its writes."""
        with self._writer:
            with self._mutex:
                if self._replaced():
                    raise StoreReplacedError(self.path)
                self._writing = True
            try:
                with self.explained(writing=True):
                    yield
            finally:
                with self._mutex:
                    self._writing = False
                    self._opened_as = _identity(self.path)


_FILES: dict[str, _File] = {}
_FILES_LOCK = threading.Lock()


def _file(path: str) -> _File:
    """The process's one _File for the file ``path`` names now (a link may have been re-pointed)."""
    real = os.path.realpath(path)
    with _FILES_LOCK:
        found = _FILES.get(real)
        if found is None:
            found = _FILES[real] = _File(real)
        return found


def _identity(path: str) -> Identity:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns


def _being_written(path: str, before: Identity) -> bool:
    """Whether another program is writing the file we failed to open (a backup being copied
    over it): it changed while we opened it, or changes within WRITER_PAUSE_SECONDS (a copy
    stalled for a moment by a busy machine is still a copy, not another kind of file)."""
    deadline = time.monotonic() + WRITER_PAUSE_SECONDS
    while _identity(path) == before:
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def _checkpoint(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Into the file now, as closing would: a copy of the file then holds the write. A write
    whose checkpoint fails (a full disk) lives only in the journal: it is not reported done."""
    try:
        con.execute("FORCE CHECKPOINT")
    except duckdb.Error as exc:
        named = explain(exc, path, replaced=False, writing=True, alone=False)
        if isinstance(named, StoreFullError):
            raise StoreFullError.not_finished(path) from exc
        raise StoreWriteError.not_finished(path) from exc


def _columns(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """Every (table, column) the store's own schema holds."""
    return set(
        con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
    )


def _missing(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a table, a sequence or a column of the current schema is not in the store."""
    have = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    have |= {
        row[0] for row in con.execute("SELECT sequence_name FROM duckdb_sequences()").fetchall()
    }
    if not set(SCHEMA_OBJECTS) <= have:
        return True
    columns = _columns(con)
    return any((table, column) not in columns for table, column, _ in MIGRATIONS)


def _add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a store made by an earlier version up to the current tables (names are constants)."""
    have = _columns(con)
    for table, column, kind in MIGRATIONS:
        if (table, column) not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
