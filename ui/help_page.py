"""The way to the Help page from every page: a link under the title and the `?` hints' words."""

import streamlit as st

PAGE = "views/help.py"


def hint(text: str, topic: str) -> str:
    """A widget's `?` hint that ends by pointing to the Help page's section on ``topic``."""
    return f"{text} See Help: {topic}."


def link() -> None:
    """A link to the Help page in the same tab, so the selection stays as it is."""
    st.page_link(
        PAGE, label="What the statuses, symbols and icons mean (Help)", icon=":material/help:"
    )
