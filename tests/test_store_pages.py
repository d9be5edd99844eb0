"""A store that cannot be used is named on the page, as on the command line: busy (try again),
damaged (restore the last backup), never "something went wrong on the server"."""

import functools
import os

from streamlit.testing.v1 import AppTest
from test_store_errors import damage

from conftest import ROOT
from pmf_core.store import Store, StoreBusyError, StoreDamagedError
from pmf_core.store.turns import try_lock
from ui.boundary import FAILED


def scorecard() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run()


def test_a_busy_store_says_busy_on_the_page(small_store, monkeypatch):
    monkeypatch.setenv("PMF_DB", small_store.path)
    monkeypatch.setattr("ui.store.Store", functools.partial(Store, wait_seconds=0.5))
    held = try_lock(small_store.path + ".lock")  # as another process holding its turn
    try:
        at = scorecard()
    finally:
        os.close(held)
    assert not at.exception
    assert [e.value for e in at.error] == [str(StoreBusyError(0.5))]
    assert "waited 0.5 s. Try again in a moment." in at.error[0].value


def test_a_damaged_store_says_so_on_the_page(small_store, monkeypatch):
    monkeypatch.setenv("PMF_DB", small_store.path)
    damage(small_store.path, 8192)
    at = scorecard()
    assert not at.exception
    assert [e.value for e in at.error] == [str(StoreDamagedError(small_store.path))]
    assert FAILED not in [e.value for e in at.error] and small_store.path not in at.error[0].value
