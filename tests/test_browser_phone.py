"""Every page, and the published site, on a 390 px phone in Chromium: nothing wider than the
screen (the document's scrolling width and every shown element's box), and no data grid shown
(a grid's columns have fixed widths, so on a phone it would scroll sideways inside its box).

With PMF_SCREENSHOTS set, each page is saved whole in screenshots/ for people to look at.
"""

from __future__ import annotations

import pytest

from browsing import TREND, no_error, require_chromium, screenshot, wait_until_drawn
from pmf_core.outputs import site as publish
from pmf_core.rules.periods import month_index

PHONE = {"width": 390, "height": 844}
PAGES = {
    "": "Strategic scorecard",
    "drilldown": "Service drill-down",
    "exceptions": "Exceptions for scrutiny",
    "actions": "Action tracker",
    "upload": "Upload data",
    "data_quality": "Data quality",
    "benchmarking": "Benchmarking",
    "public": "Public view",
    "help": "Help",
}
# What is wider than the screen: the document or Streamlit's scrolling main area, any shown
# element whose box reaches past either edge (apart from what is wholly off to the left, as the
# folded sidebar and what a chart library measures text with), and any shown data grid.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const name = e => e.tagName.toLowerCase() + (e.dataset.testid ? `[${e.dataset.testid}]` : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '');
  for (const e of [document.scrollingElement, document.querySelector('[data-testid=stMain]')])
    if (e && e.scrollWidth > e.clientWidth) found.push(`${name(e)} scrolls ${e.scrollWidth}`);
  const side = document.querySelector('[data-testid=stSidebar]');
  const folded = side && side.getBoundingClientRect().right <= 0 ? side : null;
  for (const e of document.body.querySelectorAll('*')) {
    if ((folded && folded.contains(e)) || !e.checkVisibility({visibilityProperty: true}))
      continue;
    const box = e.getBoundingClientRect();
    if (box.width && box.height && box.right > 0 && (box.left < -1 || box.right > width + 1))
      found.push(`${name(e)} ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  for (const grid of document.querySelectorAll('[data-testid=stDataFrame]'))
    if (grid.checkVisibility()) found.push(`a data grid ${grid.className}`);
  return found;
}"""

require_chromium()


@pytest.fixture
def viewport() -> dict[str, int]:
    return PHONE


def too_wide(page) -> list[str]:
    return page.evaluate(TOO_WIDE)


@pytest.mark.parametrize("path", list(PAGES))
def test_nothing_is_wider_than_a_phone(demo_app, page, path):
    page.goto(f"{demo_app}/{path}?month=2026-10")
    page.get_by_role("heading", name=PAGES[path], level=1).wait_for(timeout=30_000)
    if path == "drilldown":
        page.locator(TREND.replace("wide_", "phone_")).wait_for(timeout=30_000)
    wait_until_drawn(page)
    no_error(page)
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": PHONE["width"], "height": min(height, 12_000)})
    wait_until_drawn(page)
    screenshot(page, f"phone-{path or 'scorecard'}")
    assert too_wide(page) == []


def test_the_scorecard_counts_share_a_line_and_cards_link_in_the_same_tab(demo_app, page):
    page.goto(f"{demo_app}/?month=2026-09&committee=People+and+Health")
    page.locator(".st-key-phone_perspective .pmf-cards a").first.wait_for(timeout=30_000)
    wait_until_drawn(page)
    tops = page.eval_on_selector_all(
        '.st-key-counts_scorecard [data-testid="stMetric"]',
        "ms => ms.map(m => Math.round(m.getBoundingClientRect().top))",
    )
    assert len(tops) == 7 and len(set(tops)) == 2  # four on the first line, three below
    link = page.locator(".st-key-phone_perspective .pmf-cards a").first
    assert link.get_attribute("target") in (None, "_self")
    name = link.inner_text()
    link.click()
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
    wait_until_drawn(page)
    assert "month=2026-09" in page.url and "indicator=" in page.url
    assert "committee=" not in page.url  # the drill-down has no committee filter
    assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0  # none ignored


def test_the_exceptions_filters_are_on_the_page(demo_app, page):
    page.goto(f"{demo_app}/exceptions?month=2026-10")
    page.get_by_role("heading", name=PAGES["exceptions"], level=1).wait_for(timeout=30_000)
    wait_until_drawn(page)
    main = page.locator('[data-testid="stMain"]')
    for label in ("Committee", "RAG"):
        assert main.get_by_label(label, exact=True).first.is_visible()


@pytest.mark.parametrize("name", ["index", "measure-CH0102"])
def test_the_published_site_fits_a_phone(demo_store_file, tmp_path, page, name):
    from pmf_core.store import Store

    publish.publish(Store(demo_store_file, wait_seconds=2), month_index(2026, 10), tmp_path)
    page.goto((tmp_path / f"{name}.html").as_uri())
    page.wait_for_load_state("load")
    if name == "index":
        assert page.locator(".cards li").first.is_visible()
        assert not page.locator("table").first.is_visible()
    screenshot(page, f"phone-site-{name}", full_page=True)
    assert too_wide(page) == []
