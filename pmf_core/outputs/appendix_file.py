"""The committee appendix as a file in the format asked for: CSV, Excel or Word."""

from __future__ import annotations

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
    """The whole appendix for a committee as at a month, in one format; the Word file's cover
    counts every measure of the committee and directorate, whatever the RAG filter."""
    status = status_as_at(store, as_at, committee=committee, directorate=directorate)
    rows = exception_list.select(status, list(rags))
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
        rows,
        as_at=as_at,
        committee=committee,
        directorate=directorate,
        rags=list(rags),
        today=today,
    )
    return appendix_file(rows, store, today, fmt, title, front=front)


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
