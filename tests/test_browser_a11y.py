"""Accessibility checked by a tool: axe-core (WCAG 2.2 AA rules) on every page in Chromium.

Zero serious or critical violations, headings in order. A violation inside Streamlit's own
widgets that the app cannot fix is excused by its exact rule and selector in EXCUSED, with why.
"""
from __future__ import annotations

import pytest

from browsing import TREND, require_chromium, screenshot, wait_until_drawn
from conftest import ROOT

PAGES = {"": "Strategic scorecard", "drilldown": "Service drill-down",
         "exceptions": "Exceptions for scrutiny", "actions": "Action tracker",
         "upload": "Upload data", "data_quality": "Data quality", "public": "Public view",
         "help": "Help"}
if (ROOT / "views" / "benchmarking.py").exists():
    PAGES["benchmarking"] = "Benchmarking"
GRID = '[data-testid="stDataFrame"] canvas'
READY = {"drilldown": TREND, "": GRID, "exceptions": GRID}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# (rule id, CSS selector axe reports) -> why it is Streamlit's and not ours.
EXCUSED: dict[tuple[str, str], str] = {}

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402


@pytest.fixture
def viewport(width) -> dict[str, int]:
    return {"width": width, "height": 900}


def open_page(page, url: str, path: str, width: int) -> None:
    """The page at that width fully drawn (tables and charts too)."""
    page.goto(f"{url}/{path}")
    expect(page.get_by_role("heading", name=PAGES[path], level=1)).to_be_visible(timeout=30_000)
    if path in READY and width >= 640:
        page.wait_for_selector(READY[path], timeout=30_000)
    wait_until_drawn(page)


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
    return page.evaluate("[...document.querySelectorAll('[data-testid=stMain] h1, "
                         "[data-testid=stMain] h2, [data-testid=stMain] h3, "
                         "[data-testid=stMain] h4')].map(h => +h.tagName[1])")


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("path", list(PAGES))
def test_axe_finds_nothing_serious_and_headings_go_down_one_level_at_a_time(
        demo_app, page, path, width):
    open_page(page, demo_app, path, width)
    screenshot(page, f"a11y-{path or 'scorecard'}-{width}", full_page=True)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    levels = heading_levels(page)
    assert serious(results) == []
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
