"""Screen layout the server cannot decide: the phone/wide switch and focus rings, as fixed CSS.

Streamlit does not tell the server the browser's width, so a table and its phone cards are both
sent, each in a keyed container (`wide_...`, `phone_...`), and a media query shows one of them.
The stylesheet is a constant: no user text ever goes into HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

PHONE_WIDTH = 640  # px: below this a measure is a card, not a table row

STYLE = """<style>
@media (max-width: 639.98px) {
  div[class*="st-key-wide_"] { display: none; }
}
@media (min-width: 640px) {
  div[class*="st-key-phone_"] { display: none; }
}
/* Cards (ui/cards.py, ui/tables.py): a measure or a table's row each, framed, on a phone */
.pmf-cards { list-style: none; margin: 0 0 0.5rem !important; padding: 0 !important; }
.pmf-cards li { border: 1px solid #b1b4b6; border-radius: 0.4rem; margin: 0 0 0.75rem !important;
  padding: 0.5rem 0.75rem 0.6rem !important; overflow-wrap: anywhere; list-style: none; }
.pmf-cards p { margin: 0 0 0.2rem !important; }
.pmf-cards .pmf-card-title { font-weight: 700; }
.pmf-cards .pmf-note { font-size: 0.875rem; }
.pmf-cards dl { display: flex; flex-wrap: wrap; gap: 0 1rem; margin: 0 !important;
  padding: 0 !important; }
.pmf-cards dl div { display: flex; gap: 0.35rem; margin: 0; padding: 0; max-width: 100%; }
.pmf-cards :is(dt, dd) { margin: 0 !important; padding: 0 !important; }
.pmf-cards dt { color: #505a5f; font-weight: 400; flex: none; white-space: nowrap; }
.pmf-cards dd { min-width: 0; }
.pmf-rag { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; font-weight: 600;
  white-space: nowrap; }
/* Static tables (ui/tables.static): a table on a wide screen, its cards on a phone */
.pmf-table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; }
.pmf-table :is(th, td) { border-bottom: 1px solid #b1b4b6; padding: 0.3rem 0.5rem;
  text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.pmf-table thead th { background: #f3f2f1; font-weight: 600; }
.pmf-table tbody th { font-weight: 400; }
@media (min-width: 640px) { .pmf-static .pmf-cards { display: none; } }
@media (max-width: 639.98px) {
  .pmf-static .pmf-table { display: none; }
  /* Counts in a compact row: four to a line, not one a line */
  div[class*="st-key-counts_"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap;
    gap: 0.25rem 0.5rem; }
  div[class*="st-key-counts_"] [data-testid="stColumn"] { min-width: calc(25% - 0.5rem)
    !important; max-width: calc(50% - 0.5rem); flex: 1 1 calc(25% - 0.5rem) !important;
    width: auto !important; }
  div[class*="st-key-counts_"] [data-testid="stMetricValue"] { font-size: 1.5rem; }
  div[class*="st-key-counts_"] [data-testid="stMetricLabel"] p { font-size: 0.8rem; }
  /* Figures in words ("▲ Worsening") two to a line, so none is cut short */
  div[class*="st-key-counts_"][class*="-pairs"] [data-testid="stColumn"] {
    min-width: calc(50% - 0.5rem) !important; flex-basis: calc(50% - 0.5rem) !important; }
}
/* A table of long texts wraps them within the page at any width instead of scrolling sideways
   in a box the keyboard cannot reach */
div[class*="st-key-wrapped_"] table { table-layout: fixed; width: 100%; }
div[class*="st-key-wrapped_"] :is(th, td, th *, td *) { overflow-wrap: anywhere; }
/* The commentary's period is short: its room goes to the texts beside it */
.st-key-wrapped_commentary th:first-child { width: 6.5rem; }
/* On a touch screen (no hover) a table's toolbar is always shown, 44 px above the table: room
   for it, so it never covers the heading or text above */
@media (hover: none) {
  [data-testid="stDataFrame"] { margin-top: 44px; }
}
/* A multiselect full of choices squeezes its text box below WCAG 2.2's 24 px target size */
[data-testid="stMultiSelect"] input { min-width: 24px !important; }
/* GOV.UK's focus style: yellow with a black edge, on every toolbar and link the keyboard
   reaches (WCAG 2.2 focus appearance: a 3 px outline contrasting with both its sides) */
[data-testid="stElementToolbarButton"] button:focus-visible,
[data-testid="stElementToolbar"] button:focus-visible,
[data-testid="stDataFrame"] :focus-visible,
[data-testid="stPageLink"] a:focus-visible,
[data-testid="stSidebarNav"] a:focus-visible,
.pmf-cards a:focus-visible {
  outline: 3px solid #0b0c0c; outline-offset: 0; box-shadow: 0 0 0 6px #ffdd00;
}
/* A data grid draws its focused cell on its canvas with a 1 px ring (the focus itself is on a
   hidden table for screen readers); while the focus is in the grid, the grid carries a 3 px
   ring inside its edge (outside it, the page clips it) */
[data-testid="stDataFrame"]:focus-within {
  outline: 3px solid #0b0c0c !important; outline-offset: -3px !important; }
/* A wide screen's content runs closer to its edges, so a member's columns fit without
   scrolling sideways */
@media (min-width: 1200px) {
  [data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
}
</style>"""


@contextmanager
def wrapped(key: str):
    """A static table (st.table) inside whose long texts wrap to the page's width."""
    with st.container(key=f"wrapped_{key}"):
        yield


def style() -> None:
    """Add the stylesheet to this run (an empty element; nothing is shown)."""
    st.html(STYLE)


@contextmanager
def counts(key: str, words: bool = False) -> Iterator[None]:
    """A row of counts (st.metric in columns) that a phone shows four to a line, or two when
    the figures are ``words``."""
    with st.container(key=f"counts_{key}" + ("-pairs" if words else "")):
        yield


@contextmanager
def wide(key: str):
    """What only a screen at least PHONE_WIDTH wide shows (a table)."""
    with st.container(key=f"wide_{key}"):
        yield


@contextmanager
def phone(key: str):
    """What only a narrower screen shows (cards)."""
    with st.container(key=f"phone_{key}"):
        yield
