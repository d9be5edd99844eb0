"""The quarterly report frozen as presented: what it said, kept in the store and written again
exactly, whatever is revised since.

A pack of the report keeps the model the report was written from (report.QuarterlyReport) as
JSON: the summary as given or worked out, each measure's figures and words as text, the points
of its trend (its chart is drawn again from them), each exception's action plan, and the cover
as written. Writing a pack's report reads only those, never the store's figures today.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from datetime import date, datetime

import pandas as pd

from pmf_core.outputs import packs, report
from pmf_core.outputs.measure_view import MeasureView
from pmf_core.outputs.packs import PackError, cover_of
from pmf_core.outputs.report import ExceptionPlan, QuarterlyReport
from pmf_core.outputs.report_file import WRITERS
from pmf_core.rules import cover, rag
from pmf_core.rules.entry_window import last_day
from pmf_core.rules.periods import Period, month_label
from pmf_core.store import Store, reads
from pmf_core.store import packs as stored
from pmf_core.store.packs import NewPack

VERSION = 1  # the shape of the JSON, kept with it so that a later shape can tell it apart
VIEW_FIELDS = tuple(f.name for f in fields(MeasureView) if f.name != "trend")


class NoDataForQuarter(PackError):
    """A quarter the store holds no figures for: nothing to freeze."""


class MeetingBeforeQuarterEnds(PackError):
    """A meeting date on or before the quarter's last day: a typo of the year, most likely."""


def freeze(
    store: Store,
    quarter: str,
    meeting: date,
    user: str,
    summary: str | None = None,
    given: cover.CoverDetails | None = None,
    now: datetime | None = None,
) -> NewPack:
    """Freeze the quarterly report for a meeting (its date on the cover), as written now; the
    pack's committee is the meeting the cover names ("" when none is given)."""
    period = report.quarter_period(quarter)
    details = replace(given or cover.CoverDetails(), meeting_date=meeting)
    with store.unit_of_work():  # no write between what the report reads and its pack
        now = now or datetime.now()  # once our turn has come, not while waiting for it
        _refuse_unended(period, reads.latest_month(store))
        _refuse_early(period, meeting)
        model = report.build(store, quarter, summary, given=details, today=now.date())
        _refuse_empty(model, period)
        return stored.freeze(
            store,
            committee=details.meeting or "",
            as_at=period.end,
            meeting=meeting,
            frozen_by=user,
            title=model.cover.title,
            cover=json.dumps(asdict(model.cover)),
            report=(to_json(model), len(model.sections)),
            now=now,
        )


def _refuse_unended(period: Period, latest: int | None) -> None:
    """NoDataForQuarter when the store holds no figures, or none up to the quarter's end."""
    if latest is None:
        raise NoDataForQuarter("the store holds no figures yet: nothing to freeze")
    if period.end > latest:
        raise NoDataForQuarter(
            f"{period.label} ends in {month_label(period.end)}, after the latest figures "
            f"({month_label(latest)}): nothing to freeze"
        )


def _refuse_early(period: Period, meeting: date) -> None:
    """MeetingBeforeQuarterEnds when the meeting is not after the quarter's last day: a report
    is presented once its quarter is over, and a pack cannot be corrected afterwards."""
    last = last_day(period)
    if meeting <= last:
        raise MeetingBeforeQuarterEnds(
            f"the meeting on {cover.long_date(meeting)} is not after the end of {period.label} "
            f"({cover.long_date(last)}): a quarter's report is presented once it is over; "
            "check the year"
        )


def _refuse_empty(model: QuarterlyReport, period: Period) -> None:
    """NoDataForQuarter when no measure of the report has a value for the quarter."""
    if all(view.rag == rag.NO_DATA for view in model.sections):
        kind = "measure" if model.every_measure else "strategic measure"
        raise NoDataForQuarter(
            f"no {kind} has a value for {period.label} ({model.covers}): nothing to freeze"
        )


def header(store: Store, pack_id: int) -> dict:
    """A report pack's header: meeting, who froze it and when, title, cover (PackError if
    there is no such pack, WrongKind if it is a committee's exceptions)."""
    return packs.header(store, pack_id, stored.QUARTERLY)


def listing(store: Store) -> pd.DataFrame:
    """The frozen quarterly reports, newest first, in the columns of packs.listing (committee:
    the meeting their covers name)."""
    frame = packs.listing(store)
    return frame[frame["kind"] == stored.QUARTERLY].reset_index(drop=True)


def as_presented(store: Store, pack_id: int) -> QuarterlyReport:
    """A report pack's model as it was frozen (PackError if there is no such pack, WrongKind
    if it is a committee's exceptions)."""
    head = header(store, pack_id)
    kept = stored.pack_report(store, pack_id)
    if kept is None:  # a store this program did not write whole (a damaged copy, another tool)
        raise PackError(
            f"pack {pack_id} is a quarterly report, but the store holds no report for it"
        )
    return from_json(kept, cover_of(head["cover"]))


def pack_report(store: Store, pack_id: int, fmt: str) -> bytes:
    """A report pack written as docx or html, from what it held when frozen."""
    return WRITERS[fmt](as_presented(store, pack_id))


def to_json(model: QuarterlyReport) -> str:
    """Everything the report says but its cover (kept beside it), as JSON."""
    return json.dumps(
        {
            "version": VERSION,
            "title": model.title,
            "quarter": model.quarter,
            "covers": model.covers,
            "summary": list(model.summary),
            "summary_given": model.summary_given,
            "every_measure": model.every_measure,
            "sections": [_view_json(view) for view in model.sections],
            "exceptions": {key: asdict(plan) for key, plan in model.exceptions.items()},
        },
        ensure_ascii=False,
        allow_nan=False,
    )


def from_json(text: str, front: cover.Cover) -> QuarterlyReport:
    """The model ``to_json`` kept, behind its cover as written."""
    kept = json.loads(text)
    return QuarterlyReport(
        title=kept["title"],
        quarter=kept["quarter"],
        covers=kept["covers"],
        summary=kept["summary"],
        summary_given=kept["summary_given"],
        sections=[_view(found) for found in kept["sections"]],
        cover=front,
        every_measure=kept["every_measure"],
        exceptions={key: ExceptionPlan(**plan) for key, plan in kept["exceptions"].items()},
    )


def _view_json(view: MeasureView) -> dict:
    """A measure's section: its text fields, and its trend's points column by column."""
    return {name: getattr(view, name) for name in VIEW_FIELDS} | {"trend": _frame_json(view.trend)}


def _view(kept: dict) -> MeasureView:
    """A measure's section as kept."""
    return MeasureView(**{name: kept[name] for name in VIEW_FIELDS}, trend=_frame(kept["trend"]))


def _frame_json(frame: pd.DataFrame) -> dict:
    """A trend's points: its columns, their types and its rows (a gap as null), every number
    at full precision."""
    return {
        "columns": [str(c) for c in frame.columns],
        "types": [str(t) for t in frame.dtypes],
        "rows": [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)],
    }


def _frame(kept: dict) -> pd.DataFrame:
    """A trend's points as kept, numbers and flags in their own types again."""
    frame = pd.DataFrame(kept["rows"], columns=kept["columns"])
    for name, kind in zip(kept["columns"], kept["types"]):
        if kind in ("float64", "int64", "bool"):
            frame[name] = frame[name].astype(float if kind == "float64" else kind)
    return frame


def _plain(value):
    """A cell as JSON holds it: a NumPy number as Python's, a gap (NaN, None) as null."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str | int | float | bool):
        raise TypeError(f"a trend cell of type {type(value).__name__} cannot be kept")
    return value
