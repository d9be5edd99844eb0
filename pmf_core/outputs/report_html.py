"""The quarterly report as one self-contained HTML file: inline styles and SVG, no script."""

from __future__ import annotations

from html import escape

from pmf_core.outputs import html_page
from pmf_core.outputs.report import ExceptionPlan, QuarterlyReport


def report_html(report: QuarterlyReport) -> bytes:
    """The whole report, grouped by council plan priority, ready to open, print or attach."""
    body = [
        html_page.cover(report.cover),
        f'<p class="lede">Covering {escape(report.covers)}: the {escape(report.measures)} by '
        "council plan priority, each with its trend, latest figures, a sentence on its "
        "performance and the service's commentary; each Red or Amber measure with its action "
        "plan and path to green.</p>",
        "<h2>Overall summary</h2>",
    ]
    body += [f"<p>{escape(p)}</p>" for p in report.summary]
    priority = None
    for number, view in enumerate(report.sections, start=1):
        if view.priority != priority:
            priority = view.priority
            body.append(f"<h2>{escape(priority)}</h2>")
        plan = report.exceptions.get(view.indicator_id)
        body.append(html_page.measure(view, 3, f"m{number}", after=plan_html(plan) if plan else ""))
    if not report.sections:
        body.append(f"<p>{escape(report.nothing)}</p>")
    title = f"{report.title}: {report.quarter}"
    return html_page.document(title, "".join(body)).encode("utf-8")


def plan_html(plan: ExceptionPlan) -> str:
    """An exception's action plan (as typed, line breaks kept), its status and path to green."""
    return (
        f'<h4>Action plan</h4><p class="commentary">{escape(plan.action)}</p>'
        f"<p><strong>Action status:</strong> {escape(plan.status)}</p>"
        f"<p><strong>Path to green:</strong> {escape(plan.path_to_green)}</p>"
    )
