"""Tables whose cells are coloured: a pandas Styler whose per-cell CSS is translated directly.

Streamlit colours a table's cells only from a pandas Styler, which it reads through the Styler's
own translation (``_compute`` and ``_translate``, as it documents in its code). pandas builds that
translation cell by cell for an HTML page: a tenth of a second for the scorecard's 500 rows, on
every run of the page. Our cells are already text and their CSS is already worked out, so the
translation is made here from the CSS frame in one pass, grouped as pandas groups it. That it
gives Streamlit what pandas' own Styler gives is checked against pandas in
tests/test_cell_styles.py, which fails if either library changes the path.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler


def styled(frame: pd.DataFrame, css: pd.DataFrame) -> Styler:
    """``frame`` as a Styler whose cell (row r, column c) has the declarations ``css.iat[r, c]``
    ("color: red; font-weight: 600"; "" for none), ready for st.dataframe or st.table. Its
    cells are shown as their text (the app's tables hold text, whole numbers and sparkline
    lists): pandas' number formats are not applied."""
    styler = frame.style
    translated = {"cellstyle": _rules(css), "body": [], "table_styles": []}
    vars(styler).update(_compute=lambda: styler, _translate=lambda *_, **__: translated)
    return styler


def coloured(frame: pd.DataFrame, column: str, styles: list[str]) -> Styler:
    """``frame`` with each cell of one column given its row's CSS (the rest plain)."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    css[column] = styles
    return styled(frame, css)


def _rules(css: pd.DataFrame) -> list[dict[str, Any]]:
    """One rule per distinct set of declarations, naming every cell that has it
    (row<r>_col<c>)."""
    cells: defaultdict[tuple[tuple[str, str], ...], list[str]] = defaultdict(list)
    for c, column in enumerate(css.columns):
        for r, text in enumerate(css[column]):
            if text:
                cells[tuple(_declarations(text))].append(f"row{r}_col{c}")
    return [{"props": list(props), "selectors": names} for props, names in cells.items()]


def _declarations(text: str) -> list[tuple[str, str]]:
    """ "a: b; c: d" as [("a", "b"), ("c", "d")]."""
    pairs = (part.split(":", 1) for part in text.split(";") if part.strip())
    return [(name.strip(), value.strip()) for name, value in pairs]
