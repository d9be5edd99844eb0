"""Keeping a store file's database open between one process's sessions, and letting it go.

Opening a DuckDB file costs 10-100 ms, more than most reads, so a store keeps the database open
for KEEP_OPEN_SECONDS after its last session: the reads of one page run share one opening. Only
one process can hold the file, so a process of ours that finds it busy leaves a note beside it
(``<file>.wanted``) while it waits; a holder that sees a fresh note lets the file go after each
session, as if nothing were kept open, until the waiter is in. A holder also opens the file anew
when the file was replaced or copied over (a restored backup) by someone else, and after DuckDB
gave up on the open database (a failed checkpoint on a full disk, a read error).
"""
from __future__ import annotations

import atexit
import os
import threading
import time
import weakref
from contextlib import suppress

import duckdb

KEEP_OPEN_SECONDS = 0.5
# A waiter renews its note at least every 0.5 s; an older note is from one that gave up or died.
ASKED_SECONDS = 2.0
# DuckDB shares one database per file among a process's connections. Two threads connecting to
# it at once could leave one connection without the function that reads a registered pandas
# frame ("Table Function with name pandas_scan does not exist"): connections open one at a time.
CONNECTING = threading.Lock()
_HOLDING: set[Holding] = set()      # closed at exit, before the interpreter tears DuckDB down
# DuckDB gives every connection to a file the database already open in the process, whichever
# store opened it: so one holding per file, shared by every store of that file.
_BY_FILE: weakref.WeakValueDictionary[str, Holding] = weakref.WeakValueDictionary()


def holding_for(path: str) -> Holding:
    """The process's one holding of the file ``path`` names (through any links)."""
    real = os.path.realpath(path)
    with CONNECTING:
        holding = _BY_FILE.get(real)
        if holding is None:
            holding = _BY_FILE[real] = Holding(real)
        return holding


def _note(path: str) -> str:
    """Beside the file itself, whatever name each process knows it by."""
    return os.path.realpath(path) + ".wanted"


def ask_for(path: str) -> None:
    """Tell the process holding the file that we are waiting for it (where we may write)."""
    note = _note(path)
    with suppress(OSError), open(note, "a"):
        os.utime(note)


def stop_asking(path: str) -> None:
    with suppress(OSError):
        os.unlink(_note(path))


def asked_for(path: str) -> bool:
    try:    # a note dated in the future is no fresher than one dated in the past
        return abs(time.time() - os.stat(_note(path)).st_mtime) < ASKED_SECONDS
    except OSError:
        return False


def _identity(path: str) -> tuple[int, ...] | None:
    """The file as it is on disk: another file moved there, or one copied over it, differs."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size


class Holding:
    """A process's hold on one file: connections come from here, and the hold ends by itself."""

    def __init__(self, path: str):
        self.path = path
        self._con = None
        self._identity = None
        self._in_use = 0
        self._last_use = 0.0
        self._closer: threading.Timer | None = None

    def connect(self):
        """A new connection to the file; the database is held open too unless someone waits."""
        with CONNECTING:
            if self._con is not None and _identity(self.path) != self._identity:
                self._let_go()              # replaced or copied over since: open it afresh
            if self._con is None and self._in_use == 0 and not asked_for(self.path):
                self._con = duckdb.connect(self.path)
                self._identity = _identity(self.path)
                _HOLDING.add(self)
                self._last_use = time.monotonic()
                self._close_later(KEEP_OPEN_SECONDS)    # goes on until the hold is idle
            con = duckdb.connect(self.path)
            self._in_use += 1
            return con

    def done(self) -> None:
        """A session has closed: let the file go now if another process waits (else the timer
        lets it go once idle)."""
        with CONNECTING:
            self._in_use -= 1
            self._last_use = time.monotonic()
            if self._con is not None:
                self._identity = _identity(self.path)   # as our own writes left it
            if asked_for(self.path) and not self._in_use:
                self._let_go()

    def close(self) -> None:
        """Let the file go now. Connections still open in other threads work until they close."""
        with CONNECTING:
            self._let_go()

    def _close_later(self, seconds: float) -> None:
        self._closer = threading.Timer(seconds, self._close_if_idle)
        self._closer.daemon = True
        self._closer.start()

    def _close_if_idle(self) -> None:
        with CONNECTING:
            if self._closer is not threading.current_thread():
                return                  # cancelled while it waited for the lock
            self._closer = None
            idle_for = time.monotonic() - self._last_use
            if self._in_use or idle_for < KEEP_OPEN_SECONDS:
                self._close_later(max(KEEP_OPEN_SECONDS - idle_for, 0.05))
            else:
                self._let_go()

    def _let_go(self) -> None:
        if self._closer is not None:
            self._closer.cancel()
            self._closer = None
        if self._con is not None:
            self._con.close()
            self._con = None
        _HOLDING.discard(self)


@atexit.register
def _close_all() -> None:
    for holding in list(_HOLDING):
        holding.close()
