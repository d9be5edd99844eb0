"""In Chromium: the selection follows the user through the sidebar, links are honoured or their
mistakes named, nothing is fetched from elsewhere."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
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

OCTOBER = month_index(2026, 10)

SIDEBAR = [
    "Service drill-down",
    "Exceptions for scrutiny",
    "Action tracker",
    "Upload data",
    "Data quality",
    "Help",
    "Strategic scorecard",
]
WITH_MONTH = {
    "Strategic scorecard",
    "Service drill-down",
    "Exceptions for scrutiny",
    "Data quality",
}

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
@pytest.mark.parametrize(
    "pages", [SIDEBAR[:2], SIDEBAR[2:5], SIDEBAR[5:]], ids=["first", "middle", "last"]
)
def test_the_selection_follows_every_page_of_the_sidebar(demo_app, page, pages):
    page.goto(demo_app)
    expect(heading(page, "Strategic scorecard")).to_be_visible(timeout=30_000)
    # Each choice is taken by the server before the next (a click before it lands would go
    # without it).
    for label, option, in_url in (
        ("As at month", "Sep 2026", r"month=2026-09"),
        ("Directorate", "Place", r"directorate=Place"),
        ("Committee", "Place and Resources", r"committee=Place\+and\+Resources"),
    ):
        choose(page, label, option)
        expect(page).to_have_url(re.compile(in_url), timeout=10_000)
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
    if title == "Strategic scorecard":  # back where the choice was made
        expect(page.get_by_text("As at Sep 2026 · Place · Place and Resources")).to_be_visible()


@pytest.mark.parametrize("path", ["exceptions", "actions"])
def test_a_committee_link_is_honoured(demo_app, page, demo_store_file, path):
    page.goto(f"{demo_app}/{path}?committee=people+and+health")
    showing(page, "Committee", "People and Health")
    expect(page.get_by_text(re.compile(r"· People and Health ·")).first).to_be_visible()
    assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0
    if path == "exceptions":
        expected = status_as_at(
            Store(demo_store_file),
            month_index(2026, 10),
            committee="People and Health",
            rags=["Red", "Amber"],
        )
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
    expect(page.get_by_role("heading", name="Rates of children in care per 10,000")).to_be_visible(
        timeout=30_000
    )
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_contain_text('"CH0101" is in People - Children\'s, not "place"')
    showing(page, "Directorate", "People - Children's")


def test_nothing_is_fetched_from_another_server(demo_app, page):
    with requests_made(page) as asked:
        page.goto(f"{demo_app}/exceptions")
        page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
        wait_until_drawn(page)
        page.wait_for_load_state("networkidle")  # what the drawn page asks for has been asked
    elsewhere = [u for u in asked if not u.startswith((demo_app, "data:", "blob:"))]
    assert not elsewhere
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert icon.startswith(demo_app)


def test_a_data_quality_row_opens_its_drilldown(demo_app, page):
    page.goto(f"{demo_app}/data_quality?month=2026-10")
    grid = page.locator('[data-testid="stDataFrame"]').first  # late returns: expanded
    open_first_row(page, grid)


@pytest.mark.parametrize("width", [1440, 390])
def test_help_page_screenshots(demo_app, page, width):
    page.set_viewport_size({"width": width, "height": 5200})
    page.goto(f"{demo_app}/help")
    expect(heading(page, "Help")).to_be_visible(timeout=30_000)
    for text in (
        "Off target by more than the amber tolerance.",
        "✔ Green",
        "Moved the bad way.",
        "[H] concern (high)",
        "A real change for the worse, above the mean (lower is better).",
        "[?] hit and miss",
    ):
        expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=10_000)
    wait_until_idle(page)
    screenshot(page, f"help-{width}")
    assert page.locator('[data-testid="stException"]').count() == 0


def through_sidebar(page, title: str) -> None:
    """Follow the sidebar's link to a page (opening the sidebar first on a phone) and wait for
    its heading and the end of its run."""
    wait_until_idle(page)
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.is_visible():  # a phone's sidebar is shut
        opener.click()
    page.get_by_role("link", name=title, exact=True).click()
    expect(heading(page, title)).to_be_visible(timeout=30_000)
    wait_until_idle(page)


def downloaded(page, button: str):
    """The file a download button gives: its suggested name and its path."""
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name=button).click()
    return download.value.suggested_filename, Path(download.value.path())


@pytest.mark.parametrize("width", [1440, 390])
def test_the_exceptions_round_trip_keeps_every_exception(demo_app, page, demo_store_file, width):
    """Exceptions for People and Health, the drill-down (a service chosen there), back: the
    same exceptions, the caption saying what they are, no drill-down choice in the address."""
    page.set_viewport_size({"width": width, "height": 1400})
    expected = status_as_at(
        Store(demo_store_file), OCTOBER, committee="People and Health", rags=["Red", "Amber"]
    )
    said = (
        f"As at Oct 2026 · All directorates · People and Health · Red and Amber · "
        f"{len(expected)} exceptions,"
    )
    page.goto(f"{demo_app}/exceptions?committee=People+and+Health")
    expect(page.get_by_text(f"· {len(expected)} exceptions,")).to_be_visible(timeout=30_000)
    wait_until_drawn(page)
    screenshot(page, f"round-trip-1-exceptions-{width}")
    through_sidebar(page, "Service drill-down")
    choose(page, "Service", "Housing")
    expect(page).to_have_url(re.compile(r"service=Housing"), timeout=10_000)
    wait_until_drawn(page)
    screenshot(page, f"round-trip-2-drilldown-{width}")
    through_sidebar(page, "Exceptions for scrutiny")
    expect(page.get_by_text(said)).to_be_visible(timeout=30_000)
    assert "service=" not in page.url and "indicator=" not in page.url
    assert "committee=People+and+Health" in page.url
    wait_until_drawn(page)
    screenshot(page, f"round-trip-3-back-{width}")


def test_the_red_and_the_red_and_amber_appendix_are_named_apart(demo_app, page):
    """Each download's title and file name state every filter: RAG included."""
    names, titles = {}, {}
    for rags in ("Red", "Red,Amber"):
        page.goto(f"{demo_app}/exceptions?committee=People+and+Health&rag={rags}")
        wait_until_idle(page)
        names[rags], path = downloaded(page, "Committee appendix (Excel)")
        titles[rags] = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active["A1"].value
    assert names == {
        "Red": "appendix-people-and-health-red-2026-10.xlsx",
        "Red,Amber": "appendix-people-and-health-red-amber-2026-10.xlsx",
    }
    assert titles == {
        "Red": "People and Health: Red performance exceptions as at Oct 2026",
        "Red,Amber": "People and Health: Red and Amber performance exceptions as at Oct 2026",
    }


def test_one_history_entry_per_page_visit(demo_app, shared_context):
    """Back returns to the page before, once per visit, and no page carries another's
    parameters. A tab of its own: Chromium keeps at most 50 entries, and the reused tab has
    long reached them, so its history.length no longer grows with a visit."""
    page = shared_context.new_page()
    try:
        visit_two_pages_and_come_back(demo_app, page)
    finally:
        page.close()


def visit_two_pages_and_come_back(demo_app: str, page) -> None:
    """Exceptions, then two pages by the sidebar: one entry each, and Back retraces them."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{demo_app}/exceptions?rag=Red")
    expect(page).to_have_url(re.compile(r"month=2026-10"), timeout=30_000)
    wait_until_idle(page)
    before = page.evaluate("history.length")
    for title in ("Strategic scorecard", "Data quality"):
        through_sidebar(page, title)
    assert page.evaluate("history.length") == before + 2
    assert page.url == f"{demo_app}/data_quality?month=2026-10"
    for title, address in (
        ("Strategic scorecard", "/?month=2026-10"),
        ("Exceptions for scrutiny", "/exceptions?month=2026-10&rag=Red"),
    ):
        page.go_back()
        expect(heading(page, title)).to_be_visible(timeout=30_000)
        expect(page).to_have_url(f"{demo_app}{address}", timeout=10_000)
        wait_until_idle(page)


@pytest.mark.parametrize(
    "link,message",
    [
        (
            "exceptons?committee=People+and+Health",
            'There is no page "/exceptons" in this app: showing the Strategic scorecard instead. '
            "Did you mean Exceptions for scrutiny?",
        ),
        (
            "exceptions?colour=blue",
            'The address asks for "colour=blue", which this page does not use: it is ignored.',
        ),
        (
            "?rag=Red",
            'The address asks for "rag=Red", which this page does not use: it is ignored.',
        ),
    ],
)
def test_an_unknown_page_or_parameter_is_named(demo_app, page, link, message):
    page.goto(f"{demo_app}/{link}")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning.filter(has_text=message)).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"month=2026-10"), timeout=10_000)  # written
    assert "colour" not in page.url and "rag" not in page.url
    if link.startswith("exceptons"):
        wait_until_idle(page)
        page.keyboard.press("Escape")  # Streamlit's own "Page not found" box
        page.get_by_role("link", name="Go to Exceptions for scrutiny").click()
        expect(heading(page, "Exceptions for scrutiny")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("· People and Health ·").first).to_be_visible()
