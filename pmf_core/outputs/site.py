"""The public site for residents: static HTML files for the council's web server.

Only measures marked public, and of each only what a resident may read: figures, trend,
sentence and the service's commentary. Never notes, override reasons, actions, officers,
loaders or revisions (MeasureView carries none of them). No script and no fetch: the files work
opened from a folder, from a USB stick or behind any web server.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.outputs import html_page
from pmf_core.outputs.measure_view import MeasureView, measure_views
from pmf_core.rules.narrative import Benchmark
from pmf_core.rules.periods import month_label
from pmf_core.store import reads

INDEX = "index.html"
PAGE_PREFIX = "measure-"
SITE_TITLE = "How the council is performing"


@dataclass
class PublicSite:
    as_at: str                          # "Oct 2026"
    views: list[MeasureView]            # by plan priority, then name

    def priorities(self) -> dict[str, list[MeasureView]]:
        grouped: dict[str, list[MeasureView]] = {}
        for view in self.views:
            grouped.setdefault(view.priority, []).append(view)
        return grouped


def page_name(indicator_id: str) -> str:
    """A measure's file: ids are letters, digits, "_", "." and "-", so never a path."""
    return f"{PAGE_PREFIX}{indicator_id}.html"


def public_rows(store, as_at: int) -> pd.DataFrame:
    """Status rows of the public measures as at a month, by plan priority then name."""
    catalogue = reads.indicators(store)
    public = set(catalogue.loc[catalogue["public"].fillna(False).astype(bool), "indicator_id"])
    status = status_as_at(store, as_at, with_spc=True)
    rows = status[status["indicator_id"].isin(public)]
    order = rows.assign(_priority=rows["priority"].fillna("~")).sort_values(["_priority", "name"])
    return order.drop(columns="_priority").reset_index(drop=True)


def site(store, as_at: int, benchmarks: dict[str, Benchmark] | None = None) -> PublicSite:
    with store.session():
        return PublicSite(month_label(as_at),
                          measure_views(store, public_rows(store, as_at), as_at, benchmarks))


def publish(store, as_at: int, out: str | Path,
            benchmarks: dict[str, Benchmark] | None = None) -> list[Path]:
    """Write the site into a folder; pages of measures no longer public are removed."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    model = site(store, as_at, benchmarks)
    written = {folder / INDEX: index_html(model)}
    written.update({folder / page_name(v.indicator_id): measure_html(model, v)
                    for v in model.views})
    for stale in folder.glob(f"{PAGE_PREFIX}*.html"):
        if stale not in written:
            stale.unlink()
    for path, text in written.items():
        path.write_text(text, encoding="utf-8")
    return sorted(written)


def index_html(model: PublicSite) -> str:
    body = [f"<h1>{SITE_TITLE}</h1>",
            f'<p class="lede">The council\'s published performance measures as at '
            f"{escape(model.as_at)}, by council plan priority: each measure's latest figure, "
            "its target, its status and its direction since the period before.</p>",
            _key()]
    if not model.views:
        body.append("<p>No measures have been published yet.</p>")
    for number, (priority, views) in enumerate(model.priorities().items(), start=1):
        body.append(f"<h2>{escape(priority)}</h2>")
        rows = [[f'<a href="{page_name(v.indicator_id)}">{escape(v.name)}</a>',
                 html_page.badge(v.rag), escape(v.value), escape(v.target),
                 escape(v.period or "none yet"), html_page.dot(v),
                 f'<span class="spark">{html_page.sparkline(v, f"s{number}-{i}")}</span>']
                for i, v in enumerate(views)]
        body.append('<div class="wide-only">' + html_page.table(
            f"Measures for {priority}",
            ["Measure", "Status", "Value", "Target", "Period", "Direction", "Trend"], rows)
            + "</div>")
        body.append(html_page.cards(f"Measures for {priority}", [
            (page_name(v.indicator_id), v) for v in views]))
    return html_page.document(SITE_TITLE, "".join(body))


def measure_html(model: PublicSite, view: MeasureView) -> str:
    body = (f'<p><a href="{INDEX}">All published measures</a></p>'
            f"{html_page.measure(view, 1, 'measure')}"
            f'<p class="muted">Figures as at {escape(model.as_at)}. The trend shows up to the '
            "last eight quarters or 24 months.</p>")
    return html_page.document(f"{view.name}: {SITE_TITLE}", body)


def _key() -> str:
    """What each status means, each with its symbol and word."""
    meanings = {"Red": "off target, beyond the tolerance", "Amber": "just off target, within "
                "the tolerance", "Green": "on target", "Blue": "exceeding the stretch level",
                "Not rated": "no target, or a measure tracked for context",
                "No data": "no figure for the latest period"}
    items = "".join(f"<li>{html_page.badge(s)} {escape(m)}</li>" for s, m in meanings.items())
    return f'<h2>What the statuses mean</h2><ul class="key">{items}</ul>'
