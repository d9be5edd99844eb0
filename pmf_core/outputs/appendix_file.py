"""The committee appendix as a file in the format asked for: CSV, Excel or Word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.outputs.appendix import appendix_csv, appendix_rows, cover_for
from pmf_core.outputs.appendix_docx import appendix_docx
from pmf_core.outputs.appendix_xlsx import appendix_xlsx
from pmf_core.rules import cover, exception_list, rag
from pmf_core.rules.selection import Filters, appendix_title
from pmf_core.store import Store

FORMATS = ("csv", "xlsx", "docx")


@dataclass(frozen=True)
class Presented:
    """An appendix as presented: its rows (appendix_rows), title and Word cover. The downloads
    and a frozen pack are made from the same three."""

    rows: pd.DataFrame
    title: str
    front: cover.Cover


def presented(
    store: Store,
    as_at: int,
    committee: str | None,
    today: date,
    rags=rag.EXCEPTIONS,
    directorate: str | None = None,
    given: cover.CoverDetails | None = None,
) -> Presented:
    """The appendix of a committee's exceptions as at a month: the one rule for the command
    line's appendix and a frozen pack; the cover counts every measure of the committee and
    directorate, whatever the RAG filter."""
    status = status_as_at(store, as_at, committee=committee, directorate=directorate)
    listed = exception_list.select(status, list(rags))
    in_force = Filters(
        month=as_at,
        directorate=directorate,
        committee=committee,
        rags=tuple(r for r in rag.EXCEPTIONS if r in rags),
    )
    title = appendix_title(in_force)
    front = cover_for(
        title,
        given or cover.CoverDetails(),
        status,
        listed,
        as_at=as_at,
        committee=committee,
        directorate=directorate,
        rags=list(rags),
        today=today,
    )
    return Presented(appendix_rows(listed, store, today), title, front)


def written(paper: Presented, fmt: str) -> bytes:
    """An appendix as presented, in one format (csv, xlsx, docx)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, not {fmt}")
    if fmt == "docx":
        return appendix_docx(paper.rows, paper.front)
    return appendix_xlsx(paper.rows, paper.title) if fmt == "xlsx" else appendix_csv(paper.rows)


def appendix(
    store: Store,
    as_at: int,
    committee: str | None,
    fmt: str,
    today: date,
    rags=rag.EXCEPTIONS,
    directorate: str | None = None,
    given: cover.CoverDetails | None = None,
) -> bytes:
    """The whole appendix for a committee as at a month, in one format (see ``presented``)."""
    return written(presented(store, as_at, committee, today, rags, directorate, given), fmt)


def appendix_file(
    status: pd.DataFrame,
    store: Store,
    today: date,
    fmt: str,
    title: str,
    plans: pd.DataFrame | None = None,
    sort_by: str = exception_list.BY_RAG,
    front: cover.Cover | None = None,
) -> bytes:
    """The appendix of the exceptions in a status frame, in one format (csv, xlsx, docx); the
    Word file opens with ``front``, its cover (cover_for)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, not {fmt}")
    rows = appendix_rows(status, store, today, plans, sort_by)
    if fmt == "docx":
        if front is None:
            raise ValueError("the Word appendix needs its cover")
        return appendix_docx(rows, front)
    return appendix_xlsx(rows, title) if fmt == "xlsx" else appendix_csv(rows)
