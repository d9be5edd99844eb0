"""The app's store: one Store per file, shared by every session of the process; each page run
is one unit of work on it (ui/boundary.py)."""

from __future__ import annotations

import streamlit as st

from pmf_core.store import Store, default_path


@st.cache_resource
def store_for(path: str) -> Store:
    """One Store per file for the whole process (keyed by path so tests get their own)."""
    store = Store(path)
    store.create()
    return store


def current_store() -> Store:
    """The store the app reads and writes (PMF_DB, else the default file)."""
    return store_for(default_path())
