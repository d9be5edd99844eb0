"""A checked file's validated rows parked on disk between the check and the commit.

A page keeps a check between runs so that Commit writes what was checked without checking it
again. Kept as a frame, the rows of a 100 MB file held a few hundred MB of the server's memory
for as long as the session lived (a closed tab's session lingers). Parked, they are a Parquet
file in the temporary folder ($TMPDIR), removed once committed, or when the check is dropped
(another file checked, the session ended), or when the process exits.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref

import pandas as pd

PREVIEW_ROWS = 200


class ParkedRows:
    """Rows written to a temporary file; the file goes when this object does (or on discard)."""

    def __init__(self, rows: pd.DataFrame) -> None:
        handle, self.path = tempfile.mkstemp(prefix="pmf-checked-", suffix=".parquet")
        os.close(handle)
        self._removal = weakref.finalize(self, _remove, self.path)
        rows.to_parquet(self.path, index=False)
        self.count = len(rows)
        self.preview = rows.head(PREVIEW_ROWS).copy()

    def load(self) -> pd.DataFrame:
        """The rows as they were parked."""
        return pd.read_parquet(self.path)

    def discard(self) -> None:
        """Remove the file now (the rows were committed)."""
        self._removal()

    @property
    def discarded(self) -> bool:
        return not self._removal.alive


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
