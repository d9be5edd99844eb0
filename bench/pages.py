"""Each page's time to first full render in Chromium, on a store of 2,000 indicators x 120 months.

Floor: the same browser showing a page with no data work (the upload page signed out), measured
in the same run and by the same test (title shown, script run ended, main element drawn). The
scorecard is timed to its first screen, its counts and its main table drawn: its target is set
for that screen, and what is below it (changes since last month, the pyramid) may follow.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.appserver import CHROMIUM, CHROMIUM_ARGS, running_app
from bench.synthetic import write_council
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_path
from pmf_core.rules import rag
from pmf_core.store import Store, reads

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'  # the script run ended
GRID = '[data-testid="stDataFrame"] canvas'
CHART = '.st-key-wide_trend_chart [data-testid="stImage"] img'  # the drill-down's trend
METRIC = '[data-testid="stMetric"]'
# Every page in the sidebar: its title, and the element that shows it is drawn (None: its h1 and
# the end of its script run are enough). The floor, the signed-out upload page, is last.
PAGES = {
    "": ("Strategic scorecard", GRID),
    "drilldown": ("Service drill-down", CHART),
    "exceptions": ("Exceptions for scrutiny", GRID),
    "actions": ("Action tracker", None),
    "data_quality": ("Data quality", METRIC),
    "benchmarking": ("Benchmarking", None),
    "public": ("Public view", None),
    "help": ("Help", None),
    "upload": ("Upload data", None),
}
# Streamlit alone (bench/grid_app.py): a page with only a grid the size of the exceptions list,
# its RAG cells coloured, against a bare page of the same app; the bare page is last, as above.
REFERENCE = {"grid": ("Grid page", GRID), "bare": ("Bare page", None)}
# Pages timed to their first screen, shown when all of these are drawn, before their script run
# ends: the scorecard's counts and main table.
FIRST_SCREEN = {"": (METRIC, GRID)}


def bench_pages(folder: Path) -> None:
    files = write_council(folder / "pages", indicators=2000, months=120, seed=3)
    db = folder / "pages.duckdb"
    store = Store(db)
    store.create()
    for kind in ("indicators", "targets", "observations"):
        assert load_path(store, kind, files[kind], "bench").ok
    with running_app(db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # The server's first session (anyone's) starts the background warm-up (ui/warmup.py)
        _render(browser.new_context(), url, "upload")
        time.sleep(WARMING)
        # Each round visits every page, the floor too, so that a moment when the machine is
        # slower falls on all of them alike.
        visitor = _median(
            [{path: _first_visit(browser, url, path) for path in PAGES} for _ in range(REPEAT)]
        )
        _report(
            f"first-time visitor: a new browser context a page, {WARMING} s after the "
            f"server's first session (median of {REPEAT})",
            visitor,
            {path: FIRST_VISIT for path in PAGES},
        )
        returning = browser.new_context()
        for path in PAGES:  # fill the browser and server caches
            _render(returning, url, path)
        again = _median(
            [{path: _render(returning, url, path) for path in PAGES} for _ in range(REPEAT)]
        )
        _report(
            f"returning user: browser and server caches warm (median of {REPEAT})",
            again,
            {path: RETURNING for path in PAGES},
        )
        rounds = [_navigate(returning, url) for _ in range(REPEAT_IN_APP)]
        _report(
            f"inside the open app: the page chosen in the sidebar after {READING} s on "
            f"the one before, the first time in its tab (median of {REPEAT_IN_APP})",
            _median([first for first, _ in rounds]),
            IN_APP,
        )
        _report(
            f"inside the open app: the same, each page again in the same tab (median of "
            f"{REPEAT_IN_APP})",
            _median([again for _, again in rounds]),
            IN_APP,
        )
        _reference(browser, db, _exceptions(store))
        browser.close()


def _exceptions(store: Store) -> int:
    """How many measures the exceptions page lists by default (Red and Amber) in the latest
    month: the reference grid's rows."""
    latest = reads.latest_month(store)
    assert latest is not None, "the bench's council has observations"
    return len(status_as_at(store, latest, rags=[rag.RED, rag.AMBER]))


def _reference(browser, db: Path, rows: int) -> None:
    """What Streamlit's own grid costs inside an open app, before any of this app's work: the
    reference app's grid page against its bare page, the first time in a tab and again."""
    os.environ["PMF_BENCH_GRID_ROWS"] = str(rows)
    context = browser.new_context()  # one, as a returning person's: its cache warm
    with running_app(db, script="bench/grid_app.py") as url:
        rounds = [_twice(context, url, "bare", REFERENCE) for _ in range(REPEAT_IN_APP)]
    context.close()
    for label, figures in zip(("the first time in its tab", "again in the same tab"), zip(*rounds)):
        times = _median(list(figures))
        print(
            f"reference, Streamlit alone: a page with only a {rows}-row grid, RAG cells "
            f"coloured, {label}: {times['grid']:.2f} s, {times['grid'] / times['bare']:.2f}x its "
            f"bare page ({times['bare']:.2f} s; median of {REPEAT_IN_APP})"
        )


def _median(runs: list[dict]) -> dict:
    return {path: statistics.median(run[path] for run in runs) for path in runs[0]}


def _report(label: str, figures: dict, most: dict[str, float]) -> None:
    """Each page's time and its ratio to the floor, and whether every ratio is within its
    target."""
    floor = figures["upload"]
    print(
        f"page first render, 2,000 indicators x 120 months, {label}; floor, the signed-out "
        f"upload page: {floor:.2f} s"
    )
    for path, seconds in figures.items():
        if path != "upload":
            ratio = seconds / floor
            print(
                f"  {path or 'scorecard':<13} {seconds:.2f} s  {ratio:.2f}x  (target within "
                f"{most[path]}x: {'met' if ratio <= most[path] else 'NOT MET'})"
            )
    worst = max((p for p in figures if p != "upload"), key=lambda p: figures[p] / most[p])
    print(
        f"  slowest against its target: {worst or 'scorecard'} "
        f"{figures[worst] / floor:.2f}x (target within {most[worst]}x)"
    )


REPEAT = 3
REPEAT_IN_APP = 5  # its times are tenths of a second: a busy moment moves them the most
WARMING = 20  # seconds between the server's first session and the first-time visitor
FIRST_VISIT, RETURNING = 1.8, 1.8  # the most a page may take, as a multiple of the floor
# Inside the open app: every page within 2x the floor, the scorecard (the most on one screen)
# within 3x.
IN_APP = {path: 3.0 if path == "" else 2.0 for path in PAGES}
READING = 3  # seconds a person spends on a page before the next click


def _navigate(context, url: str) -> tuple[dict, dict]:
    """Time from a sidebar click to the page drawn, in an app already open: each page the first
    time in a new tab, then each page again in that tab.

    A person reads each page before choosing the next; the app uses that time to load the chart
    library (ui/warmup.py), so each click comes READING seconds after the page before settled.
    The first time a tab shows a page, the browser also compiles the code of the page's kinds
    of element (a profile: most of the difference between the two passes), which the second
    pass has done.
    """
    return _twice(context, f"{url}/upload", "upload", PAGES)


def _twice(context, address: str, start_at: str, pages: dict) -> tuple[dict, dict]:
    """In a new tab opened at ``address`` (the page ``start_at``), each of ``pages`` chosen in
    the sidebar in turn, then all again: the seconds from each click to the page drawn."""
    page = context.new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(address)
    _drawn(page, start_at, pages)
    passes: tuple[dict, dict] = ({}, {})
    for figures in passes:
        for path, (title, _) in pages.items():
            page.wait_for_timeout(READING * 1000)
            start = time.perf_counter()
            page.get_by_role("link", name=title).click()
            _drawn(page, path, pages)
            figures[path] = time.perf_counter() - start
    page.close()
    return passes


def _first_visit(browser, url: str, path: str) -> float:
    """A page's time in a browser context of its own (nothing cached), as a first visit."""
    context = browser.new_context()
    try:
        return _render(context, url, path)
    finally:
        context.close()


def _render(context, url: str, path: str) -> float:
    """Seconds from asking for the page's URL in a new tab to the page drawn."""
    page = context.new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    start = time.perf_counter()
    page.goto(f"{url}/{path}")
    _drawn(page, path)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def _drawn(page, path: str, pages: dict = PAGES) -> None:
    """The same test for every page, the floor too: its title shown, its script run ended, and
    its main element (a table's grid, the chart) drawn; for a page timed to its first screen,
    that screen's elements drawn instead of the run's end."""
    title, element = pages[path]
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
    if path in FIRST_SCREEN:
        for shown in FIRST_SCREEN[path]:
            page.wait_for_selector(shown, timeout=60_000)
        return
    page.wait_for_selector(IDLE, timeout=60_000)
    if element:
        page.wait_for_selector(element, timeout=60_000)
