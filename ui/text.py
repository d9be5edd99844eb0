"""User-supplied text shown exactly as typed: never HTML, never markdown formatting."""
import re

import streamlit as st

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def plain(text, empty: str = "") -> None:
    """Write user text as a paragraph of plain text (line breaks kept)."""
    text = text if isinstance(text, str) and text.strip() else empty
    st.markdown("  \n".join(escape_markdown(line) for line in text.splitlines()) or " ")
