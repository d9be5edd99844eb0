"""Long lists shown a step at a time: the first few, then a button for the next few.

Every element costs the browser time to draw, on wide screens too (the phone cards are sent to
both), so a page opens with a short list and a reader asks for more.
"""
from __future__ import annotations

import streamlit as st


def shown(key: str, step: int) -> int:
    """How many of the list `key` to show in this run: `step`, and `step` more per click."""
    return st.session_state.get(f"more_{key}", step)


def button(key: str, step: int, total: int, noun: str) -> None:
    """Under a list: how many of how many are shown, and a button showing the next `step`."""
    count = shown(key, step)
    if total <= count:
        return
    st.caption(f"The first {count} of {total} {noun} in this order.")
    st.button(f"Show {min(step, total - count)} more {noun}", key=f"more_button_{key}",
              on_click=_show_more, args=(key, count + step))


def _show_more(key: str, count: int) -> None:
    st.session_state[f"more_{key}"] = count
