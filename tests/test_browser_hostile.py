"""Every text a user can load, planted with markdown, LaTeX, links, bare URLs, an image and HTML,
is shown as typed on every page, in a real browser: no element is made from it and the image
is never fetched (a loopback server records any request for it).

Skips when chromium is absent locally; CI sets PMF_REQUIRE_BROWSER=1 and a skip fails there.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.appserver import running_app
from browsing import (
    TREND,
    analyst_secrets,
    grid_ready,
    open_tab,
    require_chromium,
    screenshot,
    sign_in,
    wait_until_drawn,
    wait_until_idle,
    warm_up,
)
from pmf_core.ingest import load_bytes
from pmf_core.store import Store
from ui.text import WORD_JOINER

PANEL_TABLE = '.st-key-table_%s [data-testid="stDataFrame"]'  # the scorecard's measures
DEFINED = ("name", "directorate", "service", "priority", "owner", "description", "committees")
REPORTED = ("commentary", "action", "override_reason", "note")
FILE_NAME = (
    "**boldup** _emup_ `codeup` $x^2$ [linkup](x) www.example.com <b>htmlup<b> "
    "&amp; upload.csv"
)  # no "/": it is a real file's name

require_chromium()

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import expect  # noqa: E402


def hostile(field: str, port: int) -> str:
    """Text that would become bold, emphasis, code, a formula, links, an image and HTML."""
    here = f"http://127.0.0.1:{port}"
    return (
        f"{field}: **bold{field}** _em{field}_ `code{field}` $x^{field}$ "
        f"[link{field}]({here}/link) https://example.org/{field} www.example.com "
        f"![img{field}]({here}/{field}.png) <b>html{field}</b> "
        f"<img src={here}/raw{field}.png> &amp; :red[red{field}]"
    )


class Requests(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server name
        Requests.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def image_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Requests)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def rows_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def build_store(path: Path, texts: dict[str, str]) -> None:
    """Two measures: HX1 carries every hostile definition and report text, HX2 the note."""
    store = Store(path)
    store.create()
    header = [
        "indicator_id",
        "name",
        "directorate",
        "service",
        "unit",
        "frequency",
        "polarity",
        "kind",
        "perspective",
        "priority",
        "committees",
        "owner",
        "amber_tolerance",
        "tolerance_type",
        "decimals",
        "description",
    ]
    hx1 = [
        "HX1",
        texts["name"],
        texts["directorate"],
        texts["service"],
        "No.",
        "monthly",
        "higher_is_better",
        "kpi",
        "Operational",
        texts["priority"],
        texts["committees"],
        texts["owner"],
        "5",
        "percent",
        "0",
        texts["description"],
    ]
    hx2 = [
        "HX2",
        "Second measure",
        "Plain directorate",
        "Plain service",
        "No.",
        "monthly",
        "higher_is_better",
        "kpi",
        "Customer",
        "Plain priority",
        "Plain committee",
        "Plain owner",
        "5",
        "percent",
        "0",
        "Plain",
    ]
    targets = [[i, year, "100"] for i in ("HX1", "HX2") for year in ("2025/26", "2026/27")]
    months = [f"{2025 + (m > 12)}-{(m - 1) % 12 + 1:02d}" for m in range(10, 23)]
    values = [["HX1", m, str(100 + (i % 3)), "", "", "", "", ""] for i, m in enumerate(months[:-1])]
    values.append(
        [
            "HX1",
            months[-1],
            "50",
            texts["commentary"],
            texts["action"],
            "Amber",
            texts["override_reason"],
            "",
        ]
    )
    values.append(["HX2", months[-1], "", "", "", "", "", texts["note"]])
    for kind, data in (
        ("indicators", rows_csv(header, [hx1, hx2])),
        ("targets", rows_csv(["indicator_id", "financial_year", "target"], targets)),
        (
            "observations",
            rows_csv(
                [
                    "indicator_id",
                    "period",
                    "value",
                    "commentary",
                    "action",
                    "rag_override",
                    "override_reason",
                    "note",
                ],
                values,
            ),
        ),
    ):
        report = load_bytes(store, kind, data, f"{kind}.csv", "tester")
        assert report.ok, report.problems


@pytest.fixture(scope="module")
def app(image_server, tmp_path_factory, reused_tab):
    folder = tmp_path_factory.mktemp("hostile")
    texts = {field: hostile(field, image_server) for field in DEFINED + REPORTED}
    texts["committees"] = texts["committees"].replace(";", ",")
    build_store(folder / "app.duckdb", texts)
    with running_app(folder / "app.duckdb", analyst_secrets(folder)) as url:
        warm_up(reused_tab, url)
        yield url, texts


@pytest.fixture
def viewport() -> dict[str, int]:
    """Tall, so that the tables show every row and a screenshot the whole page."""
    return {"width": 1440, "height": 2400}


# Any element a markdown or HTML renderer would make from the planted text: its text starts
# with a marker (<strong>boldname</strong>), or it links to the planted addresses.
MADE = """([markers, planted]) => {
  const made = [];
  for (const el of document.querySelectorAll(
      'a, img, strong, em, b, i, code, pre, del, s, .katex, math, span[style]')) {
    const text = el.textContent || '';
    // A phone card's link to the drill-down and the sidebar's links to the app's pages carry
    // the selection (a directorate's name too), URL-encoded as a parameter of the app's own
    // page: that is not a link made from the text. Such an address names a page of the app (or
    // none: this page) and has no ":" or "/" left unencoded, so no text made it a link elsewhere.
    const own = /^[a-z_]*\\?[^:\\/\\s]*$/.test(el.getAttribute('href') || '');
    const link = own ? '' : (el.getAttribute('href') || '') + (el.getAttribute('src') || '');
    if (markers.some(m => text.trim().startsWith(m)) || link.includes(planted)
        || /example\\./.test(link))
      made.push(el.parentElement.outerHTML.slice(0, 300));
  }
  return made;
}"""


GRID_TEXT = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] table')]
    .map(t => [...t.querySelectorAll('td')].map(c => c.textContent).join(' ')).join(' ')"""
# The same reading as check_page's, in the page: true once every text is there.
ALL_SHOWN = (
    "([texts, joiner]) => { const grids = ("
    + GRID_TEXT
    + """)();
  const body = (document.body.innerText + ' ' + grids).replaceAll(joiner, '')
    .split(/\\s+/).filter(w => w).join(' ');
  return texts.every(t => body.includes(t));
}"""
)


def check_page(page, texts: list[str], name: str, fields: list[str] | None = None) -> None:
    """Each text is on the page as typed, and nothing was made from any of them."""
    wait_until_drawn(page)
    # A grid mirrors its cells for screen readers a moment after it draws: wait for the texts
    # (at most 10 s), then read and assert as a person would.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(ALL_SHOWN, arg=[texts, WORD_JOINER], timeout=10_000)
    # What a person reads (the word joiners that stop autolinks are invisible), and the cells
    # of the tables, drawn on a canvas but mirrored in a hidden grid for screen readers.
    grids = page.evaluate(GRID_TEXT)
    body = " ".join(
        (page.locator("body").inner_text() + " " + grids).replace(WORD_JOINER, "").split()
    )
    for text in texts:
        assert text in body, f"{name}: not shown as typed: {text[:40]}"
    fields = fields or [t.split(":")[0] for t in texts]
    markers = [
        kind + f for f in fields for kind in ("bold", "em", "code", "link", "img", "html", "red")
    ]
    planted = texts[0].split("](")[1].split("/link")[0]  # the image server's address
    assert page.evaluate(MADE, [markers, planted]) == [], name
    assert page.locator(".katex").count() == 0, name
    assert page.locator('[data-testid="stException"]').count() == 0, name
    screenshot(page, f"hostile-{name}")


# One test a page, each on a tab of its own; after each, the planted images were never fetched.
def test_the_scorecard_shows_every_text_as_typed(app, page):
    visit_scorecard(page, *app)
    assert Requests.seen == []


def test_the_drilldown_shows_every_text_as_typed(app, page):
    visit_drilldown(page, *app)
    assert Requests.seen == []


def test_the_exceptions_show_every_text_as_typed(app, page):
    visit_exceptions(page, *app)
    assert Requests.seen == []


def test_the_action_tracker_shows_every_text_as_typed(app, page):
    visit_tracker(page, *app)
    assert Requests.seen == []


def test_data_quality_shows_every_text_as_typed(app, page):
    visit_quality(page, *app)
    assert Requests.seen == []


def test_the_upload_check_shows_the_file_name_as_typed(app, page, tmp_path):
    checked_upload(page, *app, tmp_path)
    assert Requests.seen == []


# Last: its load revises HX2's row for Oct 2026, the one that carries the note checked above.
def test_the_committed_upload_shows_the_file_name_as_typed(app, page, tmp_path):
    commit = checked_upload(page, *app, tmp_path, check=False)
    committed_upload(page, commit)
    assert Requests.seen == []


def visit_scorecard(page, url: str, texts: dict) -> None:
    query = urllib.parse.urlencode({"month": "2026-10", "directorate": texts["directorate"]})
    page.goto(f"{url}/?{query}")
    page.wait_for_selector(f"{PANEL_TABLE % 'perspective'} canvas", timeout=30_000)
    wait_until_idle(page)
    check_page(page, [texts["directorate"]], "scorecard-perspective")
    page.get_by_text("Council plan priority").click()
    expect(
        page.locator('[data-testid="stButtonGroup"]').get_by_text(texts["priority"][:20])
    ).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    check_page(page, [texts["directorate"], texts["priority"]], "scorecard-priority")
    grid = page.locator(PANEL_TABLE % "priority")  # the chosen panel's measures
    grid_ready(page, grid)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 52)  # the first row's selector
    link = page.get_by_role("link", name=re.compile("in the drill-down$"))
    expect(link).to_be_visible(timeout=15_000)
    check_page(page, [f"Open {texts['name']} in the drill-down"], "scorecard-link", ["name"])


def visit_drilldown(page, url: str, texts: dict) -> None:
    page.goto(f"{url}/drilldown?indicator=HX1&month=2026-10")
    page.wait_for_selector(TREND, timeout=30_000)
    wait_until_idle(page)
    rag = page.locator('[data-testid="stMetric"]').filter(has_text="RAG")
    rag.locator('[data-testid="stTooltipHoverTarget"]').hover()
    expect(page.locator('[data-testid="stTooltipContent"]')).to_be_visible(timeout=10_000)
    check_page(
        page,
        [
            texts["name"],
            texts["override_reason"],
            texts["owner"],
            texts["action"],
            texts["commentary"],
        ],
        "drilldown-commentary",
    )
    for tab, marker in (
        ("Revisions", "Every value loaded"),
        ("SPC rebases", "No rebases"),
        ("Definition", "Stretch threshold"),
    ):
        open_tab(page, tab, marker)
        shown = [texts["name"]]
        if tab == "Revisions":
            shown += [texts["commentary"], texts["override_reason"]]
            page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
        if tab == "Definition":
            shown += [texts[f] for f in ("directorate", "service", "owner", "description")]
            expect(page.locator('[data-testid="stTable"]')).to_be_visible(timeout=30_000)
        check_page(page, shown, f"drilldown-{tab.split()[-1].lower()}")


def visit_exceptions(page, url: str, texts: dict) -> None:
    page.goto(f"{url}/exceptions?month=2026-10")
    title = page.locator('[data-testid="stExpander"] summary').filter(has_text="name: ")
    expect(title).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    title.click()
    expect(
        page.get_by_test_id("stExpanderDetails").get_by_text("Path to green", exact=True)
    ).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    check_page(
        page,
        [texts[f] for f in ("name", "service", "owner", "commentary", "action", "override_reason")],
        "exceptions",
    )


def visit_tracker(page, url: str, texts: dict) -> None:
    page.goto(f"{url}/actions")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    wait_until_idle(page)
    page.get_by_label("Accountable officer", exact=True).click()  # options are plain text
    expect(page.get_by_role("option").filter(has_text="owner: ")).to_be_visible()
    check_page(page, [texts["owner"]], "actions")


def visit_quality(page, url: str, texts: dict) -> None:
    query = urllib.parse.urlencode({"month": "2026-10", "directorate": texts["directorate"]})
    page.goto(f"{url}/data_quality?{query}")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    wait_until_idle(page)
    check_page(page, [texts["directorate"]], "data-quality")
    page.goto(f"{url}/data_quality?month=2026-10")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    wait_until_idle(page)
    check_page(page, [texts["note"]], "data-quality-note")


def checked_upload(page, url: str, texts: dict, folder: Path, check: bool = True):
    """Signed in, the hostile-named extract uploaded and checked; its commit button."""
    sign_in(page, url)
    page.get_by_text("Monthly extract (observations)").click()
    wait_until_idle(page)
    extract = folder / FILE_NAME
    extract.write_text("indicator_id,period,value\nHX2,2026-10,99\n", encoding="utf-8")
    # The kind's change gave the uploader a new key (upload_1): the old one is going away.
    dropzone = '.st-key-upload_1 [data-testid="stFileUploaderDropzoneInput"]'
    page.locator(dropzone).set_input_files(str(extract))
    commit = page.get_by_role("button", name="Commit 1 rows")
    expect(commit).to_be_visible(timeout=30_000)
    if check:
        check_page(
            page, [f"Checked {FILE_NAME}", f"{FILE_NAME}: 1 rows are valid"], "upload-check", ["up"]
        )
    return commit


def committed_upload(page, commit) -> None:
    """Commit, then the name as the load's message and the rollback list show it."""
    commit.click()
    expect(page.get_by_text("loaded from **boldup**", exact=False)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    page.get_by_label(" Roll back a batch", exact=False).click()
    expect(page.get_by_role("option").filter(has_text="upload.csv")).to_be_visible()
    check_page(page, [FILE_NAME + ": 0 new rows, 1 revised"], "upload-committed", ["up"])
    assert FILE_NAME in page.get_by_role("option").filter(has_text="upload.csv").inner_text()
