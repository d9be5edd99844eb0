"""A coloured table made by ui.cell_styles reaches the browser as pandas' own Styler does: the
same CSS for the same cells and the same text in every cell, for st.dataframe and st.table, for
the frames the app shows (text, whole numbers, sparkline lists). It fails if pandas or Streamlit
change the path the fast translation stands in for."""

from __future__ import annotations

import io
import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest


def app(element: str) -> None:
    """Each frame twice: through pandas' Styler, then through cell_styles."""
    import math

    import pandas as pd
    import streamlit as st

    from ui.cell_styles import styled

    frame = pd.DataFrame(
        {
            "Measure": ["Homes <b>built</b>", "Rent *collected*", "", "Café ✓"],
            "RAG": ["✖ Red", "▲ Amber", "● Green", ""],
            "Trend": [[1.0, 2.5], [], [3.0], [math.nan]],
            "Count": [3, 0, -1, 12],
            "Share": ["50%", "", "33.3%", "200%"],
        }
    )
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    css["RAG"] = [
        "background-color: #d4351c; color: #ffffff",
        "background-color: #f47738; color: #0b0c0c",
        "background-color: #d4351c; color: #ffffff",
        "",
    ]
    css["Share"] = ["color: #00703c; font-weight: 600", "", "", "color:#00703c;font-weight:600"]
    show = st.dataframe if element == "dataframe" else st.table
    show(frame.style.apply(lambda _: css, axis=None))
    show(styled(frame, css))


def rules(proto) -> set[tuple[frozenset[str], str]]:
    """The Styler's CSS as (cells, declarations) pairs, in no order and without its id."""
    found = set()
    for line in proto.styler.styles.splitlines():
        selectors, body = re.fullmatch(r"(.*) \{ (.*) \}", line).groups()
        cells = frozenset(s.split("_", 2)[2] for s in selectors.split(", "))
        found.add((cells, body))
    return found


def texts(proto) -> pa.Table:
    return pa.ipc.open_stream(io.BytesIO(proto.styler.display_values)).read_all()


@pytest.mark.parametrize("element", ["dataframe", "table"])
def test_the_fast_styler_sends_what_pandas_styler_sends(element):
    at = AppTest.from_function(app, kwargs={"element": element}).run()
    assert not at.exception
    elements = at.dataframe if element == "dataframe" else at.table
    pandas_made, ours = (e.proto.arrow_data for e in elements)
    assert rules(ours) == rules(pandas_made)
    assert ("row0_col1" in str(rules(ours))) and len(rules(ours)) == 3
    assert texts(ours).equals(texts(pandas_made))
    assert ours.data == pandas_made.data
