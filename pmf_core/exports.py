"""Exports for committee papers. Text cells are neutralised so a spreadsheet never runs them."""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """Prefix text that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads it) with every text cell neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        if cleaned[column].dtype == object or pd.api.types.is_string_dtype(cleaned[column]):
            cleaned[column] = cleaned[column].map(neutralise)
    return cleaned.to_csv(index=False).encode("utf-8-sig")
