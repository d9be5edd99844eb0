"""Accessible, self-contained HTML shared by the report and the public site.

No script, no external file, no fetch: styles inline in the page and charts as inline SVG. Every
text from the store is escaped here. Statuses carry word and symbol, never colour alone.
"""

from __future__ import annotations

from html import escape

from pmf_core.outputs import chart_svg, trend_chart
from pmf_core.outputs.measure_view import MeasureView
from pmf_core.rules import rag
from pmf_core.rules.cover import Cover
from pmf_core.rules.presentation import STATUS, dot_colour

DOT_WORDS = {"Improving": rag.IMPROVING, "Worsening": rag.WORSENING}
CSS = """
body{font-family:Arial,sans-serif;color:#0b0c0c;margin:0;line-height:1.45;background:#fff}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:2rem;margin:.5em 0 .3em}h2{font-size:1.5rem;margin:1.4em 0 .4em}
h3{font-size:1.2rem;margin:1.2em 0 .4em}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus{outline:3px solid #ffdd00;background:#ffdd00}
.lede{font-size:1.1rem}.muted{color:#505a5f}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5em 0 1em;min-width:100%}
th,td{border-bottom:1px solid #b1b4b6;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f3f2f1}
.rag{display:inline-block;padding:1px 6px;font-weight:bold;white-space:nowrap}
.measure{border-top:4px solid #1d70b8;margin-top:2em;page-break-inside:avoid}
.chart{max-width:100%;height:auto}
.sentence{font-size:1.1rem;font-weight:bold}
.commentary{white-space:pre-wrap}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;
margin:.5em 0 1em}
.figures div{border-left:4px solid #b1b4b6;padding-left:8px}
.figures dt{color:#505a5f;font-size:.9rem}.figures dd{margin:0;font-weight:bold}
.spark svg{display:block}
.key{list-style:none;padding:0}.key li{margin:6px 0}
.cover{border-bottom:4px solid #0b0c0c;margin-bottom:1.5em;page-break-after:always}
.facts div{display:flex;gap:1em;border-bottom:1px solid #b1b4b6;padding:4px 0}
.facts dt{font-weight:bold;flex:0 0 10em}.facts dd{margin:0}.cover p{white-space:pre-wrap}
@media (max-width:640px){th,td{padding:4px 5px}th[scope=row]{min-width:9em}}
.cards{display:none;list-style:none;padding:0;margin:.5em 0 1em}
.cards li{border:1px solid #b1b4b6;border-radius:6px;padding:8px 12px;margin-bottom:12px;
overflow-wrap:anywhere}
.cards p{margin:0 0 4px}.cards .name{font-weight:bold}
@media (max-width:639.98px){.wide-only{display:none}.cards{display:block}
main{padding:12px}h1{font-size:1.6rem}}
@media print{main{max-width:none}.measure{page-break-inside:avoid}}
"""


def document(title: str, body: str) -> str:
    """A whole page: British English, the title, the styles, the body inside <main>."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def badge(status: str, text: str | None = None) -> str:
    """A status as a coloured label with its symbol and word (``text``, e.g. a measure's
    rag_badge marked "(override)", in place of the plain badge)."""
    style = STATUS.get(status, STATUS[rag.NO_DATA])
    return (
        f'<span class="rag" style="background:{style.colour};color:{style.text_colour}">'
        f"{escape(style.badge(status) if text is None else text)}</span>"
    )


def dot(view: MeasureView) -> str:
    """Direction of travel, its colour backed by its arrow and word."""
    return dot_text(view.dot)


def dot_text(text: str) -> str:
    """A direction of travel badge ("▲ Improving") in its colour, backed by arrow and word."""
    word = next((w for w in DOT_WORDS if w in text), None)
    colour = dot_colour(DOT_WORDS.get(word)) if word else "#505a5f"
    return f'<span style="color:{colour};font-weight:bold">{escape(text)}</span>'


def table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    """A table with column headers (scope=col) and each row's first cell a row header.

    Cells are HTML already (escape text before passing it).
    """
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join(
        '<tr><th scope="row">'
        + cells[0]
        + "</th>"
        + "".join(f"<td>{c}</td>" for c in cells[1:])
        + "</tr>"
        for cells in rows
    )
    return (
        f'<div class="scroll" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f'<table><caption class="muted">{escape(caption)}</caption><thead><tr>{head}'
        f"</tr></thead><tbody>{body}</tbody></table></div>"
    )


def cover(front: Cover) -> str:
    """A paper's cover: the title, its facts as a table, the recommendation, the counts and the
    time lag (the words of pmf_core.rules.cover, escaped here)."""
    facts = "".join(
        f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>"
        for label, value in front.facts
    )
    parts = [
        f"<h2>{heading}</h2><p>{escape(text)}</p>"
        for heading, text in (
            ("Recommendation", front.recommendation),
            ("Summary", front.summary),
            ("Reporting time lag", front.lag),
        )
    ]
    return (
        f'<div class="cover"><h1>{escape(front.title)}</h1>'
        f'<dl class="facts">{facts}</dl>{"".join(parts)}</div>'
    )


def cards(label: str, linked: list[tuple[str, MeasureView]]) -> str:
    """Measures as cards for a narrow screen (the stylesheet shows them below 640 px in place
    of the table): the name linking to its page, status, value against target, direction and
    period, as the app's Public view shows them on a phone."""
    items = "".join(
        f'<li><p class="name"><a href="{escape(href)}">{escape(v.name)}</a></p>'
        f"<p>{badge(v.rag)} <strong>{escape(v.value)}</strong> against target "
        f"{escape(v.target)}</p><p>{dot(v)} · {escape(v.period or 'none yet')}</p></li>"
        for href, v in linked
    )
    return f'<ul class="cards" aria-label="{escape(label)}">{items}</ul>'


def figures(view: MeasureView) -> str:
    """Period, value, target, status, direction, last year and benchmark as labelled pairs."""
    pairs = [
        ("Period", escape(view.period or "none yet")),
        ("Value", escape(view.value)),
        ("Target", escape(view.target)),
        ("Status", badge(view.rag, view.rag_badge)),
        ("Direction of travel", dot(view)),
        ("Same period last year", escape(view.last_year or "–")),
    ]
    if view.benchmark:
        pairs.append(("Benchmark", escape(view.benchmark)))
    items = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in pairs)
    return f'<dl class="figures">{items}</dl>'


def chart(view: MeasureView, element_id: str, width: int = 640, height: int = 260) -> str:
    layout = trend_chart.layout(view.trend, view.fmt, width=width, height=height)
    return chart_svg.svg(layout, view.alt, element_id)


def sparkline(view: MeasureView, element_id: str) -> str:
    layout = trend_chart.layout(view.trend, view.fmt, width=120, height=32, sparkline=True)
    return chart_svg.svg(layout, view.alt, element_id)


def measure(
    view: MeasureView, level: int, element_id: str, heading: str | None = None, after: str = ""
) -> str:
    """One measure: heading, figures, chart, sentence and commentary (then ``after``, HTML
    already escaped, such as an exception's action plan)."""
    title = heading if heading is not None else escape(view.name)
    commentary = (
        f'<p class="commentary">{escape(view.commentary)}</p>'
        if view.commentary
        else '<p class="muted">No commentary for this period.</p>'
    )
    return (
        f'<section class="measure" aria-labelledby="h-{element_id}">'
        f'<h{level} id="h-{element_id}">{title}</h{level}>'
        f'<p class="muted">{escape(view.service)} · {escape(view.directorate)}</p>'
        f"{figures(view)}{chart(view, 'c-' + element_id)}"
        f'<p class="sentence">{escape(view.sentence)}</p>'
        f"<h{level + 1}>Commentary</h{level + 1}>{commentary}{after}</section>"
    )
