"""Screen layout the server cannot decide: the phone/wide switch and focus rings, as fixed CSS.

Streamlit does not tell the server the browser's width, so a table and its phone cards are both
sent, each in a keyed container (`wide_...`, `phone_...`), and a media query shows one of them.
The stylesheet is a constant: no user text ever goes into HTML.
"""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

PHONE_WIDTH = 640           # px: below this a measure is a card, not a table row

STYLE = """<style>
@media (max-width: 639.98px) {
  div[class*="st-key-wide_"] { display: none; }
}
@media (min-width: 640px) {
  div[class*="st-key-phone_"] { display: none; }
}
div[class*="st-key-cards_"] [data-testid="stMarkdownContainer"] p {
  border: 1px solid #b1b4b6; border-radius: 0.4rem; padding: 0.5rem 0.75rem 0.75rem;
  margin-bottom: 0.75rem;
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
/* GOV.UK's focus style: yellow with a black edge, on every toolbar and link the keyboard reaches */
[data-testid="stElementToolbarButton"] button:focus-visible,
[data-testid="stElementToolbar"] button:focus-visible,
[data-testid="stDataFrame"] :focus-visible,
[data-testid="stPageLink"] a:focus-visible {
  outline: 3px solid #0b0c0c; outline-offset: 0; box-shadow: 0 0 0 6px #ffdd00;
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
def wide(key: str):
    """What only a screen at least PHONE_WIDTH wide shows (a table)."""
    with st.container(key=f"wide_{key}"):
        yield


@contextmanager
def phone(key: str):
    """What only a narrower screen shows (cards)."""
    with st.container(key=f"phone_{key}"):
        yield
