"""User-supplied text shown exactly as typed: never HTML, never markdown formatting.

Streamlit renders labels, captions, headers, alerts, tooltips (help=), pills and radio options
and st.table cells as GitHub-flavoured markdown with LaTeX ($...$) and colour directives
(:red[...]). Backslash-escaping every ASCII punctuation character (CommonMark allows it for all
of them) defeats each of these. Bare URLs and e-mail addresses are different: the autolinking
runs on the parsed text, after escapes are resolved (checked in Chromium: `https\\://x.org`,
`www\\.x.org` and `a@x\\.org` still became links), so an invisible word joiner (U+2060) goes
between `https:` and `//`, `www` and `.`, and after `@`. Selectbox and multiselect options and
dataframe cells are plain text already: never escape those (the backslashes would show).
"""

import re
import string

import pandas as pd
import streamlit as st

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LEADING_SPACE = re.compile(r"(?m)^[ \t]+")  # four spaces would start a code block
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def is_blank(value) -> bool:
    """True for None, NaN (pandas' missing text) and text of only spaces."""
    return bool(pd.isna(value)) or not str(value).strip()


def escape_markdown(text, empty: str = "") -> str:
    """Text for any markdown-rendering element, shown as typed; `empty` when missing."""
    text = empty if is_blank(text) else str(text)
    text = _AUTOLINK.sub(WORD_JOINER, _LEADING_SPACE.sub("", text))
    return _PUNCTUATION.sub(r"\\\1", text)


def plain(text, empty: str = "") -> None:
    """Write user text as a paragraph of plain text (line breaks kept)."""
    text = empty if is_blank(text) else str(text)
    st.markdown("  \n".join(escape_markdown(line) for line in text.splitlines()) or " ")
