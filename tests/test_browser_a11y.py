"""Every page in Chromium, at 1440 and 390 px: drawn without an error, and accessibility
checked by a tool, axe-core (WCAG 2.2 AA rules).

Zero serious or critical violations, headings in order. A violation inside Streamlit's own
widgets that the app cannot fix is excused by its exact rule and selector in EXCUSED, with why.
"""

from __future__ import annotations

import re

import pytest

from browsing import TREND, no_error, require_chromium, screenshot, wait_until_drawn
from conftest import ROOT

PAGES = {
    "": "Strategic scorecard",
    "drilldown": "Service drill-down",
    "exceptions": "Exceptions for scrutiny",
    "actions": "Action tracker",
    "upload": "Upload data",
    "data_quality": "Data quality",
    "public": "Public view",
    "help": "Help",
}
if (ROOT / "views" / "benchmarking.py").exists():
    PAGES["benchmarking"] = "Benchmarking"
GRID = '[data-testid="stDataFrame"] canvas'
READY = {
    "drilldown": TREND,
    "": GRID,
    "exceptions": GRID,
    "data_quality": '[data-testid="stDataFrame"]',
}
# Each page is checked at 1440 px, then narrowed to 390 px in the same tab.
CASES = [(path, (1440, 390)) for path in PAGES]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe lists every element of every result type unless told; the tests read only violations, and
# listing just those makes a run 3-4 times quicker (1.0 s to 0.25 s on the scorecard here).
# (rule id, CSS selector axe reports) -> why it is Streamlit's and not ours.
EXCUSED: dict[tuple[str, str], str] = {}

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402


def open_page(page, url: str, path: str, width: int) -> None:
    """The page at that width fully drawn (tables and charts too)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{url}/{path}")
    expect(page.get_by_role("heading", name=PAGES[path], level=1)).to_be_visible(timeout=30_000)
    if path in READY and width >= 640:
        page.wait_for_selector(READY[path], timeout=30_000)
    if path == "drilldown" and width >= 640:
        expect(page.locator(TREND)).to_have_attribute("alt", re.compile("^Trend from "))
    wait_until_drawn(page)


def narrowed(page, width: int) -> None:
    """The same page at a phone's width: the layout follows the screen in the browser alone
    (the sidebar folds, tables give way to cards), as it does when the page opens that narrow."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_function(f"window.innerWidth === {width}")
    wait_until_drawn(page)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def serious(results) -> list[str]:
    """Serious and critical violations not excused, one line per rule and element."""
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if (violation["id"], target) not in EXCUSED:
                found.append(f"{violation['id']}: {target}: {node['html'][:160]}")
    return found


def heading_levels(page) -> list[int]:
    return page.evaluate(
        "[...document.querySelectorAll('[data-testid=stMain] h1, "
        "[data-testid=stMain] h2, [data-testid=stMain] h3, "
        "[data-testid=stMain] h4')].map(h => +h.tagName[1])"
    )


@pytest.mark.parametrize(
    ("path", "widths"), CASES, ids=[f"{p or 'scorecard'}-{'-'.join(map(str, w))}" for p, w in CASES]
)
def test_the_page_draws_without_an_error_and_axe_finds_nothing_serious(
    demo_app, page, path, widths
):
    open_page(page, demo_app, path, widths[0])
    for width in widths:
        if width != widths[0]:
            narrowed(page, width)
        no_error(page)
        screenshot(page, f"a11y-{path or 'scorecard'}-{width}", full_page=True)
        results = Axe().run(
            page,
            options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
        )
        levels = heading_levels(page)
        assert serious(results) == [], width
        # Headings go down one level at a time.
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (width, levels)
