"""The annual report as Word (.docx), A4 landscape, with the quarterly report's cover and
"Page N of M" footer: the summary, then by council plan priority each measure's figures for
the year, its five-year trend as a small table, its sentence and commentary."""

from __future__ import annotations

import io

from pmf_core.outputs.annual_report import AnnualMeasure, AnnualReport
from pmf_core.outputs.docx_cover import paper
from pmf_core.outputs.report_docx import figures_table

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
    document = paper(report.cover)
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
    figures_table(document, list(zip(FIGURES, values)), item.rag)
    document.add_paragraph().add_run("Trend over five years (each year's figure)").bold = True
    figures_table(document, item.years)
    document.add_paragraph().add_run(view.sentence).bold = True
    document.add_paragraph().add_run("Commentary").bold = True
    document.add_paragraph(view.commentary or "No commentary for this period.")
