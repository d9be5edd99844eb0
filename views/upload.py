"""Upload: analysts load indicators, targets or the monthly extract, see every problem, commit."""

import pandas as pd
import streamlit as st

from pmf_core import ingest
from pmf_core.ingest.validate import FILE_COLUMNS
from ui import auth, context, downloads, selection, uploads
from ui.rollback import rollback_panel
from ui.store import current_store
from ui.text import escape_markdown

st.title("Upload data")
selection.show_notes()
analyst = auth.signed_in_analyst()
if not analyst:
    auth.explain_analysts_only("Uploading and rolling back loads")
    selection.stop()

store = current_store()
kind = st.radio(
    "What are you uploading?",
    list(ingest.KINDS_OF_FILE),
    horizontal=True,
    format_func=lambda k: {
        "indicators": "Indicator definitions",
        "targets": "Annual targets",
        "observations": "Monthly extract (observations)",
        "benchmarks": "Comparator data (benchmarks)",
        "groups": "Comparator groups",
    }[k],
    key="kind",
    on_change=uploads.clear_uploader,
    help="Changing this clears the file chosen below, so a file is never checked "
    "as the wrong kind.",
)
required, optional = FILE_COLUMNS[kind]
template = pd.DataFrame(columns=list(required + optional)).to_csv(index=False).encode()
downloads.button(
    st,
    f"Download the {kind} template (CSV)",
    template,
    file_name=f"{kind}-template.csv",
    mime="text/csv",
    key="template",
)
st.caption(
    "Required columns: "
    + ", ".join(required)
    + (". Optional: " + ", ".join(optional) if optional else "")
)

history = context.batches()
upload = st.file_uploader(
    "CSV or Excel (.xlsx) file", type=["csv", "xlsx"], key=uploads.uploader_key()
)
if upload is not None:
    active = set(history.loc[history["status"] == "active", "batch_id"].astype(int))
    key, report = uploads.checked(store, kind, upload, active)
    for warning in report.warnings:
        st.warning(escape_markdown(warning))
    if report.problems:
        uploads.show_problems(report)
    else:
        uploads.offer_commit(store, key, report)

st.header("Load history")
if history.empty:
    st.write("Nothing has been loaded yet.")
else:
    uploads.show_history(history)
rollback_panel(store, history)
