"""Performance Management Framework dashboard: every page is listed here (st.navigation)."""
import streamlit as st

from ui.warmup import warm_charts

st.set_page_config(page_title="Performance dashboard", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("views/scorecard.py", title="Strategic scorecard", icon=":material/dashboard:", default=True),
    st.Page("views/drilldown.py", title="Service drill-down", icon=":material/search:"),
    st.Page("views/exceptions.py", title="Exceptions for scrutiny", icon=":material/warning:"),
    st.Page("views/actions.py", title="Action tracker", icon=":material/task_alt:"),
    st.Page("views/upload.py", title="Upload data", icon=":material/upload:"),
    st.Page("views/data_quality.py", title="Data quality", icon=":material/fact_check:"),
    st.Page("views/benchmarking.py", title="Benchmarking", icon=":material/leaderboard:"),
]
page = st.navigation(PAGES)
warm_charts()
page.run()
