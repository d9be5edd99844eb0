"""In Chromium: the selection follows the user through the sidebar, links are honoured or their
mistakes named, the default month holds on an early return, nothing is fetched from elsewhere."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_months import early_store

from bench.appserver import running_app
from browsing import require_chromium
from conftest import ROOT
from pmf_core.periods import month_index
from pmf_core.status import status_as_at
from pmf_core.store import Store

SHOTS = ROOT / "screenshots"
SIDEBAR = ["Service drill-down", "Exceptions for scrutiny", "Action tracker", "Upload data",
           "Data quality", "Help", "Strategic scorecard"]
WITH_MONTH = {"Strategic scorecard", "Service drill-down", "Exceptions for scrutiny",
              "Data quality"}

require_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def app_url(demo_store_file, tmp_path_factory):
    db = tmp_path_factory.mktemp("selection") / "app.duckdb"
    shutil.copy(demo_store_file, db)
    with running_app(db) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def box(page, label: str):
    """A sidebar or page selectbox's input, by its label."""
    return page.get_by_label(label, exact=True).last


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by its label."""
    wanted = page.locator('[role="option"]').filter(has_text=option).first
    for _ in range(5):   # a rerun can re-mount the widget under the first click
        box(page, label).click()
        try:
            wanted.click(timeout=3_000)
        except Exception:  # the list did not open this time; click the box again
            continue
        if option in box(page, label).input_value():
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def heading(page, title: str):
    return page.get_by_role("heading", name=title, level=1)


def showing(page, label: str, value: str) -> None:
    expect(box(page, label)).to_have_value(re.compile(re.escape(value)), timeout=30_000)


def test_the_selection_follows_every_page_of_the_sidebar(app_url, page):
    page.goto(app_url)
    expect(heading(page, "Strategic scorecard")).to_be_visible(timeout=30_000)
    choose(page, "As at month", "Sep 2026")
    choose(page, "Directorate", "Place")
    choose(page, "Committee", "Place and Resources")
    for title in SIDEBAR:
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
    expect(page.get_by_text("As at Sep 2026 · Place · Place and Resources")).to_be_visible()


@pytest.mark.parametrize("path", ["exceptions", "actions"])
def test_a_committee_link_is_honoured(app_url, page, demo_store_file, path):
    page.goto(f"{app_url}/{path}?committee=people+and+health")
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
def test_a_bad_link_says_what_was_asked_and_what_is_shown(app_url, page, link):
    page.goto(f"{app_url}/{link}")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_contain_text(BAD_LINKS[link], timeout=30_000)
    if "month=" in link:
        showing(page, "As at month", "Oct 2026")
        expect(page).to_have_url(re.compile(r"month=2026-10"))
    if link.startswith("drilldown"):
        name = box(page, "Indicator").input_value()
        expect(warning).to_contain_text(name.split(" (")[0])


def test_names_in_a_link_match_in_any_case(app_url, page):
    page.goto(f"{app_url}/drilldown?directorate=place&indicator=ch0101")
    expect(page.get_by_role("heading", name="Rates of children in care per 10,000")
           ).to_be_visible(timeout=30_000)
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_contain_text("\"CH0101\" is in People - Children's, not \"place\"")
    showing(page, "Directorate", "People - Children's")


def test_nothing_is_fetched_from_another_server(app_url, page):
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{app_url}/exceptions")
    page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
    page.wait_for_timeout(1500)
    elsewhere = [u for u in asked if not u.startswith((app_url, "data:", "blob:"))]
    assert not elsewhere
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert icon.startswith(app_url)


def test_a_data_quality_row_opens_its_drilldown(app_url, page):
    page.goto(f"{app_url}/data_quality?month=2026-10")
    grid = page.locator('[data-testid="stDataFrame"]').first      # late returns: expanded
    grid.wait_for(timeout=30_000)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(2000)
    frame = grid.bounding_box()
    page.mouse.click(frame["x"] + 14, frame["y"] + 52)             # the first row's selector
    link = page.get_by_role("link", name=re.compile("in the drill-down$"))
    expect(link).to_be_visible(timeout=15_000)
    name = link.inner_text().split("Open ", 1)[1].strip().removesuffix(" in the drill-down")
    link.click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=30_000)


def test_the_default_month_holds_when_one_month_has_two_early_returns(small_store, browser):
    early_store(small_store, ["CIC", "FOST"])
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    with running_app(Path(small_store.path)) as url:
        page.goto(url)
        expect(page.get_by_text(re.compile(r"^As at Oct 2020 ·"))).to_be_visible(timeout=30_000)
        showing(page, "As at month", "Oct 2020")
        expect(page).to_have_url(re.compile(r"month=2020-10"))
    page.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_help_page_screenshots(app_url, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 5200})
    page.goto(f"{app_url}/help")
    expect(heading(page, "Help")).to_be_visible(timeout=30_000)
    for text in ("Off target by more than the amber tolerance.", "✔ Green",
                 "Moved the bad way.", "A real change for the worse.", "◐ hit and miss"):
        expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=10_000)
    page.wait_for_timeout(1500)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"help-{width}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
