"""The exceptions print view printed to PDF by Debian's Chromium, read back with poppler.

Every exception of the selection is in the PDF's text and nothing of the sidebar or the page's
widgets is; the pages are A4 landscape. With PMF_SCREENSHOTS set, the PDF and a PNG of each
page are saved in screenshots/ for people to look at. Skips when chromium or poppler-utils is
absent locally; CI sets PMF_REQUIRE_BROWSER=1 and a skip fails there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from browsing import SHOTS, require_chromium, screenshots_wanted
from pmf_core.analysis.status import status_as_at
from pmf_core.rules.periods import month_index
from pmf_core.store import Store

require_chromium("pdftotext")  # pdftotext: Debian's poppler-utils

from playwright.sync_api import expect  # noqa: E402

# What the sidebar, the page's widgets and the screen-only note would print.
NOT_ON_PAPER = [
    "As at month",
    "Strategic scorecard",
    "Service drill-down",
    "Upload data",
    "Data quality",
    "Sort by",
    "Committee appendix",
    "Late returns only",
    "Print view",
    "Laid out for A4",
]


def pdf_text(pdf: Path) -> str:
    """The PDF's text with every run of white space (line ends too) as one space."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return " ".join(text.split())


def keep_for_people(pdf: Path) -> None:
    """The PDF and a PNG of each page in screenshots/, when PMF_SCREENSHOTS asks for them."""
    if not screenshots_wanted():
        return
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(pdf, SHOTS / pdf.name)
    for old in SHOTS.glob("print-view-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS / "print-view")],
        check=True,
        timeout=120,
    )


def test_the_pages_print_view_button_opens_the_selection_for_print(demo_app, page):
    page.goto(f"{demo_app}/exceptions?month=2026-10&committee=Place%20and%20Resources")
    button = page.get_by_role("link", name=re.compile("^Print view"))
    expect(button).to_be_visible(timeout=60_000)
    href = button.get_attribute("href")
    assert href.startswith("?") and "print=1" in href and "month=2026-10" in href
    assert "committee=Place+and+Resources" in href and "rag=Red%2CAmber" in href
    assert button.get_attribute("target") == "_blank"  # a tab of its own, for printing


def test_the_print_view_prints_every_exception_on_a4_landscape(
    demo_app, demo_store_file, page, tmp_path
):
    # demo_app holds its own copy of the store: read the original
    expected = status_as_at(Store(demo_store_file), month_index(2026, 10), rags=["Red", "Amber"])[
        "name"
    ].tolist()
    assert len(expected) >= 28
    page.goto(f"{demo_app}/exceptions?print=1&month=2026-10&rag=Red,Amber")
    page.locator(f".st-key-print_exception_{len(expected)}").wait_for(timeout=60_000)
    assert page.locator(f".st-key-print_exception_{len(expected) + 1}").count() == 0
    page.evaluate("document.fonts.ready")
    pdf = tmp_path / "print-view.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    text = pdf_text(pdf)
    missing = [name for name in expected if " ".join(name.split()) not in text]
    assert not missing
    assert [word for word in NOT_ON_PAPER if word in text] == []
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 < pages < len(expected)  # several exceptions to a page
    keep_for_people(pdf)
