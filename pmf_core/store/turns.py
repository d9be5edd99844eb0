"""Processes take turns at a store file through two lock files beside it.

DuckDB lets one process at a time open a file, so every process of ours (the app, each command
line run) takes its turn before opening it:

- ``<store>.lock``: held (an exclusive ``flock``) by the process whose turn it is, for as long as
  any of its units of work runs. Threads of that process share the turn.
- ``<store>.queue``: held by a process waiting for its turn, one waiter at a time. A process whose
  turn it is lets more of its own work start only while nobody holds the queue: so a scheduled
  load gets in as soon as the app's page runs under way have ended, however busy the app is.

Both waits poll without blocking and give up at the caller's deadline (StoreBusyError). The
kernel drops a dead process's locks, so kill -9 leaves nothing to clean up. The lock files are
opened only as regular files of our own: never through a symbolic link, never blocking on a
named pipe or a device (LockPathError instead).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
import time

from pmf_core.store.errors import LockPathError, StoreBusyError, StoreReadOnlyError

POLL_SECONDS = 0.05
_OPEN_FLAGS = os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def open_lock_file(path: str) -> int:
    """A descriptor of the lock file at ``path`` (created if missing), refused if not ours."""
    try:
        fd = os.open(path, _OPEN_FLAGS, 0o666)
    except OSError as exc:
        raise _not_openable(path, exc) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LockPathError(path, "is not a regular file")
    return fd


def _not_openable(path: str, exc: OSError) -> Exception:
    if exc.errno == errno.ELOOP:
        return LockPathError(path, "is a symbolic link")
    if exc.errno in (errno.EISDIR, errno.ENXIO, errno.ENODEV):
        return LockPathError(path, "is not a regular file")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreReadOnlyError.folder(os.path.dirname(path) or ".")
    return exc


def try_lock(path: str) -> int | None:
    """The lock file's descriptor, locked; None when another holds it. Closing it unlocks."""
    fd = open_lock_file(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


class Turns:
    """One process's turns at one store file, shared by its threads."""

    def __init__(self, store_path: str):
        self.lock_path, self.queue_path = store_path + ".lock", store_path + ".queue"
        self._mutex = threading.Lock()
        self._queueing = threading.Lock()  # our own threads queue one at a time, without polling
        self._holders = 0  # units of ours under way
        self._lock_fd: int | None = None

    def take(self, deadline: float, waited: float) -> None:
        """Wait for our turn, until ``deadline`` (time.monotonic); give_back() ends it."""
        with self._mutex:
            if self._holders and not self._someone_waits():
                self._holders += 1
                return
        if not self._queueing.acquire(timeout=max(deadline - time.monotonic(), 0)):
            raise StoreBusyError(waited)
        try:
            queue = self._wait_for(self.queue_path, deadline, waited)
            try:
                while not self._enter():
                    _wait_or_give_up(deadline, waited)
            finally:
                os.close(queue)
        finally:
            self._queueing.release()

    def give_back(self) -> None:
        with self._mutex:
            self._holders -= 1
            if not self._holders and self._lock_fd is not None:
                os.close(self._lock_fd)  # unlocks: the next process may open the file
                self._lock_fd = None

    def _enter(self) -> bool:
        """Join our process's turn, or start one if the lock is free (we hold the queue)."""
        with self._mutex:
            if not self._holders:
                self._lock_fd = try_lock(self.lock_path)
                if self._lock_fd is None:
                    return False
            self._holders += 1
            return True

    def _someone_waits(self) -> bool:
        fd = try_lock(self.queue_path)
        if fd is None:
            return True
        os.close(fd)
        return False

    @staticmethod
    def _wait_for(path: str, deadline: float, waited: float) -> int:
        while (fd := try_lock(path)) is None:
            _wait_or_give_up(deadline, waited)
        return fd


def _wait_or_give_up(deadline: float, waited: float) -> None:
    if time.monotonic() >= deadline:
        raise StoreBusyError(waited)
    time.sleep(POLL_SECONDS)
