"""Streamlit alone, for the page bench: a bare page and a page with nothing but a data grid the
size of the exceptions list, its RAG cells coloured, as a reference for what Streamlit's grid
costs in the browser before any of the app's own work (`python -m bench pages`)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import streamlit as st

from pmf_core.rules.presentation import status_style


def rag_css(status: object) -> str:
    """A RAG cell's colours, the app's own (as ui/tables colours its grids)."""
    style = status_style(str(status))
    return f"background-color: {style.colour}; color: {style.text_colour}"


def bare() -> None:
    st.title("Bare page")
    st.write("No data work.")


def grid() -> None:
    st.title("Grid page")
    rows = int(os.environ.get("PMF_BENCH_GRID_ROWS", "700"))
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "Measure": [f"Measure {i}" for i in range(rows)],
            "Service": [f"Service {i % 40:02d}" for i in range(rows)],
            "RAG": rng.choice(["Red", "Amber"], rows),
            "Value": rng.normal(50, 10, rows).round(1),
            "Target": 60.0,
            "Direction": rng.choice(["Improving", "Worsening", "No change"], rows),
            "SPC": rng.choice(["Special cause concerning", "Common cause"], rows),
            "Period": "Oct 2026",
            "Action": "In progress",
            "Path to green": "By March",
            "Officer": "A. Officer",
        }
    )
    st.dataframe(frame.style.map(rag_css, subset=["RAG"]), height=400)


st.navigation([st.Page(bare, title="Bare page"), st.Page(grid, title="Grid page")]).run()
