"""The quarterly report as one self-contained HTML file: inline styles and SVG, no script."""

from __future__ import annotations

from html import escape

from pmf_core.outputs import html_page
from pmf_core.outputs.report import QuarterlyReport


def report_html(report: QuarterlyReport) -> bytes:
    """The whole report, grouped by directorate, ready to open, print or attach."""
    body = [
        html_page.cover(report.cover),
        f'<p class="lede">Covering {escape(report.covers)}: the {escape(report.measures)}, '
        "each with its trend, latest figures, a sentence on its performance and the service's "
        "commentary.</p>",
        "<h2>Overall summary</h2>",
    ]
    body += [f"<p>{escape(p)}</p>" for p in report.summary]
    directorate = None
    for number, view in enumerate(report.sections, start=1):
        if view.directorate != directorate:
            directorate = view.directorate
            body.append(f"<h2>{escape(directorate or 'Other measures')}</h2>")
        body.append(html_page.measure(view, 3, f"m{number}"))
    if not report.sections:
        body.append(f"<p>{escape(report.nothing)}</p>")
    title = f"{report.title}: {report.quarter}"
    return html_page.document(title, "".join(body)).encode("utf-8")
