"""The Benchmarking page and the drill-down's benchmark panel as a person sees them in Chromium,
at desktop (1440 px) and phone (390 px) widths. With PMF_SCREENSHOTS set, screenshots go to
screenshots/.

Skips when chromium is absent locally; CI sets PMF_REQUIRE_BROWSER=1 and a skip fails there.
"""

from __future__ import annotations

import re

import pytest

from browsing import TREND, choose, no_error, require_chromium, screenshot, wait_until_idle

CHART = '[data-testid="stPlotlyChart"]'

require_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture
def width() -> int:
    """The screen's width unless a test asks for another (desktop 1440, phone 390)."""
    return 1440


@pytest.fixture
def viewport(width) -> dict[str, int]:
    """Tall enough for a whole-page screenshot."""
    return {"width": width, "height": 2400}


def charts_drawn(page, count: int) -> None:
    """Wait until this many plotly charts are on the page, each drawn."""
    charts = page.locator(CHART)
    expect(charts).to_have_count(count, timeout=30_000)
    for number in range(count):
        charts.nth(number).locator(".main-svg").first.wait_for(timeout=30_000)


@pytest.mark.parametrize("width", [1440, 390])
def test_the_benchmarking_page_draws_both_charts_with_the_council_marked(demo_app, page, width):
    page.goto(f"{demo_app}/benchmarking?metric=WASTE-RESIDUAL")
    expect(page.get_by_role("heading", name="Benchmarking", level=1)).to_be_visible(timeout=30_000)
    charts_drawn(page, 2)
    # The position by period: a table on a wide screen, a card a period on a phone
    page.wait_for_selector(".pmf-table" if width >= 640 else ".pmf-cards li", timeout=30_000)
    bars = page.locator(CHART).first
    expect(bars.locator("text", has_text="▶ Demo Council").first).to_be_attached()
    expect(bars.locator("text", has_text="group median").first).to_be_attached()
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Rank", exact=True)).to_be_visible()
    wait_until_idle(page)
    screenshot(page, f"benchmarking-{width}")
    no_error(page)
    if width == 390:  # nothing wider than the phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_choosing_another_group_changes_the_comparison(demo_app, page):
    page.goto(f"{demo_app}/benchmarking?metric=WASTE-RESIDUAL")
    charts_drawn(page, 2)
    expect(page.get_by_text("CIPFA nearest neighbours: median")).to_be_attached()
    choose(page, "Compared with", "South West")
    expect(page.get_by_text("South West: median")).to_be_attached(timeout=30_000)
    expect(page).to_have_url(re.compile(r"group=South(\+|%20)West"), timeout=10_000)
    no_error(page)


@pytest.mark.parametrize("width", [1440, 390])
def test_the_drilldown_of_a_linked_indicator_shows_the_benchmark_panel(demo_app, page, width):
    page.goto(f"{demo_app}/drilldown?indicator=PL0102")
    heading = page.get_by_role("heading", name="Against comparable councils")
    expect(heading).to_be_visible(timeout=30_000)
    charts_drawn(page, 1)  # the trend above is an image, not plotly
    band = page.locator(CHART).nth(0)
    expect(band.locator("text", has_text="▶ Demo Council").first).to_be_attached()
    trend = TREND if width >= 640 else TREND.replace("wide_", "phone_")
    expect(page.locator(trend)).to_be_visible()
    heading.scroll_into_view_if_needed()
    wait_until_idle(page)
    screenshot(page, f"drilldown-benchmark-{width}")
    no_error(page)


LEGEND_CLEAR = """chart => {
  const box = sel => [...chart.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0);
  const plot = box('.nsewdrag')[0], legend = box('.legend')[0], ticks = box('.xtick text');
  const svg = box('.main-svg')[0];
  return {plotBottom: plot.bottom, ticksBottom: Math.max(...ticks.map(r => r.bottom)),
          legendTop: legend.top, legendBottom: legend.bottom, legendRight: legend.right,
          svgBottom: svg.bottom, svgRight: svg.right};
}"""


@pytest.mark.parametrize("width", [1440, 390])
def test_every_plotly_legend_is_below_its_plot_and_axis_labels(demo_app, page, width):
    """The interactive trend and the benchmark band chart: each legend starts below the plot
    area and the x axis's labels, and ends inside the picture."""
    page.goto(f"{demo_app}/drilldown?indicator=PL0102")
    expect(page.get_by_role("heading", name="Against comparable councils")).to_be_visible(
        timeout=30_000
    )
    wait_until_idle(page)
    page.get_by_text("Interactive chart (zoom and hover)").click()
    charts_drawn(page, 2)
    for number in range(2):
        chart = page.locator(CHART).nth(number)
        chart.scroll_into_view_if_needed()
        found = chart.evaluate(LEGEND_CLEAR)
        assert found["legendTop"] >= max(found["plotBottom"], found["ticksBottom"]), found
        assert found["legendBottom"] <= found["svgBottom"] + 1, found
        assert found["legendRight"] <= found["svgRight"] + 1, found
    page.locator(CHART).first.scroll_into_view_if_needed()
    wait_until_idle(page)
    screenshot(page, f"drilldown-interactive-{width}")
    no_error(page)
