"""Load the chart library in the background once the first page has settled.

Streamlit fetches and starts plotly.js (4.7 MB) only when a page first shows a plotly chart: about
a second of the browser's time on two cores. Starting it while the person reads the page they
opened makes the drill-down's first chart in that tab appear without that wait.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

# Runs once per browser tab; the import shares Streamlit's own module, so its chart reuses it.
SCRIPT = """<script>
(() => {
  if (window.pmfChartsWarm) return;
  const entry = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (!entry) return;
  window.pmfChartsWarm = true;
  const load = () => import(new URL(__CHUNK__, entry.src).href).catch(() => {});
  const whenIdle = () => window.requestIdleCallback
    ? window.requestIdleCallback(load, {timeout: 5000}) : load();
  setTimeout(whenIdle, 1500);
})();
</script>"""


@cache
def plotly_chunk() -> str | None:
    """The file name of Streamlit's lazily loaded plotly chart module (None if not found)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(folder.glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def warm_charts() -> None:
    """Add the background load to the sidebar (an empty element; nothing is shown)."""
    chunk = plotly_chunk()
    if chunk:
        st.sidebar.html(SCRIPT.replace("__CHUNK__", json.dumps("./" + chunk)),
                        unsafe_allow_javascript=True)
