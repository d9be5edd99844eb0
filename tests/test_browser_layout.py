"""The scorecard and exceptions on a 390 px phone and a 1440 px screen, in Chromium.

A phone gets cards (name, RAG word and symbol, value against target, DOT) and no sideways scroll;
a wide screen gets the table (its widths and wrapping: tests/test_tables.py).
"""
from __future__ import annotations

import re
import shutil

import pytest

from bench.appserver import running_app
from browsing import require_chromium
from conftest import ROOT

SHOTS = ROOT / "screenshots"
LISTS = {"": "perspective", "exceptions": "exceptions"}      # page -> its measure list's key
RAG_WORD = re.compile(r"^[✖◆✔★○–] (Red|Amber|Green|Blue|Not rated|No data)")

require_chromium()



@pytest.fixture(scope="module")
def app_url(demo_store_file, tmp_path_factory):
    db = tmp_path_factory.mktemp("layout") / "app.duckdb"
    shutil.copy(demo_store_file, db)
    with running_app(db) as url:
        yield url


def sideways_scroll(page) -> int:
    """How many pixels the page (or Streamlit's scrolling main area) is wider than the screen."""
    return page.evaluate("""Math.max(...[document.documentElement,
        document.querySelector('[data-testid=stMain]')].map(e => e.scrollWidth - e.clientWidth))""")


@pytest.mark.parametrize("path", list(LISTS))
def test_a_phone_shows_cards_without_a_sideways_scroll(app_url, browser, path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{app_url}/{path}?month=2026-10")
    card = page.locator(f'.st-key-phone_{LISTS[path]} [class*="st-key-card_"]').first
    card.wait_for(timeout=30_000)
    card.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone-cards-{path or 'scorecard'}.png"))
    word = card.get_by_text(RAG_WORD).first.bounding_box()
    text = card.inner_text()
    table_shown = page.locator(f".st-key-wide_{LISTS[path]}").is_visible()
    scroll = sideways_scroll(page)
    page.close()
    assert word["x"] >= 0 and word["x"] + word["width"] <= 390
    assert re.search(r"against target", text) and re.search(r"Improving|Worsening|Same|Up|Down|"
                                                            r"not comparable", text)
    assert not table_shown and scroll == 0


@pytest.mark.parametrize("path", list(LISTS))
def test_a_wide_screen_shows_the_table_not_the_cards(app_url, browser, path):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{app_url}/{path}?month=2026-10")
    page.locator(f'.st-key-wide_{LISTS[path]} [data-testid="stDataFrame"] canvas').first.wait_for(
        timeout=30_000)
    cards_shown = page.locator(f".st-key-phone_{LISTS[path]}").is_visible()
    scroll = sideways_scroll(page)
    page.close()
    assert not cards_shown and scroll == 0
