"""The server warms the caches behind each page's first render, once per store version."""

from __future__ import annotations

import threading

import pytest
import streamlit as st

import processes
from pmf_core.analysis import months
from pmf_core.store import settings
from ui import context, warmup

# Another process's write of one setting, waiting its turn as a command-line run does.
WRITE = """
    import sys
    from pmf_core.store import Store, settings
    settings.set_value(Store(sys.argv[1]), "warm-up test", sys.argv[2], "another process")
"""


@pytest.mark.warm_up
def test_warming_fills_the_first_renders_caches_once_per_store_version(demo_store, monkeypatch):
    monkeypatch.setenv("PMF_DB", str(demo_store.path))
    for thread in threading.enumerate():  # an earlier test's page run may still be warming
        if thread.name == "warm-caches":
            thread.join(60)
    st.cache_data.clear()
    st.cache_resource.clear()
    asked = []
    real = context.status_as_at
    monkeypatch.setattr(
        context,
        "status_as_at",
        lambda store, as_at, **kw: asked.append(as_at) or real(store, as_at, **kw),
    )
    warmup.warm_caches().join(60)
    month = months.default_month(demo_store)
    assert sorted(asked) == [month - 1, month]
    assert warmup.warm_caches() is None  # same version: nothing more to do
    context.status(month, None)  # what the scorecard reads first
    context.changes_since(month - 1, month, None)
    built = []
    monkeypatch.setitem(context.READS, "site", lambda *a: built.append(a))
    context.public_site(month)  # what the public view reads
    assert len(asked) == 2 and built == []  # all came from the warmed cache
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.warm_up
def test_a_write_during_a_warm_up_stops_it_before_the_next_read(demo_store, monkeypatch):
    """Each read is its own unit of work, and the next one starts only on the version being
    warmed: a cache of that version never holds what a later write put in the store."""
    monkeypatch.setenv("PMF_DB", str(demo_store.path))
    st.cache_data.clear()
    st.cache_resource.clear()
    real = context.READS["latest_month"]

    def read_then_write(store):
        latest = real(store)
        settings.set_value(store, "warm-up test", "changed", "test")  # inside the read's unit
        return latest

    monkeypatch.setitem(context.READS, "latest_month", read_then_write)
    asked = []
    monkeypatch.setattr(context, "status_as_at", lambda *a, **kw: asked.append(a))
    failed = []
    monkeypatch.setattr(warmup.LOG, "exception", lambda *a: failed.append(a))
    warmup.warm_caches().join(60)
    assert settings.value(demo_store, "warm-up test") == "changed"  # the write was made
    assert asked == [] and failed == []  # stopped quietly before the status reads
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.warm_up
def test_a_warm_up_holds_the_store_for_one_read_at_a_time(demo_store, monkeypatch):
    """Between two of its reads the store is free: here another process (a scheduled load, say)
    writes while the warm-up waits after its status read, and both finish."""
    monkeypatch.setenv("PMF_DB", str(demo_store.path))
    st.cache_data.clear()
    st.cache_resource.clear()
    read, written = threading.Event(), threading.Event()
    real = context.status_as_at

    def status_then_wait(store, as_at, **kw):
        frame = real(store, as_at, **kw)
        read.set()
        return frame

    monkeypatch.setattr(context, "status_as_at", status_then_wait)
    real_step = warmup._step

    def step_then_pause(store, version, fn, *args):
        value = real_step(store, version, fn, *args)
        if read.is_set() and not written.is_set():
            assert written.wait(10), "the other writer never got the store"
        return value

    monkeypatch.setattr(warmup, "_step", step_then_pause)
    failed = []
    monkeypatch.setattr(warmup.LOG, "exception", lambda *a: failed.append(a))
    thread = warmup.warm_caches()
    assert read.wait(20)
    writer = processes.python(WRITE, demo_store.path, "written between reads")
    written.set()
    assert writer.returncode == 0, writer.stderr
    thread.join(60)
    assert settings.value(demo_store, "warm-up test") == "written between reads"
    assert failed == []
    st.cache_data.clear()
    st.cache_resource.clear()
