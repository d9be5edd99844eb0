"""Performance Management Framework dashboard: every page is listed here (st.navigation)."""
import streamlit as st

st.set_page_config(page_title="Performance dashboard", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/scorecard.py", title="Strategic scorecard", icon="🏛️", default=True),
    st.Page("pages/drilldown.py", title="Service drill-down", icon="🔎"),
    st.Page("pages/exceptions.py", title="Exceptions for scrutiny", icon="⚠️"),
    st.Page("pages/upload.py", title="Upload data", icon="⬆️"),
    st.Page("pages/data_quality.py", title="Data quality", icon="🧹"),
]
st.navigation(PAGES).run()
