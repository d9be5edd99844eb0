"""The annual report as one self-contained HTML file (inline styles, no script, nothing
fetched), with the quarterly report's cover: every text from the store escaped."""

from __future__ import annotations

from html import escape

from pmf_core.outputs import html_page
from pmf_core.outputs.annual_docx import FIGURES, lede
from pmf_core.outputs.annual_report import AnnualMeasure, AnnualReport


def annual_html(report: AnnualReport) -> bytes:
    """The whole report, grouped by council plan priority, ready to open, print or attach."""
    body = [
        html_page.cover(report.cover),
        f'<p class="lede">{escape(lede(report))}</p>',
        f"<p>{escape(report.rule)}</p>",
        "<h2>Overall summary</h2>",
    ]
    body += [f"<p>{escape(p)}</p>" for p in report.summary]
    number = 0
    for priority, measures in report.groups.items():
        body.append(f"<h2>{escape(priority)}</h2>")
        for item in measures:
            number += 1
            body.append(measure(item, f"m{number}"))
    title = f"{report.title}: {report.year}"
    return html_page.document(title, "".join(body)).encode("utf-8")


def measure(item: AnnualMeasure, element_id: str) -> str:
    """One measure: heading, the year's figures, the five-year table, sentence, commentary."""
    view = item.view
    values = [
        escape(item.period or "no return in the year"),
        escape(item.value),
        escape(item.target),
        html_page.badge(item.rag, item.rag_badge),
        html_page.dot_text(item.dot),
        escape(item.last_year or "–"),
    ]
    pairs = "".join(f"<div><dt>{h}</dt><dd>{v}</dd></div>" for h, v in zip(FIGURES, values))
    years = html_page.table(
        f"{view.name}: trend over five years (each year's figure)",
        ["Year"] + [escape(label) for label, _ in item.years],
        [["Figure"] + [escape(value) for _, value in item.years]],
    )
    commentary = (
        f'<p class="commentary">{escape(view.commentary)}</p>'
        if view.commentary
        else '<p class="muted">No commentary for this period.</p>'
    )
    return (
        f'<section class="measure" aria-labelledby="h-{element_id}">'
        f'<h3 id="h-{element_id}">{escape(view.name)}</h3>'
        f'<p class="muted">{escape(view.service)} · {escape(view.directorate)}</p>'
        f'<dl class="figures">{pairs}</dl>{years}'
        f'<p class="sentence">{escape(view.sentence)}</p>'
        f"<h4>Commentary</h4>{commentary}</section>"
    )
