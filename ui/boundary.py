"""The page boundary: a page run is one unit of work on the store, and a page that fails shows a
plain sentence; the detail goes to the server log.

Streamlit's own control flow (st.stop, st.rerun, st.switch_page) raises ScriptControlException,
a BaseException, so catching Exception here lets it pass through untouched (and ends the unit).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from pmf_core.store import StoreFileError
from ui.store import current_store

log = logging.getLogger("pmf.app")

FAILED = (
    "This page could not be shown: something went wrong on the server. Nothing you "
    "loaded has been changed. Try again, or tell the performance team what you were doing "
    "(the details are in the server's log)."
)


def run_page(page, before: Callable[[], None] | None = None) -> None:
    """Run one page (after ``before``) as one unit of work: its reads share one opening of the
    store file, made at the first read. A store that cannot be used says why; any other error,
    a plain sentence, and a logged traceback."""
    try:
        with current_store().unit_of_work():
            if before is not None:
                before()
            page.run()
    except StoreFileError as exc:
        log.warning("page %r: %s", getattr(page, "title", page), exc, exc_info=exc.__cause__)
        st.error(str(exc))
    except Exception:  # noqa: BLE001 - the boundary: log it, say it plainly
        log.exception("page %r failed", getattr(page, "title", page))
        st.error(FAILED)
