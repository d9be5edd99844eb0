"""Upload: analysts load indicators, targets or the monthly extract, see every problem, commit."""
import pandas as pd
import streamlit as st

from pmf_core import ingest
from pmf_core.ingest.validate import COLUMNS
from pmf_core.store import StoreBusyError, StoreError, reads
from pmf_core.store.writes import rollback_batch
from ui import auth, context
from ui.text import escape_markdown

st.title("Upload data")
with st.sidebar:
    analyst = auth.sign_in_panel()
if not analyst:
    st.info("Browsing needs no sign-in. Uploading and rolling back loads are for signed-in "
            "analysts: use the sign-in in the sidebar.")
    st.stop()

store = context.store()
kind = st.radio("What are you uploading?", list(ingest.KINDS_OF_FILE), horizontal=True,
                format_func=lambda k: {"indicators": "Indicator definitions",
                                       "targets": "Annual targets",
                                       "observations": "Monthly extract (observations)",
                                       "benchmarks": "Comparator data (benchmarks)",
                                       "groups": "Comparator groups"}[k],
                key="kind")
required, optional = COLUMNS[kind]
template = pd.DataFrame(columns=list(required + optional)).to_csv(index=False).encode()
st.download_button(f"Download the {kind} template (CSV)", template,
                   file_name=f"{kind}-template.csv", mime="text/csv", key="template")
st.caption("Required columns: " + ", ".join(required)
           + (". Optional: " + ", ".join(optional) if optional else ""))

upload = st.file_uploader("CSV or Excel (.xlsx) file", type=["csv", "xlsx"], key="upload")
if upload is not None:
    data = upload.getvalue()
    name = escape_markdown(upload.name)
    with st.status(f"Checking {name} ({len(data) / 1e6:.1f} MB)…") as checking:
        report = ingest.check_file(store, kind, data, upload.name, progress=checking.write)
        checking.update(label=f"Checked {name}", expanded=False,
                        state="error" if report.problems else "complete")
    for warning in report.warnings:
        st.warning(warning)
    if report.problems:
        st.error(f"{name} cannot be loaded: {len(report.problems):,} problem(s). "
                 "Nothing has been written. Fix these and upload again.")
        problems = pd.DataFrame([p.as_dict() for p in report.problems])
        st.dataframe(problems, hide_index=True, width="stretch", key="problems",
                     column_config={"row": "Row", "column": "Column", "value": "Value as written",
                                    "problem": st.column_config.TextColumn("What to fix",
                                                                           width="large")})
    else:
        st.success(f"{name}: {len(report.rows):,} rows are valid. Check the preview, "
                   "then commit.")
        st.dataframe(report.rows.head(200), hide_index=True, width="stretch",
                     key="preview", column_config={"end_index": None})   # internal month number
        if st.button(f"Commit {len(report.rows)} rows", type="primary", key="commit"):
            try:
                with st.spinner(f"Writing {len(report.rows):,} rows as one batch…"):
                    done = ingest.commit(store, report, analyst)
            except StoreBusyError as exc:
                st.error(str(exc))
            else:
                b = done.batch
                st.success(f"Batch {b.batch_id} loaded: {b.rows_new} new rows, "
                           f"{b.rows_revised} revised.")

st.subheader("Load history")
history = reads.batches(store)
if history.empty:
    st.write("Nothing has been loaded yet.")
else:
    st.dataframe(history, hide_index=True, width="stretch", key="batches", column_config={
        "batch_id": "Batch", "kind": "Kind", "file_name": "File", "loaded_by": "Loaded by",
        "loaded_at": st.column_config.DatetimeColumn("Loaded at", format="D MMM YYYY HH:mm"),
        "rows_total": "Rows", "rows_new": "New", "rows_revised": "Revised", "status": "Status",
        "rolled_back_at": st.column_config.DatetimeColumn("Rolled back at",
                                                          format="D MMM YYYY HH:mm"),
        "rolled_back_by": "Rolled back by", "sha256": "SHA-256"})
    active = history[history["status"] == "active"]["batch_id"].tolist()
    if active:
        with st.form("rollback"):
            chosen = st.selectbox("Roll back a batch (its rows stop being current and the "
                                  "revisions it replaced come back)", active, key="rollback_id")
            if st.form_submit_button("Roll back"):
                try:
                    rollback_batch(store, int(chosen), analyst)
                except (StoreError, StoreBusyError) as exc:
                    st.error(str(exc))
                else:
                    st.success(f"Batch {chosen} rolled back.")
                    st.rerun()
