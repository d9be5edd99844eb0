"""The committee appendix as a file in the format asked for: CSV, Excel or Word."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.outputs.appendix import appendix_csv, appendix_rows
from pmf_core.outputs.appendix_docx import appendix_docx
from pmf_core.outputs.appendix_xlsx import appendix_xlsx
from pmf_core.rules import exception_list, rag
from pmf_core.rules.selection import Filters, appendix_title
from pmf_core.store import Store

FORMATS = ("csv", "xlsx", "docx")


def appendix(store: Store, as_at: int, committee: str | None, fmt: str, today: date,
             rags=rag.EXCEPTIONS, directorate: str | None = None) -> bytes:
    """The whole appendix for a committee as at a month, in one format."""
    status = status_as_at(store, as_at, committee=committee, directorate=directorate,
                          rags=list(rags))
    in_force = Filters(month=as_at, directorate=directorate, committee=committee,
                       rags=tuple(r for r in rag.EXCEPTIONS if r in rags))
    return appendix_file(status, store, today, fmt, appendix_title(in_force))


def appendix_file(status: pd.DataFrame, store: Store, today: date, fmt: str, title: str,
                  plans: pd.DataFrame | None = None,
                  sort_by: str = exception_list.BY_RAG) -> bytes:
    """The appendix of the exceptions in a status frame, in one format (csv, xlsx, docx)."""
    writers: dict[str, Callable[[pd.DataFrame], bytes]] = {
        "csv": appendix_csv,
        "xlsx": lambda rows: appendix_xlsx(rows, title),
        "docx": lambda rows: appendix_docx(rows, title)}
    if fmt not in writers:
        raise ValueError(f"format must be {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, not {fmt}")
    return writers[fmt](appendix_rows(status, store, today, plans, sort_by))
