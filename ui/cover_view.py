"""A committee paper's cover on the pages: the fields people fill in beside the downloads, the
same details carried in the print view's link, and the cover drawn as the Word papers draw it
(words from pmf_core.rules.cover; user text shown as typed)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pmf_core.rules import cover
from ui.text import escape_markdown, plain

PARAMS = cover.ADDRESS_NAMES


def fields() -> cover.CoverDetails:
    """The cover details typed beside the downloads; a detail that cannot be used is named in
    an error and left out."""
    with st.popover(
        "Cover of the Word appendix and the print view (optional)", icon=":material/description:"
    ):
        left, right = st.columns(2)
        meeting = left.text_input(
            "Meeting", key="cover_meeting", placeholder="default: the committee"
        )
        day = right.date_input(
            "Meeting date",
            value=None,
            key="cover_meeting_date",
            format="DD/MM/YYYY",
            help="The time lag is counted to it.",
        )
        author = left.text_input("Report of", key="cover_author")
        holder = right.text_input("Portfolio holder", key="cover_holder")
        recommendation = st.text_area(
            "Recommendation",
            key="cover_recommendation",
            placeholder="default: to note the measures listed",
        )
    try:
        return cover.details(
            meeting, day if isinstance(day, date) else None, author, holder, recommendation
        )
    except cover.CoverError as exc:
        st.error(escape_markdown(str(exc)))
        return cover.CoverDetails()


def query(given: cover.CoverDetails) -> dict[str, str]:
    """The details given, as the print view's URL parameters."""
    values = {name: getattr(given, name) for name in PARAMS}
    return {
        PARAMS[name]: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
        if value
    }


def from_query() -> cover.CoverDetails:
    """The details the print view's URL carries (a bad one named in an error, then left out)."""
    asked = {name: st.query_params.get(param) for name, param in PARAMS.items()}
    try:
        return cover.details(**asked)
    except cover.CoverError as exc:
        st.error(escape_markdown(str(exc)))
        return cover.CoverDetails()


def show(front: cover.Cover) -> None:
    """The cover: its facts as a two-column table, then recommendation, summary and time lag."""
    rows = "\n".join(
        f"| **{escape_markdown(label)}** | {escape_markdown(value)} |"
        for label, value in front.facts
    )
    st.markdown("| | |\n| --- | --- |\n" + rows)
    for heading, text in (
        ("Recommendation", front.recommendation),
        ("Summary", front.summary),
        ("Reporting time lag", front.lag),
    ):
        st.subheader(heading, anchor=False)
        plain(text)
