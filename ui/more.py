"""Long lists shown a step at a time: the first few, then a button for the next few.

Every element costs the browser time to draw, on wide screens too (the phone cards are sent to
both), so a page opens with a short list and a reader asks for more. A different list (another
filter or order) starts again at the first few.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def shown(key: str, step: int, ids: Sequence) -> int:
    """How many of the list `key` (its items' ids, in order) to show in this run: `step`, and
    `step` more per click on this same list."""
    kept = st.session_state.get(f"more_{key}")
    return kept[1] if kept and kept[0] == _fingerprint(ids) else step


def button(key: str, step: int, ids: Sequence, noun: str) -> None:
    """Under a list: how many of how many are shown, and a button showing the next `step`."""
    count, total = shown(key, step, ids), len(ids)
    if total <= count:
        return
    st.caption(f"The first {count} of {total} {noun} in this order.")
    st.button(
        f"Show {min(step, total - count)} more {noun}",
        key=f"more_button_{key}",
        on_click=_show_more,
        args=(key, _fingerprint(ids), count + step),
    )


def _fingerprint(ids: Sequence) -> int:
    return hash(tuple(ids))


def _show_more(key: str, fingerprint: int, count: int) -> None:
    st.session_state[f"more_{key}"] = (fingerprint, count)
