"""The public site for residents: static HTML files for the council's web server.

Only measures marked public, and of each only what a resident may read: figures, trend,
sentence and the service's commentary. Never notes, override reasons, actions, officers,
loaders or revisions (MeasureView carries none of them). No script and no fetch: the files work
opened from a folder, from a USB stick or behind any web server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.outputs import html_page
from pmf_core.outputs.measure_view import MeasureView, by_priority, measure_views
from pmf_core.rules.narrative import Benchmark
from pmf_core.rules.periods import month_label
from pmf_core.store import reads

INDEX = "index.html"
PAGE_PREFIX = "measure-"
SITE_TITLE = "How the council is performing"


@dataclass
class PublicSite:
    as_at: str  # "Oct 2026"
    views: list[MeasureView]  # by plan priority, then name

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
    return by_priority(status[status["indicator_id"].isin(public)])


def site(store, as_at: int, benchmarks: dict[str, Benchmark] | None = None) -> PublicSite:
    with store.session():
        return PublicSite(
            month_label(as_at), measure_views(store, public_rows(store, as_at), as_at, benchmarks)
        )


class PublishRefused(Exception):
    """The folder cannot be published into safely; the message says why, in plain words."""


def publish(
    store, as_at: int, out: str | Path, benchmarks: dict[str, Benchmark] | None = None
) -> list[Path]:
    """Write the site into a fresh folder beside ``out`` and move it into place whole, so a
    reader never sees half a site and no link in the old folder is ever followed. Pages of
    measures no longer public go with the old folder."""
    folder = Path(out)
    mode = _check_target(folder)
    model = site(store, as_at, benchmarks)
    pages = {INDEX: index_html(model)}
    pages.update({page_name(v.indicator_id): measure_html(model, v) for v in model.views})
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=folder.parent))
    try:
        for name, text in pages.items():
            (fresh / name).write_text(text, encoding="utf-8")
        fresh.chmod(mode)
        _move_into_place(fresh, folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return sorted(folder / name for name in pages)


def _check_target(folder: Path) -> int:
    """Refuse a folder that is a link, or that holds anything publish did not write (a link, a
    folder, a file of another name); return the permissions the new folder should have."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return 0o755  # readable by the web server, as a new folder usually is
    if stat.S_ISLNK(info.st_mode):
        raise PublishRefused(f"{folder} is a link: give the folder it points to, or a new one.")
    if not stat.S_ISDIR(info.st_mode):
        raise PublishRefused(f"{folder} is not a folder.")
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.is_file(follow_symlinks=False):
            raise PublishRefused(
                f"{folder} holds {entry.name!r}, which is a link or not a "
                "plain file: publish writes only plain files. Remove it."
            )
        if not _written_by_publish(entry.name):
            raise PublishRefused(
                f"{folder} holds {entry.name!r}, which publish did not write: "
                "publish into a folder of its own (it replaces it whole)."
            )
    return stat.S_IMODE(info.st_mode)


def _written_by_publish(name: str) -> bool:
    return name == INDEX or (name.startswith(PAGE_PREFIX) and name.endswith(".html"))


def _move_into_place(fresh: Path, folder: Path) -> None:
    """The new folder takes the old one's name; the old one is removed (links in it are
    removed, never followed), or put back if the move fails."""
    if not os.path.lexists(folder):
        os.rename(fresh, folder)
        return
    old = folder.parent / f".{folder.name}-old-{secrets.token_hex(6)}"
    os.rename(folder, old)
    try:
        os.rename(fresh, folder)
    except OSError:
        os.rename(old, folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def index_html(model: PublicSite) -> str:
    body = [
        f"<h1>{SITE_TITLE}</h1>",
        f'<p class="lede">The council\'s published performance measures as at '
        f"{escape(model.as_at)}, by council plan priority: each measure's latest figure, "
        "its target, its status and its direction since the period before.</p>",
        _key(),
    ]
    if not model.views:
        body.append("<p>No measures have been published yet.</p>")
    for number, (priority, views) in enumerate(model.priorities().items(), start=1):
        body.append(f"<h2>{escape(priority)}</h2>")
        rows = [
            [
                f'<a href="{page_name(v.indicator_id)}">{escape(v.name)}</a>',
                html_page.badge(v.rag, v.rag_badge),
                escape(v.value),
                escape(v.target),
                escape(v.period or "none yet"),
                html_page.dot(v),
                f'<span class="spark">{html_page.sparkline(v, f"s{number}-{i}")}</span>',
            ]
            for i, v in enumerate(views)
        ]
        body.append(
            '<div class="wide-only">'
            + html_page.table(
                f"Measures for {priority}",
                ["Measure", "Status", "Value", "Target", "Period", "Direction", "Trend"],
                rows,
            )
            + "</div>"
        )
        body.append(
            html_page.cards(
                f"Measures for {priority}", [(page_name(v.indicator_id), v) for v in views]
            )
        )
    return html_page.document(SITE_TITLE, "".join(body))


def measure_html(model: PublicSite, view: MeasureView) -> str:
    body = (
        f'<p><a href="{INDEX}">All published measures</a></p>'
        f"{html_page.measure(view, 1, 'measure')}"
        f'<p class="muted">Figures as at {escape(model.as_at)}. The trend shows up to the '
        f"last {escape(view.trend_span)}.</p>"
    )
    return html_page.document(f"{view.name}: {SITE_TITLE}", body)


def _key() -> str:
    """What each status means, each with its symbol and word."""
    meanings = {
        "Red": "off target, beyond the tolerance",
        "Amber": "just off target, within the tolerance",
        "Green": "on target",
        "Blue": "exceeding the stretch level",
        "Not rated": "no target, or a measure tracked for context",
        "No data": "no figure for the latest period",
    }
    items = "".join(f"<li>{html_page.badge(s)} {escape(m)}</li>" for s, m in meanings.items())
    return f'<h2>What the statuses mean</h2><ul class="key">{items}</ul>'
