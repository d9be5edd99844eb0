"""Checking a file against conftest's `checking_store`, as of a fixed day, writing nothing."""

from __future__ import annotations

from datetime import date

from conftest import csv_bytes
from pmf_core.ingest import check_file
from pmf_core.store import Store

TODAY = date(2021, 1, 15)


def check(store: Store, data: bytes | str, kind: str = "observations", name: str = "extract.csv"):
    """Read and validate a file as of 15 Jan 2021, writing nothing."""
    data = data if isinstance(data, bytes) else csv_bytes(data)
    return check_file(store, kind, data, name, TODAY)
