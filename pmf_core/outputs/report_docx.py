"""The quarterly report as Word (.docx), A4 landscape: summary, then by council plan priority a
section per measure with its figures, trend chart (a PNG drawn in-process), sentence and
commentary, and each exception's action plan and path to green."""

from __future__ import annotations

import io

from docx.shared import Cm, Pt

from pmf_core.outputs import chart_png, trend_chart
from pmf_core.outputs.appendix_docx import shade
from pmf_core.outputs.docx_cover import paper
from pmf_core.outputs.measure_view import MeasureView
from pmf_core.outputs.report import ExceptionPlan, QuarterlyReport
from pmf_core.rules.presentation import STATUS

FIGURES = (
    "Period",
    "Value",
    "Target",
    "Status",
    "Direction of travel",
    "Same period last year",
    "Benchmark",
)
CHART_WIDTH_CM = 17.0


def report_docx(report: QuarterlyReport) -> bytes:
    """The whole report as the bytes of a .docx file: the cover, then the report, pages
    numbered."""
    document = paper(report.cover)
    document.add_paragraph(
        f"Covering {report.covers}: the {report.measures} by council plan priority, each with "
        "its trend, latest figures, a sentence on its performance and the service's "
        "commentary; each Red or Amber measure with its action plan and path to green."
    )
    document.add_heading("Overall summary", level=1)
    for paragraph in report.summary:
        document.add_paragraph(paragraph)
    priority = None
    for view in report.sections:
        if view.priority != priority:
            priority = view.priority
            document.add_heading(priority, level=1)
        _measure(document, view)
        if view.indicator_id in report.exceptions:
            add_plan(document, report.exceptions[view.indicator_id])
    if not report.sections:
        document.add_paragraph(report.nothing)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _measure(document, view: MeasureView) -> None:
    heading = document.add_heading(view.name, level=2)
    heading.paragraph_format.page_break_before = False
    heading.paragraph_format.keep_with_next = True
    document.add_paragraph(f"{view.service} · {view.directorate}").runs[0].italic = True
    _figures(document, view)
    layout = trend_chart.layout(view.trend, view.fmt, width=680, height=260)
    document.add_picture(io.BytesIO(chart_png.png(layout)), width=Cm(CHART_WIDTH_CM))
    _alt_text(document.inline_shapes[-1], view.alt)
    document.add_paragraph().add_run(view.sentence).bold = True
    document.add_paragraph().add_run("Commentary").bold = True
    document.add_paragraph(view.commentary or "No commentary for this period.")


def add_plan(document, plan: ExceptionPlan) -> None:
    """An exception's action plan (each open plan on its line), its status and path to green."""
    document.add_paragraph().add_run("Action plan").bold = True
    for line in plan.action.split("\n"):
        document.add_paragraph(line)
    for label, words in (("Action status", plan.status), ("Path to green", plan.path_to_green)):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(words)


def _figures(document, view: MeasureView) -> None:
    values = (
        view.period or "none yet",
        view.value,
        view.target,
        view.rag_badge,
        view.dot,
        view.last_year or "–",
        view.benchmark,
    )
    columns = [(h, v) for h, v in zip(FIGURES, values) if h != "Benchmark" or v]
    figures_table(document, columns, view.rag)


def figures_table(document, columns: list[tuple[str, str]], status: str = "") -> None:
    """A header row over one row of values, in 10 pt; a "Status" cell shaded in its colour."""
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    for index, (header, value) in enumerate(columns):
        head, cell = table.cell(0, index), table.cell(1, index)
        head.text, cell.text = header, value
        head.paragraphs[0].runs[0].bold = True
        for run in head.paragraphs[0].runs + cell.paragraphs[0].runs:
            run.font.size = Pt(10)
        if header == "Status":
            shade_status(cell, status)


def shade_status(cell, status: str) -> None:
    """A status cell in its GOV.UK colour (No data's when unknown), its word bold."""
    shade(cell, STATUS.get(status, STATUS["No data"]))


def _alt_text(shape, text: str) -> None:
    """Word reads a picture's alt text from its docPr description."""
    shape._inline.docPr.set("descr", text)
