"""What the pages, the command line and the reports ask of benchmarks: a metric against a group.

The rules live in ``pmf_core.rules.comparators``; this module reads what they need from the
store. The
default group is the smallest group (the closest comparison), else every area with a value
("All areas"). The own area is compared whether or not the group lists it.
"""

from __future__ import annotations

import pandas as pd

from pmf_core.rules import comparators as rules_comparators
from pmf_core.rules.narrative import Benchmark
from pmf_core.rules.periods import key_frequency, label_for_key
from pmf_core.store import Store, reads
from pmf_core.store import comparators as store_comparators
from pmf_core.store.comparators import ALL_AREAS

CLI_COLUMNS = (
    "metric_id",
    "period",
    "group",
    "value",
    "rank",
    "areas",
    "quartile",
    "group_median",
    "group_lower_quartile",
    "group_upper_quartile",
)


class BenchmarkError(ValueError):
    """A request benchmarks cannot answer (no own area, unknown metric or group), in words."""


def own_area(store: Store) -> tuple[str, str]:
    """The council's own (code, name); refused in plain words when it is not set."""
    found = store_comparators.area(store)
    if found is None:
        raise BenchmarkError(
            "the council's own area is not set; set it with "
            "`area --code CODE --name NAME` (an ONS code such as E06000059)"
        )
    return found


def metric(store: Store, metric_id: str) -> dict:
    """One metric's latest definition; refused when it was never loaded."""
    found = store_comparators.metric(store, metric_id)
    if found.empty:
        raise BenchmarkError(f'"{metric_id[:80]}" is not a loaded metric')
    return found.iloc[0].to_dict()


def linked_metric(store: Store, indicator_id: str) -> str:
    """The metric an indicator is linked to by its benchmark_metric column."""
    found = reads.indicator(store, indicator_id)
    if found.empty:
        raise BenchmarkError(f'"{indicator_id[:80]}" is not a known indicator')
    linked = found["benchmark_metric"].iloc[0]
    if not isinstance(linked, str) or not linked:
        raise BenchmarkError(f"indicator {indicator_id} has no benchmark_metric")
    return linked


def default_group(store: Store) -> str:
    """The smallest group (the closest comparison, such as nearest neighbours), ties by name;
    all areas when no group is loaded."""
    found = store_comparators.groups(store).sort_values(["members", "group_name"], kind="stable")
    return found["group_name"].iloc[0] if len(found) else ALL_AREAS


def group_or_default(store: Store, group: str | None, area_code: str) -> str:
    """The group asked for (refused when unknown, naming those there are), or the default."""
    if group is None:
        return default_group(store)
    loaded = store_comparators.groups(store)["group_name"].tolist()
    if group != ALL_AREAS and group not in loaded:
        named = ", ".join(loaded[:10]) or "none loaded yet"
        raise BenchmarkError(
            f'"{group[:80]}" is not a group; the groups are: {named}, or {ALL_AREAS}'
        )
    return group


def group_values(store: Store, metric_ids: list[str], group: str, area_code: str):
    """Values of the metrics for a group's members and the own area, references marked."""
    return store_comparators.values(
        store,
        metric_ids,
        None if group == ALL_AREAS else group,
        area_code,
        rules_comparators.ALWAYS_REFERENCE,
    )


def metric_view(store: Store, metric_id: str, group: str | None = None) -> dict:
    """Everything the Benchmarking page shows for a metric and a group, read in one session.

    Keys: metric (its definition), group, area (code, name), positions (one row per period the
    own area has a value), latest (the latest period's areas ranked, best first), references
    (the latest period's reference areas, by name), decimals (the places every figure of the
    metric is shown at: decimals_of).
    """
    with store.session():
        code, name = own_area(store)
        definition = metric(store, metric_id)
        group = group_or_default(store, group, code)
        values = group_values(store, [metric_id], group, code)
        linked = reads.indicators(store)
    polarity = definition["polarity"]
    found = rules_comparators.positions(values, code, polarity)
    newest = values[values["end_index"] == values["end_index"].max()] if len(values) else values
    return {
        "metric": definition,
        "group": group,
        "area": (code, name),
        "positions": found,
        "latest": rules_comparators.ranked(newest, code, polarity),
        "references": rules_comparators.references(newest),
        "decimals": decimals_of(linked[linked["benchmark_metric"] == metric_id], values["value"]),
    }


def decimals_of(linked: pd.DataFrame, values: pd.Series) -> int:
    """The places a metric's figures are shown at: those of the indicators linked to it (the
    most, if they differ), else as many as the loaded values need (at most 2)."""
    places = pd.to_numeric(linked["decimals"], errors="coerce").dropna()
    return int(places.max()) if len(places) else rules_comparators.decimals_shown(values)


def cli_table(store: Store, metric_id: str, group: str | None = None) -> pd.DataFrame:
    """The `benchmark` command's rows: one per period in which the own area has a value."""
    view = metric_view(store, metric_id, group)
    table = view["positions"].assign(metric_id=metric_id, group=view["group"])
    return table[list(CLI_COLUMNS)]


def latest_positions(
    store: Store, indicators: pd.DataFrame, group: str | None = None
) -> pd.DataFrame:
    """The latest position of each linked indicator in a frame of indicators.

    One row per indicator whose benchmark_metric has a value for the own area: indicator_id,
    metric_id, group, period and the position columns. Empty without an own area.
    """
    linked = indicators.dropna(subset=["benchmark_metric"])
    code = store_comparators.area(store)
    if linked.empty or code is None:
        return pd.DataFrame(
            columns=["indicator_id", "metric_id", "group", *rules_comparators.POSITION_COLUMNS]
        )
    with store.session():
        group = group_or_default(store, group, code[0])
        definitions = store_comparators.metrics(store).set_index("metric_id")
        values = group_values(store, linked["benchmark_metric"].unique().tolist(), group, code[0])
    rows = []
    for indicator_id, metric_id in zip(linked["indicator_id"], linked["benchmark_metric"]):
        if metric_id not in definitions.index:
            continue
        found = rules_comparators.positions(
            values[values["metric_id"] == metric_id],
            code[0],
            definitions.loc[metric_id, "polarity"],
        )
        if len(found):
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "metric_id": metric_id,
                    "group": group,
                    **found.iloc[-1].to_dict(),
                }
            )
    return pd.DataFrame(
        rows, columns=["indicator_id", "metric_id", "group", *rules_comparators.POSITION_COLUMNS]
    )


def narrative_positions(store: Store, group: str | None = None) -> dict[str, Benchmark]:
    """Each linked indicator's latest quartile in the group (the default group when none is
    named), for the sentence written from a measure's data."""
    found = latest_positions(store, reads.indicators(store), group)
    return {
        row["indicator_id"]: Benchmark(
            None if pd.isna(row["quartile"]) else int(row["quartile"]),
            row["group"],
            label_for_key(row["period"], key_frequency(row["period"])),
        )
        for row in found.to_dict("records")
    }


def latest_position(store: Store, indicator_id: str, group: str | None = None) -> dict | None:
    """The latest rank and quartile of one indicator against a group (the default group when
    none is named), or None when it is not linked or has no benchmark value."""
    found = latest_positions(store, reads.indicator(store, indicator_id), group)
    return None if found.empty else found.iloc[0].to_dict()
