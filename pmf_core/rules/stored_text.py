"""Free text as it is stored: control characters taken out of what files bring at load, of what
people type as it is written, and of what the store hands back to be shown or exported.

Every export must be able to hold every stored text: openpyxl refuses C0 controls in cells and
python-docx any character XML 1.0 does not allow. A vertical tab or form feed (Word's line and
page breaks when pasted) becomes a line break; other controls, except tab, newline and carriage
return, are removed, as are C1 controls and the non-characters U+FFFE and U+FFFF.
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# U+FFFE and U+FFFF as characters, not escapes: pyarrow's regex engine (RE2) knows no \u, and
# pandas would fall back to Python's re, row by row, for the whole column.
_NONCHARACTERS = "\ufffe\uffff"
_BREAKS = r"[\x0b\x0c]"
_REMOVED = r"[\x00-\x08\x0e-\x1f\x7f-\x9f" + _NONCHARACTERS + "]"
_ANY = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _NONCHARACTERS + "]"
# A file's name is one line: every control character, tab and line break included, is a gap.
_NOT_IN_A_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f" + _NONCHARACTERS + r"\s]+")


def clean_text(values: pd.Series) -> pd.Series:
    """The same texts with control characters replaced or removed (vectorised)."""
    if not _any_control(values):
        return values
    dirty = values.str.contains(_ANY, regex=True).to_numpy(dtype=bool, na_value=False)
    fixed = (
        values[dirty]
        .str.replace(_BREAKS, "\n", regex=True)
        .str.replace(_REMOVED, "", regex=True)
        .str.strip()
    )
    values = values.copy()
    values[dirty] = fixed
    return values


def _any_control(values: pd.Series) -> bool:
    """Whether any text holds a character to clean: asked of Arrow directly, since nearly
    every column read from the store is clean and pandas' own search costs five times more
    (it parses the pattern again for each column it searches)."""
    try:
        texts = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all texts: pandas looks row by row
        texts = None
    if texts is not None and pa.types.is_null(texts.type):  # nothing but empty cells
        return False
    if texts is None or not (
        pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)
    ):
        return bool(values.str.contains(_ANY, regex=True).fillna(False).any())
    return bool(pc.any(pc.match_substring_regex(texts, _ANY)).as_py())


def clean_typed(text: str | None) -> str | None:
    """One typed text (an action, a note, a reason) cleaned exactly as a file's text is."""
    if text is None:
        return None
    return str(clean_text(pd.Series([text], dtype="object")).iloc[0])


def clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read from the store with every text column cleaned, whatever wrote the store."""
    result = frame
    for column, values in frame.items():
        if pd.api.types.is_string_dtype(values):
            fixed = clean_text(values)
            if fixed is not values:
                if result is frame:
                    result = frame.copy()  # usually nothing is dirty: nothing copied
                result[column] = fixed
    return result


def clean_name(name: str) -> str:
    """A file's name as stored and shown (the upload history, the CLI's lines): one line,
    its control characters and runs of white space each a single space."""
    return _NOT_IN_A_NAME.sub(" ", name).strip() or "(no name)"
