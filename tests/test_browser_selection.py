"""In Chromium: the selection follows the user through the sidebar, links are honoured or their
mistakes named, nothing is fetched from elsewhere."""
from __future__ import annotations

import re

import pytest

from browsing import (
    choose,
    open_first_row,
    requests_made,
    require_chromium,
    screenshot,
    wait_until_drawn,
    wait_until_idle,
)
from pmf_core.analysis.status import status_as_at
from pmf_core.rules.periods import month_index
from pmf_core.store import Store

SIDEBAR = ["Service drill-down", "Exceptions for scrutiny", "Action tracker", "Upload data",
           "Data quality", "Help", "Strategic scorecard"]
WITH_MONTH = {"Strategic scorecard", "Service drill-down", "Exceptions for scrutiny",
              "Data quality"}

require_chromium()

from playwright.sync_api import expect  # noqa: E402


def box(page, label: str):
    """A sidebar or page selectbox's input, by its label."""
    return page.get_by_label(label, exact=True).last


def heading(page, title: str):
    return page.get_by_role("heading", name=title, level=1)


def showing(page, label: str, value: str) -> None:
    expect(box(page, label)).to_have_value(re.compile(re.escape(value)), timeout=30_000)


# The sidebar in three runs, each from a fresh choice (each under 10 s); the last passes
# through the pages without the month or directorate boxes on its way back to the scorecard.
@pytest.mark.parametrize("pages", [SIDEBAR[:2], SIDEBAR[2:5], SIDEBAR[5:]],
                         ids=["first", "middle", "last"])
def test_the_selection_follows_every_page_of_the_sidebar(demo_app, page, pages):
    page.goto(demo_app)
    expect(heading(page, "Strategic scorecard")).to_be_visible(timeout=30_000)
    choose(page, "As at month", "Sep 2026")
    choose(page, "Directorate", "Place")
    choose(page, "Committee", "Place and Resources")
    # The server has taken the last choice (a click before it lands would go without it).
    expect(page).to_have_url(re.compile(r"committee=Place\+and\+Resources"), timeout=10_000)
    for title in pages:
        page.get_by_role("link", name=title, exact=True).click()
        expect(heading(page, title)).to_be_visible(timeout=30_000)
        if title in WITH_MONTH:
            showing(page, "As at month", "Sep 2026")
            expect(page).to_have_url(re.compile(r"month=2026-09"), timeout=10_000)
        if title not in ("Upload data", "Help"):
            showing(page, "Directorate", "Place")
            expect(page).to_have_url(re.compile(r"directorate=Place"), timeout=10_000)
        if title in ("Strategic scorecard", "Exceptions for scrutiny", "Action tracker"):
            showing(page, "Committee", "Place and Resources")
    if title == "Strategic scorecard":       # back where the choice was made
        expect(page.get_by_text("As at Sep 2026 · Place · Place and Resources")).to_be_visible()


@pytest.mark.parametrize("path", ["exceptions", "actions"])
def test_a_committee_link_is_honoured(demo_app, page, demo_store_file, path):
    page.goto(f"{demo_app}/{path}?committee=people+and+health")
    showing(page, "Committee", "People and Health")
    expect(page.get_by_text(re.compile(r"· People and Health ·")).first).to_be_visible()
    assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0
    if path == "exceptions":
        expected = status_as_at(Store(demo_store_file), month_index(2026, 10),
                                committee="People and Health", rags=["Red", "Amber"])
        expect(page.get_by_text(f"· {len(expected)} exceptions,")).to_be_visible()
    expect(page).to_have_url(re.compile(r"committee=People\+and\+Health"))


BAD_LINKS = {
    "?month=2031-01": "There is no data for Jan 2031: showing Oct 2026, the default month, "
                      "instead.",
    "?month=banana": '"banana" is not a month (write it as 2026-10): showing Oct 2026, the '
                     "default month, instead.",
    "data_quality?directorate=Nowhere": 'There is no directorate "Nowhere": showing all '
                                        "directorates instead.",
    "exceptions?committee=Finance": 'There is no committee "Finance": showing all committees '
                                    "instead.",
    "exceptions?service=Bins": 'There is no service "Bins": showing all services instead.',
    "drilldown?indicator=NOPE": 'There is no indicator "NOPE": showing ',
}


@pytest.mark.parametrize("link", BAD_LINKS)
def test_a_bad_link_says_what_was_asked_and_what_is_shown(demo_app, page, link):
    page.goto(f"{demo_app}/{link}")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_contain_text(BAD_LINKS[link], timeout=30_000)
    if "month=" in link:
        showing(page, "As at month", "Oct 2026")
        expect(page).to_have_url(re.compile(r"month=2026-10"))
    if link.startswith("drilldown"):
        name = box(page, "Indicator").input_value()
        expect(warning).to_contain_text(name.split(" (")[0])


def test_names_in_a_link_match_in_any_case(demo_app, page):
    page.goto(f"{demo_app}/drilldown?directorate=place&indicator=ch0101")
    expect(page.get_by_role("heading", name="Rates of children in care per 10,000")
           ).to_be_visible(timeout=30_000)
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_contain_text("\"CH0101\" is in People - Children's, not \"place\"")
    showing(page, "Directorate", "People - Children's")


def test_nothing_is_fetched_from_another_server(demo_app, page):
    with requests_made(page) as asked:
        page.goto(f"{demo_app}/exceptions")
        page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
        wait_until_drawn(page)
        page.wait_for_load_state("networkidle")   # what the drawn page asks for has been asked
    elsewhere = [u for u in asked if not u.startswith((demo_app, "data:", "blob:"))]
    assert not elsewhere
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert icon.startswith(demo_app)


def test_a_data_quality_row_opens_its_drilldown(demo_app, page):
    page.goto(f"{demo_app}/data_quality?month=2026-10")
    grid = page.locator('[data-testid="stDataFrame"]').first      # late returns: expanded
    open_first_row(page, grid)


@pytest.mark.parametrize("width", [1440, 390])
def test_help_page_screenshots(demo_app, page, width):
    page.set_viewport_size({"width": width, "height": 5200})
    page.goto(f"{demo_app}/help")
    expect(heading(page, "Help")).to_be_visible(timeout=30_000)
    for text in ("Off target by more than the amber tolerance.", "✔ Green",
                 "Moved the bad way.", "A real change for the worse.", "◐ hit and miss"):
        expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=10_000)
    wait_until_idle(page)
    screenshot(page, f"help-{width}")
    assert page.locator('[data-testid="stException"]').count() == 0
