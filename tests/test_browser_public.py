"""The published site and the HTML report in Debian's Chromium from file://: axe-core finds no
serious or critical violation, nothing is fetched; with PMF_SCREENSHOTS set, screenshots at 1440
and 390 px are saved in screenshots/ for people to look at.

Skips when chromium is absent locally; CI sets PMF_REQUIRE_BROWSER=1
and a skip fails there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import requests_made, require_chromium, screenshot
from pmf_core.outputs import site
from pmf_core.outputs.report_file import report_file
from pmf_core.rules.periods import month_index

WIDTHS = (1440, 390)


require_chromium()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402  (pinned in requirements-dev)


@pytest.fixture(scope="module")
def files(demo_store_file, tmp_path_factory) -> dict[str, Path]:
    """The demo council's public site as at Oct 2026 and its report for 2026/27 Q2."""
    from pmf_core.store import Store

    folder = tmp_path_factory.mktemp("public")
    store = Store(demo_store_file, wait_seconds=2)
    site.publish(store, month_index(2026, 10), folder / "site")
    (folder / "report.html").write_bytes(report_file(store, "2026/27 Q2", "html"))
    # A measure with an override (CH0102) and one with SPC signals (PL0101).
    return {
        "index": folder / "site" / "index.html",
        "measure": folder / "site" / "measure-CH0102.html",
        "report": folder / "report.html",
    }


@pytest.fixture
def viewport(width) -> dict[str, int]:
    return {"width": width, "height": 900}


@pytest.mark.parametrize("name", ["index", "measure", "report"])
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_serious_and_nothing_is_fetched(files, page, name, width):
    with requests_made(page) as requests:
        page.goto(files[name].as_uri())
        page.wait_for_load_state("load")
        results = Axe().run(page, options={"resultTypes": ["violations"]})  # see test_browser_a11y
        screenshot(page, f"public-{name}-{width}", full_page=True)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
