"""The server warms the caches behind each page's first render, once per store version."""

from __future__ import annotations

import threading

import pytest
import streamlit as st

from pmf_core.analysis import months
from ui import context, warmup


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
