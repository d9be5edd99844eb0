"""Status of every indicator as at a month: the frame behind the CLI, scorecard and exceptions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core.rules import committees, cumulative, rag, spc
from pmf_core.rules.periods import months_late
from pmf_core.store import Store, reads

# The first columns of every status (the CLI's `status` writes them), in order; the rest follow.
CONTRACT_COLUMNS = [
    "indicator_id",
    "name",
    "directorate",
    "service",
    "period",
    "value",
    "target",
    "rag",
    "rag_source",
    "dot",
]
SPC_COLUMNS = ["variation", "assurance", "variation_icon", "spc_points", "spc_note"]
EXTRA_COLUMNS = [
    "rag_computed",
    "dot_last_year",
    "previous_value",
    "last_year_value",
    "last_year_target",
    "late",
    "months_late",
    "frequency",
    "unit",
    "polarity",
    "kind",
    "level",
    "perspective",
    "priority",
    "committees",
    "owner",
    "decimals",
    "commentary",
    "action",
    "rag_override",
    "override_reason",
    "note",
    "end_index",
    # year-to-date measures, ranges and rates
    "accumulation",
    "target_basis",
    "target_upper",
    "annual_target",
    "last_year_end_value",
    "scale",
    "numerator",
    "denominator",
]


def status_as_at(
    store: Store,
    as_at: int,
    *,
    directorate: str | None = None,
    service: str | None = None,
    committee: str | None = None,
    rags: list[str] | tuple[str, ...] | None = None,
    with_spc: bool = False,
) -> pd.DataFrame:
    """One row per indicator as at a month (a month index), with RAG, DOT and lateness.

    ``with_spc`` adds the variation and assurance icons after the contract columns.
    """
    with store.session():
        rated = rate(reads.latest_rows(store, as_at), as_at)
        if with_spc:
            rated = add_spc(store, rated, as_at)
    return select(rated, directorate=directorate, service=service, committee=committee, rags=rags)


def select(
    status: pd.DataFrame,
    *,
    directorate: str | None = None,
    service: str | None = None,
    committee: str | None = None,
    rags=None,
) -> pd.DataFrame:
    """The rows of a status frame for a directorate, service, committee and RAG statuses.

    One rule for the CLI and the pages, so a page can filter the whole council's cached frame
    and still show the rows the CLI gives.
    """
    keep = np.ones(len(status), dtype=bool)
    for column, wanted in (("directorate", directorate), ("service", service)):
        if wanted is not None:
            keep &= (status[column] == wanted).to_numpy(dtype=bool, na_value=False)
    if committee is not None:
        keep &= committees.seen_by(status, committee)
    if rags:
        keep &= status["rag"].isin(list(rags)).to_numpy()
    return status[keep].reset_index(drop=True)


def add_spc(store: Store, rated: pd.DataFrame, as_at: int) -> pd.DataFrame:
    """Variation (the last point's type and its icon) and assurance (last limits against the
    target); both empty when the limits stand on fewer than 12 points (``spc_points`` says how
    many)."""
    points = reads.spc_points(store, as_at, rated["indicator_id"].tolist())
    polarity = dict(zip(rated["indicator_id"], spc.spc_polarity(rated["polarity"])))
    codes = (
        points["indicator_id"] + "#" + points.groupby("indicator_id")["rebase"].cumsum().astype(str)
    )
    table = spc.classify(
        points["value"].to_numpy(dtype=float),
        spc.Groups(codes.to_numpy()),
        points["indicator_id"].map(polarity).to_numpy(dtype=object),
    )
    table["indicator_id"] = points["indicator_id"].to_numpy()
    table["code"] = codes.to_numpy()
    last = table.groupby("indicator_id").tail(1).set_index("indicator_id")
    sizes = table.groupby("code").size()
    out = rated.copy()
    ids = out["indicator_id"]
    kinds = ids.map(last["point_type"])
    polarities = pd.Series(spc.spc_polarity(out["polarity"]), index=out.index)
    out["variation"] = kinds.map(spc.VARIATION_WORDS).fillna("")
    out["variation_icon"] = [
        spc.variation_icon(k, p) if isinstance(k, str) else "" for k, p in zip(kinds, polarities)
    ]
    target = out["target"].astype(float)
    out["assurance"] = spc.assurance(
        target,
        ids.map(last["upper_limit"]),
        ids.map(last["lower_limit"]),
        polarities.to_numpy(dtype=object),
    )
    out.loc[~rag.is_rated_kind(out["kind"]), "assurance"] = ""
    out["spc_points"] = ids.map(last["code"]).map(sizes).fillna(0).astype(int)
    trial = out["spc_points"] < spc.TRIAL_BELOW
    out.loc[trial, ["variation", "variation_icon", "assurance"]] = ""
    out["spc_note"] = [
        spc.too_few_words(n) if 0 < n < spc.TRIAL_BELOW else "" for n in out["spc_points"]
    ]
    # A running total climbs through every year by design: no limits describe it.
    ytd = cumulative.is_year_to_date(out["accumulation"])
    out.loc[ytd, ["variation", "variation_icon", "assurance"]] = ""
    out.loc[ytd, "spc_note"] = cumulative.NOT_APPLICABLE
    contract, rest = out.columns[: len(CONTRACT_COLUMNS)], out.columns[len(CONTRACT_COLUMNS) :]
    ordered = list(contract) + SPC_COLUMNS + [c for c in rest if c not in SPC_COLUMNS]
    return out[ordered]


def rate(rows: pd.DataFrame, as_at: int) -> pd.DataFrame:
    """Apply the RAG, DOT and lateness rules to latest rows selected by the store."""
    rows = cumulative.resolve_targets(cumulative.resolve_targets(rows), prefix="ly_")
    rows = rows.rename(columns={"ly_target": "last_year_target"})
    rows = rag.without_unrated_targets(
        rows, ("target", "last_year_target", "target_upper", "annual_target")
    )
    rated = rag.dot_columns(rag.rag_columns(rows))
    end = rated["end_index"].astype(float).to_numpy()
    lag = rated["lag_months"].to_numpy(dtype=float) if "lag_months" in rated else 0
    overdue = months_late(end, rated["frequency"].to_numpy(), as_at, lag)
    rated["months_late"] = pd.array(overdue, dtype="Float64").astype("Int64")  # NaN: <NA>
    rated["late"] = np.isnan(end) | (np.nan_to_num(overdue, nan=0) > 0)
    return rated[CONTRACT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)
