"""User-supplied text shown exactly as typed: never HTML, never markdown formatting.

Streamlit renders labels, captions, headers, alerts, tooltips (help=), pills and radio options
and st.table cells as GitHub-flavoured markdown with LaTeX ($...$), emoji and colour directives
(:red[...]), and turns bare URLs (https://..., www.x.org, a@b.org) into links. Backslash-escaping
every ASCII punctuation character (CommonMark allows it for all of them) defeats each of these,
autolinks included: `https\\://` and `www\\.` no longer match. Selectbox and multiselect options
and dataframe cells are plain text already: never escape those (the backslashes would show).
"""
import re
import string

import streamlit as st

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LEADING_SPACE = re.compile(r"(?m)^[ \t]+")     # four spaces would start a code block


def is_blank(value) -> bool:
    """True for None, NaN (pandas' missing text) and text of only spaces."""
    if value is None:
        return True
    try:
        return bool(value != value) or not str(value).strip()
    except TypeError:           # pandas' NA refuses to be compared
        return True


def escape_markdown(text, empty: str = "") -> str:
    """Text for any markdown-rendering element, shown as typed; `empty` when missing."""
    text = empty if is_blank(text) else str(text)
    return _PUNCTUATION.sub(r"\\\1", _LEADING_SPACE.sub("", text))


def plain(text, empty: str = "") -> None:
    """Write user text as a paragraph of plain text (line breaks kept)."""
    text = empty if is_blank(text) else str(text)
    st.markdown("  \n".join(escape_markdown(line) for line in text.splitlines()) or " ")
