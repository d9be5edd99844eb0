"""A small store built once per test module, for tests that only check files against it."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import INDICATORS, TARGETS, csv_bytes
from pmf_core.ingest import check_file, load_bytes
from pmf_core.store import Store

TODAY = date(2021, 1, 15)


@pytest.fixture(scope="module")
def checking_store(tmp_path_factory) -> Store:
    """The small_store of conftest, made once: checking a file writes nothing to it."""
    store = Store(tmp_path_factory.mktemp("checking") / "pmf.duckdb", wait_seconds=2)
    store.create()
    for kind, text in (("indicators", INDICATORS), ("targets", TARGETS)):
        assert load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester").ok
    return store


def check(store: Store, data: bytes | str, kind: str = "observations",
          name: str = "extract.csv"):
    """Read and validate a file as of 15 Jan 2021, writing nothing."""
    data = data if isinstance(data, bytes) else csv_bytes(data)
    return check_file(store, kind, data, name, TODAY)
