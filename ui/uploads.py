"""One uploaded file checked once and committed at most once per session.

The checked report is kept in the session keyed by (SHA-256 of the bytes, kind), its valid rows
parked in a temporary file (ingest.parked) rather than held in memory: reruns reuse it, and
once committed the same key shows what was loaded instead of a Commit button, so a second click
(or a double click) cannot load the file again.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from pmf_core import ingest
from pmf_core.ingest import LoadReport
from pmf_core.rules.presentation import batch_status, uk_datetime
from pmf_core.store import Store, StoreBusyError, StoreError
from pmf_core.store.writes import BatchResult
from ui import auth, tables
from ui.text import escape_markdown

CHECKED, LOADED, ERROR, GENERATION = "upload_checked", "upload_loaded", "upload_error", "upload_gen"

Key = tuple[str, str]  # (sha256, kind)


def uploader_key() -> str:
    """The file uploader's key: a new one empties it (Streamlit cannot clear an uploader)."""
    return f"upload_{st.session_state.get(GENERATION, 0)}"


def clear_uploader() -> None:
    """On a change of file kind: the file chosen for the old kind is not checked as the new."""
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def forget_loads() -> None:
    """After a rollback: a file loaded earlier in this session may be checked and loaded again."""
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(LOADED, None)


def checked(store: Store, kind: str, upload, active_batches: set[int]) -> tuple[Key, LoadReport]:
    """The file's report, checking it only the first time this (content, kind) is seen."""
    data = upload.getvalue()
    key = (hashlib.sha256(data).hexdigest(), kind)
    loaded = st.session_state.setdefault(LOADED, {})
    if key in loaded and loaded[key][0] not in active_batches:
        del loaded[key]  # rolled back since (here or elsewhere): check again
        st.session_state.get(CHECKED, {}).pop(key, None)
    cache = st.session_state.setdefault(CHECKED, {})
    name = escape_markdown(upload.name)
    if key in cache:
        report = cache[key]
        st.status(
            f"Checked {name}", expanded=False, state="error" if report.problems else "complete"
        )
        return key, report
    with st.status(f"Checking {name} ({len(data) / 1e6:.1f} MB)…") as checking:
        report = ingest.check_file(
            store,
            kind,
            data,
            upload.name,
            progress=lambda step: checking.write(escape_markdown(step)),
        )
        report.park()  # the rows wait on disk, not in the session
        checking.update(
            label=f"Checked {name}",
            expanded=False,
            state="error" if report.problems else "complete",
        )
    cache.clear()  # one checked file at a time (its parked rows go)
    cache[key] = report
    return key, report


def show_history(history: pd.DataFrame) -> None:
    """Every batch loaded; one still in force has its rollback cells blank, not "None"."""
    shown = history.assign(
        status=history["status"].map(batch_status),
        rolled_back_at=[uk_datetime(t) for t in history["rolled_back_at"]],
        rolled_back_by=history["rolled_back_by"].fillna(""),
    )
    tables.grid(
        shown,
        "batches",
        "Loads, newest first",
        column_config={
            "batch_id": "Batch",
            "kind": "Kind",
            "file_name": "File",
            "loaded_by": "Loaded by",
            "loaded_at": st.column_config.DatetimeColumn("Loaded at", format="D MMM YYYY HH:mm"),
            "rows_total": "Rows",
            "rows_new": "New",
            "rows_revised": "Revised",
            "rows_unchanged": "Unchanged",
            "status": "Status",
            "rolled_back_at": "Rolled back at",
            "rolled_back_by": "Rolled back by",
            "sha256": "SHA-256",
        },
    )


def show_problems(report: LoadReport) -> None:
    name = escape_markdown(report.file_name)
    st.error(
        f"{name} cannot be loaded: {len(report.problems):,} problem(s). "
        "Nothing has been written. Fix these and upload again."
    )
    problems = pd.DataFrame([p.as_dict() for p in report.problems])
    # A missing column has no value, a problem of the whole file no row or column: blank cells.
    problems = problems.astype(object).where(problems.notna(), "")
    tables.grid(
        problems,
        "problems",
        "Problems",
        column_config={
            "row": "Row",
            "column": "Column",
            "value": "Value as written",
            "problem": st.column_config.TextColumn("What to fix", width="large"),
        },
    )


def offer_commit(store: Store, key: Key, report: LoadReport) -> None:
    """Say what was loaded, or that it already is, or show the preview and a Commit button."""
    name = escape_markdown(report.file_name)
    if ERROR in st.session_state:
        st.error(escape_markdown(st.session_state.pop(ERROR)))
    loaded = st.session_state.get(LOADED, {})
    if key in loaded:
        st.success(escape_markdown(loaded[key][1]))
        return
    if report.already_loaded:
        st.info(escape_markdown(f"{report.file_name}: {report.already_loaded}"))
        return
    if not report.ok or not report.row_count:  # a refused file: its problems are shown instead
        return
    count = report.row_count
    st.success(f"{name}: {count:,} rows are valid. Check the preview, then commit.")
    tables.grid(
        preview(report.preview(200)), "preview", "The first rows", column_config={"end_index": None}
    )  # internal month number
    if st.button(f"Commit {count} rows", type="primary", key="commit"):
        with st.spinner(f"Writing {count:,} rows as one batch…"):
            commit_once(store, key, report)
        st.rerun()


def preview(rows: pd.DataFrame, shown: int = 200) -> pd.DataFrame:
    """The first rows as the file will be loaded, an empty cell blank (never "None")."""
    head = rows.head(shown)
    text = [
        c for c in head.columns if head[c].dtype == object or pd.api.types.is_string_dtype(head[c])
    ]
    return head.assign(**{c: head[c].astype(object).where(head[c].notna(), "") for c in text})


def commit_once(store: Store, key: Key, report: LoadReport) -> None:
    """Write the checked rows unless this session already has; the outcome goes in the session.
    Only a signed-in analyst may (checked here, on the server), and is recorded as the loader."""
    loaded = st.session_state.setdefault(LOADED, {})
    if key in loaded:
        return
    analyst = auth.analyst_or_refuse("load data")
    try:
        done = ingest.commit(store, report, analyst)
    except (StoreBusyError, StoreError) as exc:
        st.session_state[ERROR] = str(exc)
        return
    if done.batch is None:  # already loaded as a batch in force: nothing written
        report.already_loaded = done.already_loaded or "nothing was written."
        return
    loaded[key] = (done.batch.batch_id, loaded_sentence(done.file_name, done.batch))


def loaded_sentence(file_name: str, b: BatchResult) -> str:
    return (
        f"Batch {b.batch_id} loaded from {file_name}: {b.rows_new:,} new rows, "
        f"{b.rows_revised:,} revised, {b.rows_unchanged:,} unchanged."
    )
