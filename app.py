"""Performance Management Framework dashboard: every page is listed here (st.navigation)."""

from pathlib import Path

# Imported whole here, before any page runs: the pages import it on their first run, in the
# session's own thread, and openpyxl's package and its reader import each other, so two pages'
# first runs at once (the upload page and the scorecard, say, just after the server starts)
# could each find it half imported: Python's deadlock detector or an ImportError failed both
# pages ("This page could not be shown").
import openpyxl  # noqa: F401
import streamlit as st

from ui import auth, layout, selection
from ui.boundary import run_page
from ui.warmup import warm_caches, warm_libraries

# A file of our own, served by the app: a ":material/...:" page icon makes the browser fetch
# the favicon from fonts.gstatic.com, which a council network may block.
FAVICON = Path(__file__).parent / "static" / "favicon.png"

st.set_page_config(page_title="Performance dashboard", page_icon=str(FAVICON), layout="wide")

PAGES = [
    st.Page(
        "views/scorecard.py", title="Strategic scorecard", icon=":material/dashboard:", default=True
    ),
    st.Page("views/drilldown.py", title="Service drill-down", icon=":material/search:"),
    st.Page("views/exceptions.py", title="Exceptions for scrutiny", icon=":material/warning:"),
    st.Page("views/actions.py", title="Action tracker", icon=":material/task_alt:"),
    st.Page("views/my_returns.py", title="My returns", icon=":material/edit_note:"),
    st.Page("views/sign_off.py", title="Sign-off", icon=":material/approval:"),
    st.Page("views/collection.py", title="Collection", icon=":material/checklist:"),
    st.Page("views/upload.py", title="Upload data", icon=":material/upload:"),
    st.Page("views/data_quality.py", title="Data quality", icon=":material/fact_check:"),
    st.Page("views/benchmarking.py", title="Benchmarking", icon=":material/leaderboard:"),
    st.Page("views/public.py", title="Public view", icon=":material/public:"),
    st.Page("views/help.py", title="Help", icon=":material/help:"),
]
# The sidebar's page links are drawn by ui.selection: each carries its page's whole address, so
# a visit is one browser history entry (Streamlit's own menu would add a second).
page = st.navigation(PAGES, position="hidden")
warm_caches()
warm_libraries()
layout.style()
menu = st.sidebar.container(key=selection.MENU_KEY)
account = st.sidebar.container(key="account")


def before_page() -> None:
    """The selection from the address, the page links, then the account panel (and, when
    browsing needs a sign-in, the refusal of a signed-out visitor)."""
    selection.start(page.url_path, PAGES, menu)
    auth.account_panel(account, page.url_path)


run_page(page, before_page)
selection.settle()  # the address, written once (a page that stops early writes it first)
