"""The Benchmarking page and the drill-down's benchmark panel as a person sees them in Chromium,
at desktop (1440 px) and phone (390 px) widths. Screenshots go to screenshots/.

Skips when chromium is absent locally; CI sets PMF_REQUIRE_BROWSER=1 and a skip fails there.
"""
from __future__ import annotations

import shutil

import pytest

from bench.appserver import running_app
from browsing import require_chromium
from conftest import ROOT

SHOTS = ROOT / "screenshots"
CHART = '[data-testid="stPlotlyChart"]'

require_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def app_url(demo_store_file, tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-bench") / "app.duckdb"
    shutil.copy(demo_store_file, db)
    with running_app(db) as url:
        yield url


def open_at(browser, width: int, url: str):
    """A page at a width, tall enough for a whole-page screenshot."""
    context = browser.new_context(viewport={"width": width, "height": 2400})
    page = context.new_page()
    page.goto(url)
    return context, page


def charts_drawn(page, count: int) -> None:
    """Wait until this many plotly charts are on the page, each drawn."""
    charts = page.locator(CHART)
    expect(charts).to_have_count(count, timeout=30_000)
    for number in range(count):
        charts.nth(number).locator(".main-svg").first.wait_for(timeout=30_000)


def no_error(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


@pytest.mark.parametrize("width", [1440, 390])
def test_the_benchmarking_page_draws_both_charts_with_the_council_marked(app_url, browser,
                                                                         width):
    context, page = open_at(browser, width,
                            f"{app_url}/benchmarking?metric=WASTE-RESIDUAL")
    try:
        expect(page.get_by_role("heading", name="Benchmarking", level=1)).to_be_visible(
            timeout=30_000)
        charts_drawn(page, 2)
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
        bars = page.locator(CHART).first
        expect(bars.locator("text", has_text="▶ Demo Council").first).to_be_attached()
        expect(bars.locator("text", has_text="group median").first).to_be_attached()
        expect(page.get_by_test_id("stMetricLabel").get_by_text("Rank", exact=True)).to_be_visible()
        page.wait_for_timeout(1000)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"benchmarking-{width}.png"))
        no_error(page)
        if width == 390:        # nothing wider than the phone's screen
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_choosing_another_group_changes_the_comparison(app_url, browser):
    context, page = open_at(browser, 1440, f"{app_url}/benchmarking?metric=WASTE-RESIDUAL")
    try:
        charts_drawn(page, 2)
        expect(page.get_by_text("CIPFA nearest neighbours: median")).to_be_attached()
        page.get_by_role("combobox", name="Compared with").click()
        page.locator('[role="option"]').filter(has_text="South West").first.click()
        expect(page.get_by_text("South West: median")).to_be_attached(timeout=30_000)
        assert "group=South+West" in page.url or "group=South%20West" in page.url
        no_error(page)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_the_drilldown_of_a_linked_indicator_shows_the_benchmark_panel(app_url, browser,
                                                                       width):
    context, page = open_at(browser, width, f"{app_url}/drilldown?indicator=PL0102")
    try:
        heading = page.get_by_role("heading", name="Against comparable councils")
        expect(heading).to_be_visible(timeout=30_000)
        charts_drawn(page, 2)
        band = page.locator(CHART).nth(1)
        expect(band.locator("text", has_text="▶ Demo Council").first).to_be_attached()
        heading.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / f"drilldown-benchmark-{width}.png"))
        no_error(page)
    finally:
        context.close()
