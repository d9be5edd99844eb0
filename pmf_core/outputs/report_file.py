"""The quarterly and annual reports as files in the format asked for: Word or HTML."""

from __future__ import annotations

from collections.abc import Callable

from pmf_core.outputs.annual_docx import annual_docx
from pmf_core.outputs.annual_html import annual_html
from pmf_core.outputs.annual_report import AnnualReport
from pmf_core.outputs.report import QuarterlyReport, build
from pmf_core.outputs.report_docx import report_docx
from pmf_core.outputs.report_html import report_html
from pmf_core.store import Store

WRITERS: dict[str, Callable[[QuarterlyReport], bytes]] = {"docx": report_docx, "html": report_html}
ANNUAL_WRITERS: dict[str, Callable[[AnnualReport], bytes]] = {
    "docx": annual_docx,
    "html": annual_html,
}


def report_file(store: Store, quarter: str, fmt: str, summary: str | None = None) -> bytes:
    """The report for a quarter as docx or html bytes (the CLI and the scorecard download)."""
    if fmt not in WRITERS:
        raise ValueError(f"format must be docx or html, not {fmt}")
    return WRITERS[fmt](build(store, quarter, summary))
