"""The scorecard, exceptions and public view on a 390 px phone and a 1440 px screen, in Chromium.

A phone gets cards (name, RAG word and symbol, value against target, DOT) and no sideways scroll;
a wide screen gets the table (its widths and wrapping: tests/test_tables.py).
"""

from __future__ import annotations

import re

import pytest

from browsing import require_chromium, screenshot, wait_until_idle

LISTS = {
    "": "perspective",
    "exceptions": "exceptions",  # page -> its first measure list
    "public": "public_0",
}
RAG_WORD = re.compile(r"^[✖◆✔★○–] (Red|Amber|Green|Blue|Not rated|No data)")
PHONE = {"width": 390, "height": 844}

require_chromium()


SIDEWAYS = """Math.max(...[document.documentElement,
    document.querySelector('[data-testid=stMain]')].map(e => e.scrollWidth - e.clientWidth))"""


def sideways_scroll(page) -> int:
    """How many pixels the page (or Streamlit's scrolling main area) is wider than the screen."""
    return page.evaluate(SIDEWAYS)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
@pytest.mark.parametrize("path", list(LISTS))
def test_a_phone_shows_cards_and_a_wide_screen_the_table(demo_app, page, path):
    """Opened on a phone; then the same tab widened to 1440 px (test_browser_a11y narrows)."""
    page.goto(f"{demo_app}/{path}?month=2026-10")
    card = page.locator(f".st-key-phone_{LISTS[path]} .pmf-cards li").first
    card.wait_for(timeout=30_000)
    card.scroll_into_view_if_needed()
    wait_until_idle(page)
    screenshot(page, f"phone-cards-{path or 'scorecard'}")
    word = card.get_by_text(RAG_WORD).first.bounding_box()
    text = card.inner_text()
    table_shown = page.locator(f".st-key-wide_{LISTS[path]}").is_visible()
    scroll = sideways_scroll(page)
    assert word["x"] >= 0 and word["x"] + word["width"] <= 390
    assert re.search(r"against target", text) and re.search(
        r"Improving|Worsening|Same|Up|Down|"
        r"not comparable",
        text,
    )
    assert not table_shown and scroll == 0

    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_function("window.innerWidth === 1440")
    page.locator(f'.st-key-wide_{LISTS[path]} [data-testid="stDataFrame"] canvas').first.wait_for(
        timeout=30_000
    )
    assert not page.locator(f".st-key-phone_{LISTS[path]}").is_visible()
    # The sidebar opens as the window widens; once it is open nothing is wider than the screen.
    page.wait_for_function(f"{SIDEWAYS} === 0", timeout=10_000, polling=50)
