"""Which committees see a measure: an indicator's `committees` list."""

from __future__ import annotations

import numpy as np
import pandas as pd


def names(catalogue: pd.DataFrame) -> list[str]:
    """Every committee named in an indicator catalogue (or status frame), sorted."""
    return sorted({c for cs in catalogue["committees"] if cs is not None for c in cs})


def seen_by(frame: pd.DataFrame, committee: str) -> np.ndarray:
    """Rows whose indicator goes to the committee (a measure without committees goes to none)."""
    return np.array(
        [cs is not None and committee in list(cs) for cs in frame["committees"]], dtype=bool
    )
