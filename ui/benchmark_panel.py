"""Benchmarks on the pages: cached reads, the drill-down panel, and the quartile column that the
scorecard and exceptions tables carry. Names users typed are shown as typed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_core.analysis import comparators as analysis_comparators
from pmf_core.outputs import charts
from pmf_core.rules import comparators as rules_comparators
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import POLARITY_WORDS, format_value
from pmf_core.store import comparators as store_comparators
from ui import context, layout
from ui.store import current_store, store_for
from ui.text import escape_markdown

QUARTILE_COLUMN = "Benchmark"
ALL_AREAS = store_comparators.ALL_AREAS


@st.cache_data(show_spinner=False, max_entries=64)
def cached_basics(path: str, version: str) -> dict:
    """The own area, the metrics, the groups and the default group, read in one session."""
    s = store_for(path)
    with s.session():
        return {
            "area": store_comparators.area(s),
            "metrics": store_comparators.metrics(s),
            "groups": store_comparators.groups(s)["group_name"].tolist(),
            "default": analysis_comparators.default_group(s),
        }


@st.cache_data(show_spinner=False, max_entries=64)
def cached_view(path: str, version: str, metric_id: str, group: str) -> dict:
    return analysis_comparators.metric_view(store_for(path), metric_id, group)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_latest(path: str, version: str, indicators: pd.DataFrame) -> pd.DataFrame:
    return analysis_comparators.latest_positions(store_for(path), indicators)


def basics() -> dict:
    s = current_store()
    return cached_basics(s.path, s.version())


def metric_view(metric_id: str, group: str) -> dict:
    s = current_store()
    return cached_view(s.path, s.version(), metric_id, group)


GROUP_HELP = (
    "The council's rank counts the other members of this group with a value for the "
    "period; the council itself is always compared, listed or not."
)


def group_options() -> list[str]:
    """The comparator groups to pick from, all areas last."""
    return basics()["groups"] + [ALL_AREAS]


def group_picker(key: str, wanted: str | None = None, where=st) -> str:
    """A group select box, starting at the wanted group, else the default (smallest) group."""
    options = group_options()
    start = wanted if wanted in options else basics()["default"]
    return where.selectbox(
        "Compared with", options, index=options.index(start), key=key, help=GROUP_HELP
    )


def ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def rank_words(rank, areas) -> str:
    """ "3rd of 16", "only area with a value", or "not ranked" (a metric with no polarity)."""
    if pd.isna(areas):
        return "–"
    if int(areas) == 1:
        return "only area with a value"
    return f"{ordinal(int(rank))} of {int(areas)}" if pd.notna(rank) else "not ranked"


def quartile_words(quartile) -> str:
    words = rules_comparators.quarter_words(quartile)
    return f"Q{int(quartile)}: {words}" if words else "–"


def positions_table(view: dict) -> pd.DataFrame:
    """The council's position period by period, newest first, as text: every figure at the
    metric's one precision (view["decimals"]) with its unit."""
    found, unit = view["positions"], view["metric"]["unit"]

    def show(values):
        return [format_value(v, view["decimals"], unit) for v in values]

    return (
        pd.DataFrame(
            {
                "Period": [label_for_key(p, view["metric"]["frequency"]) for p in found["period"]],
                "Value": show(found["value"]),
                "Rank": [rank_words(r, a) for r, a in zip(found["rank"], found["areas"])],
                "Quartile": [quartile_words(q) for q in found["quartile"]],
                "Group median": show(found["group_median"]),
                "Lower quartile": show(found["group_lower_quartile"]),
                "Upper quartile": show(found["group_upper_quartile"]),
            }
        )
        .iloc[::-1]
        .reset_index(drop=True)
    )


def references_table(view: dict) -> pd.DataFrame:
    """The latest period's reference areas with their values, as text."""
    refs = view["references"]
    return pd.DataFrame(
        {
            "Area": refs["area_name"].astype(str),
            "Value": [
                format_value(v, view["decimals"], view["metric"]["unit"]) for v in refs["value"]
            ],
        }
    )


def band_chart(view: dict, key: str) -> None:
    """The council against the group's median and quartile band over the periods both have."""
    found = view["positions"].assign(
        label=lambda f: [label_for_key(p, view["metric"]["frequency"]) for p in f["period"]]
    )
    if found["group_median"].notna().sum() == 0:
        st.caption("No other area in this group has a value yet: nothing to compare with.")
        return
    st.plotly_chart(
        charts.band_figure(
            found,
            view["metric"]["metric_name"],
            view["metric"]["unit"],
            view["area"][1],
            view["group"],
            view["decimals"],
        ),
        width="stretch",
        key=key,
    )


def latest_metrics(view: dict) -> None:
    """Value, rank, quartile and the group's median for the latest period: two figures to a
    row, so the quartile's words are never cut short."""
    latest = view["positions"].iloc[-1]
    unit, decimals = view["metric"]["unit"], view["decimals"]
    period = label_for_key(latest["period"], view["metric"]["frequency"])
    with layout.counts("benchmark", words=True):
        cols = st.columns(4)
    cols[0].metric(f"Value, {period}", format_value(latest["value"], decimals, unit))
    cols[1].metric(
        "Rank",
        rank_words(latest["rank"], latest["areas"]),
        help="1 is the best; areas with the same value share the best rank",
    )
    cols[2].metric(
        "Quartile",
        quartile_words(latest["quartile"]),
        help="Q1 is the best quarter of the group, Q4 the bottom",
    )
    cols[3].metric("Group median", format_value(latest["group_median"], decimals, unit))


def drilldown_panel(meta: dict) -> None:
    """A linked indicator's latest rank and quartile and its chart against the group."""
    linked = meta.get("benchmark_metric")
    if not isinstance(linked, str) or not linked:
        return
    st.subheader("Against comparable councils")
    info = basics()
    loaded_metrics = set(info["metrics"]["metric_id"])
    if info["area"] is None or linked not in loaded_metrics:
        st.caption(
            "This measure is linked to the benchmark metric "
            f"{escape_markdown(linked)}, but "
            + (
                "the council's own area is not set."
                if info["area"] is None
                else "no comparator data for it has been loaded."
            )
        )
        return
    group = group_picker("drill_bench_group")
    view = metric_view(linked, group)
    st.caption(
        f"{escape_markdown(view['metric']['metric_name'])} · "
        f"{escape_markdown(view['metric']['source'] or 'source not given')} · "
        f"{POLARITY_WORDS.get(view['metric']['polarity'], '')}"
    )
    if view["positions"].empty:
        st.caption(f"No value for {escape_markdown(view['area'][1])} has been loaded.")
        return
    latest_metrics(view)
    band_chart(view, "drill_bench_chart")


def add_quartile(table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The readable table with a Benchmark column after DOT: quartile and rank where a linked
    metric has a value, against the default group."""
    s = current_store()
    links = context.indicators().set_index("indicator_id")["benchmark_metric"]
    wanted = pd.DataFrame({"indicator_id": rows["indicator_id"].to_numpy()})
    wanted["benchmark_metric"] = wanted["indicator_id"].map(links)
    latest = cached_latest(s.path, s.version(), wanted).set_index("indicator_id")
    words = [
        f"{quartile_words(latest.loc[i, 'quartile'])} · "
        f"{rank_words(latest.loc[i, 'rank'], latest.loc[i, 'areas'])}"
        if i in latest.index
        else ""
        for i in rows["indicator_id"]
    ]
    if not any(words):
        return table
    at = list(table.columns).index("DOT") + 1 if "DOT" in table else len(table.columns)
    out = table.copy()
    out.insert(at, QUARTILE_COLUMN, words)
    return out
