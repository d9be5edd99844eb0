"""The page boundary: a page that fails shows a plain sentence; the detail goes to the server log.

Streamlit's own control flow (st.stop, st.rerun, st.switch_page) raises ScriptControlException,
a BaseException, so catching Exception here lets it pass through untouched.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

log = logging.getLogger("pmf.app")

FAILED = ("This page could not be shown: something went wrong on the server. Nothing you "
          "loaded has been changed. Try again, or tell the performance team what you were doing "
          "(the details are in the server's log).")


def run_page(page, before: Callable[[], None] | None = None) -> None:
    """Run one page (after ``before``); any error becomes a plain message on the page and a
    logged traceback."""
    try:
        if before is not None:
            before()
        page.run()
    except Exception:                       # noqa: BLE001 - the boundary: log it, say it plainly
        log.exception("page %r failed", getattr(page, "title", page))
        st.error(FAILED)
