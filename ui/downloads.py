"""Download buttons as every page uses them: a click downloads and leaves the page as it is."""

from __future__ import annotations

from typing import Any


def button(where: Any, label: str, data: Any, **kwargs: Any) -> bool:
    """``where.download_button`` (``where``: st, a column or a container) with no script run on
    the click: every file here is built from what the page already shows and changes nothing, so
    a rerun would only redraw the page, and a second click made during it could be lost."""
    return where.download_button(label, data, on_click="ignore", **kwargs)
