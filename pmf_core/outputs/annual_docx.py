"""The annual report as Word (.docx), A4 landscape, with the quarterly report's cover and
"Page N of M" footer: the summary, then by council plan priority each measure's figures for
the year, its five-year trend as a small table, its sentence and commentary."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from pmf_core.outputs.annual_report import AnnualMeasure, AnnualReport
from pmf_core.outputs.docx_cover import add_cover, add_page_numbers, landscape
from pmf_core.outputs.report_docx import shade_status

FIGURES = (
    "Period",
    "Figure for the year",
    "Target",
    "Status",
    "Against last year",
    "Last year",
)


def annual_docx(report: AnnualReport) -> bytes:
    """The whole report as the bytes of a .docx file: the cover, then the report, pages
    numbered."""
    document = Document()
    landscape(document.sections[0])
    add_page_numbers(document.sections[0])
    add_cover(document, report.cover)
    document.add_paragraph(lede(report))
    document.add_paragraph(report.rule)
    document.add_heading("Overall summary", level=1)
    for paragraph in report.summary:
        document.add_paragraph(paragraph)
    for priority, measures in report.groups.items():
        document.add_heading(priority, level=1)
        for item in measures:
            _measure(document, item)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def lede(report: AnnualReport) -> str:
    """What the report holds, in one sentence (the HTML report's too)."""
    return (
        f"Covering {report.covers}: the {report.measures} by council plan priority, each with "
        "its figure for the year against its target, its direction against last year, its "
        "trend over five years, a sentence on its performance and the service's commentary."
    )


def _measure(document, item: AnnualMeasure) -> None:
    view = item.view
    heading = document.add_heading(view.name, level=2)
    heading.paragraph_format.keep_with_next = True
    document.add_paragraph(f"{view.service} · {view.directorate}").runs[0].italic = True
    values = (
        item.period or "no return in the year",
        item.value,
        item.target,
        item.rag_badge,
        item.dot,
        item.last_year or "–",
    )
    _table(document, list(zip(FIGURES, values)), status_column=3, status=item.rag)
    document.add_paragraph().add_run("Trend over five years (each year's figure)").bold = True
    _table(document, item.years)
    document.add_paragraph().add_run(view.sentence).bold = True
    document.add_paragraph().add_run("Commentary").bold = True
    document.add_paragraph(view.commentary or "No commentary for this period.")


def _table(document, columns, status_column: int | None = None, status: str = "") -> None:
    """A header row over one row of values, in 10 pt; the status cell shaded in its colour."""
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    for index, (header, value) in enumerate(columns):
        head, cell = table.cell(0, index), table.cell(1, index)
        head.text, cell.text = header, value
        head.paragraphs[0].runs[0].bold = True
        for run in head.paragraphs[0].runs + cell.paragraphs[0].runs:
            run.font.size = Pt(10)
        if index == status_column:
            shade_status(cell, status)
