"""What went wrong with the store file, named for what it is and what to do about it.

DuckDB reports trouble with its file through a few exception classes, and a class alone does not
say enough: an IOException is raised for a file held by another program, a read-only file, a full
disk, a damaged file and a file that is not a database at all. So each class is read together with
checks of the file itself (was it replaced while open, can it and its folder be written, is the
disk full, does another program hold DuckDB's own lock on it, does it start like a DuckDB file),
never by the words of DuckDB's message.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from contextlib import suppress

import duckdb

# What DuckDB writes at offset 8 of every database file it makes.
MAGIC, MAGIC_AT = b"DUCK", 8
# Less room than one of DuckDB's blocks (256 KiB) and a little more: a write that failed there
# failed for want of room.
FULL_BELOW_BYTES = 1 << 20
GUIDE = "docs/operations.md"


class StoreError(RuntimeError):
    """A request the store cannot carry out (unknown batch, already rolled back, ...)."""


class StoreFileError(StoreError):
    """The store file cannot be used as it is; the message says why and what to do.

    ``where`` is the file or folder concerned: the command line shows it, pages never do.
    """

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.where = where


class StoreBusyError(StoreFileError):
    """Another program held the store for longer than we are prepared to wait."""

    def __init__(self, waited: float):
        super().__init__(
            "The store is in use by another program (a load or the app); waited "
            f"{waited:g} s. Try again in a moment."
        )


class StoreReadOnlyError(StoreFileError):
    """The store file, or the folder holding it, cannot be written by this program."""

    @classmethod
    def file(cls, path: str) -> StoreReadOnlyError:
        return cls(
            "The store file is read-only: this program may not write it. Ask whoever "
            "manages the server to let the app and the loads write it.",
            path,
        )

    @classmethod
    def folder(cls, path: str) -> StoreReadOnlyError:
        return cls(
            "The folder holding the store is read-only: the store writes its journal "
            "and lock files beside it. Ask whoever manages the server to let the app "
            "and the loads write that folder.",
            path,
        )


class StoreDamagedError(StoreFileError):
    """Part of the store file cannot be read back as it was written."""

    def __init__(self, path: str):
        super().__init__(
            "The store file is damaged: part of it cannot be read. Restore the "
            f"last backup (see {GUIDE}); nothing can be shown or loaded until "
            "then.",
            path,
        )


class NotAStoreError(StoreFileError):
    """The file at the store's path is not a DuckDB database."""

    def __init__(self, path: str):
        super().__init__(
            "The file at the store's path is not a store of this program (it is "
            "another kind of file). Check the store path ($PMF_DB or --db).",
            path,
        )


class StoreFullError(StoreFileError):
    """The disk holding the store has no room for a write."""

    @classmethod
    def nothing_written(cls, path: str) -> StoreFullError:
        return cls(
            "The disk holding the store is full: nothing was written. Free some space, "
            "then try again.",
            path,
        )

    @classmethod
    def not_finished(cls, path: str) -> StoreFullError:
        return cls(
            "The disk holding the store is full: this change is not finished. It is "
            "kept in the store's journal (the .wal file beside it) but not yet in the "
            "store file, so a copy of the store file alone does not hold it. Free some "
            "space; the next use of the store finishes it.",
            path,
        )


class StoreWriteError(StoreFileError):
    """DuckDB could not write the file, with room on the disk and permission to write."""

    @classmethod
    def nothing_written(cls, path: str) -> StoreWriteError:
        return cls(
            "The store file could not be written (the disk failed, or the space allowed "
            "for the file is used up): nothing was written. Tell whoever manages the "
            "server.",
            path,
        )

    @classmethod
    def not_finished(cls, path: str) -> StoreWriteError:
        return cls(
            "The store file could not be written, so this change is not finished: it is "
            "kept in the store's journal (the .wal file beside it) but not yet in the "
            "store file. Tell whoever manages the server; the next use of the store "
            "finishes it once the file can be written.",
            path,
        )


class StoreReplacedError(StoreFileError):
    """Another program wrote the file while we had it open (a backup copied over it)."""

    def __init__(self, path: str):
        super().__init__(
            "The store file was replaced while it was in use (a backup copied "
            "over it?); nothing was changed. Try again in a moment. To restore a "
            f"backup, move a copy into place (see {GUIDE}).",
            path,
        )


class LockPathError(StoreFileError):
    """Something not of ours sits where the store keeps a lock file."""

    def __init__(self, path: str, what: str):
        super().__init__(
            f"The store's lock file {os.path.basename(path)} {what}: this program "
            "does not write through links or into special files. Remove it, then "
            "try again.",
            path,
        )


def explain(
    exc: duckdb.Error, path: str, *, replaced: bool, writing: bool, alone: bool
) -> StoreFileError | None:
    """The store error ``exc`` stands for, or None when it is not about the file.

    ``replaced``: the file changed under us while open; ``writing``: the error came from a
    write; ``alone``: no connection of this process has the file open (so it may be probed).
    """
    if (
        not isinstance(
            exc, (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)
        )
        and type(exc) is not duckdb.Error
    ):
        return None  # a query or value at fault, not the file: let it be seen
    if replaced:
        return StoreReplacedError(path)
    if (room := _no_room(path)) is not None:
        return room
    if isinstance(exc, duckdb.FatalException) or (
        isinstance(exc, duckdb.TransactionException) and not writing
    ):
        return None  # DuckDB stopped the open database; the cause is in the detail
    if alone and held_by_another(path):
        return StoreBusyError(0)
    if not starts_like_duckdb(path):
        return NotAStoreError(path)
    return StoreWriteError.nothing_written(path) if writing else StoreDamagedError(path)


def _no_room(path: str) -> StoreFileError | None:
    """Read-only file or folder, or a full disk: what stops any write whatever DuckDB said."""
    folder = os.path.dirname(path) or "."
    if not os.access(folder, os.W_OK):  # first: on a read-only disk the file is too
        return StoreReadOnlyError.folder(folder)
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return StoreReadOnlyError.file(path)
    if free_bytes(folder) < FULL_BELOW_BYTES:
        return StoreFullError.nothing_written(path)
    return None


def free_bytes(folder: str) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return FULL_BELOW_BYTES


def starts_like_duckdb(path: str) -> bool:
    """A missing file is fine (DuckDB makes it); an existing one must carry DuckDB's mark."""
    try:
        with open(path, "rb") as file:
            return file.read(MAGIC_AT + len(MAGIC))[MAGIC_AT:] == MAGIC
    except FileNotFoundError:
        return True
    except OSError:
        return False


def held_by_another(path: str) -> bool:
    """Whether another program holds DuckDB's own lock on the file (DuckDB itself, run by hand,
    or a program that does not take turns). Only when this process has no connection to the
    file: closing the probe drops every lock this process holds on it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:  # exclusive: DuckDB's holder may keep only a shared lock while idle
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EACCES, errno.EAGAIN)
    finally:
        with suppress(OSError):
            os.close(fd)
    return False
