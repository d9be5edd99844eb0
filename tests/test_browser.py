"""What a person sees, in Debian's Chromium driven by Playwright, against a running app.

Skips when chromium is absent locally; CI sets PMF_REQUIRE_BROWSER=1 and a skip fails there.
"""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from bench.appserver import running_app
from browsing import require_chromium
from conftest import ROOT
from pmf_core.accounts import hash_password

SHOTS = ROOT / "screenshots"
PAGES = {"": "Strategic scorecard", "drilldown": "Service drill-down",
         "exceptions": "Exceptions for scrutiny", "upload": "Upload data",
         "data_quality": "Data quality"}
HOSTILE = "<script>window.__pwned = 1</script><b>bold?</b> <img src=x onerror=alert(1)>"

require_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def app_url(demo_store_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "app.duckdb"
    shutil.copy(demo_store_file, db)
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[analysts.jo]\nname = "Jo Analyst"\n'
                       f'password_hash = "{hash_password("correct horse 1")}"\n')
    with running_app(db, secrets) as url:
        yield url


def wait_until_idle(page) -> None:
    """Until the app's script run has finished (Streamlit marks it on the app root)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=30_000)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.mark.parametrize("path,title", PAGES.items())
def test_every_page_loads_without_an_error(app_url, page, path, title):
    page.goto(f"{app_url}/{path}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=30_000)
    if path in ("", "exceptions", "data_quality"):
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    if path == "drilldown":
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    page.wait_for_timeout(1000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'scorecard'}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def test_upload_through_the_real_file_input_and_hostile_text_stays_text(app_url, page,
                                                                      tmp_path):
    page.goto(f"{app_url}/upload")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password", exact=True).fill("correct horse 1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Jo Analyst")).to_be_visible(timeout=30_000)
    page.get_by_text("Monthly extract (observations)").click()
    extract = tmp_path / "october.csv"
    extract.write_text("indicator_id,period,value,commentary\n"
                       f'CH0101,2026-10,99,"{HOSTILE}"\n', encoding="utf-8")
    # The kind's change gave the uploader a new key (upload_1): the old one is going away.
    dropzone = '.st-key-upload_1 [data-testid="stFileUploaderDropzoneInput"]'
    page.locator(dropzone).set_input_files(str(extract))
    commit = page.get_by_role("button", name="Commit 1 rows")
    expect(commit).to_be_visible(timeout=30_000)
    commit.click()
    # not just "batch": the rollback box says that before the load has finished
    expect(page.get_by_text(re.compile(r"^Batch \d+ loaded from "))).to_be_visible(timeout=30_000)

    page.goto(f"{app_url}/exceptions")
    title = page.get_by_text("Rates of children in care per 10,000 · 99.00", exact=False)
    expect(title).to_be_visible(timeout=30_000)
    wait_until_idle(page)               # a click during a run can land on a replaced element
    title.click()
    expect(page.get_by_text(HOSTILE, exact=False)).to_be_visible(timeout=20_000)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("b", has_text="bold?").count() == 0
    page.screenshot(path=str(SHOTS / "exceptions-hostile-text.png"))


def test_a_scorecard_row_opens_its_drilldown(app_url, page):
    page.goto(f"{app_url}/?month=2026-10")
    grid = page.locator('.st-key-table_perspective [data-testid="stDataFrame"]')  # the panel's
    grid.locator("canvas").first.wait_for(timeout=30_000)                       # measures
    page.wait_for_timeout(2000)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 52)               # the first row's selector
    link = page.get_by_role("link", name=re.compile("in the drill-down$"))
    expect(link).to_be_visible(timeout=15_000)
    name = link.inner_text().split("Open ", 1)[1].strip().removesuffix(" in the drill-down")
    link.click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=30_000)
    assert "month=2026-10" in page.url and "indicator=" in page.url


def test_the_chart_library_loads_while_the_first_page_is_read(app_url, page):
    page.goto(f"{app_url}/data_quality")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.wait_for_function("performance.getEntriesByType('resource')"
                           ".some(r => r.name.includes('/PlotlyChart.'))", timeout=20_000)
    page.get_by_role("link", name="Service drill-down").click()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    loads = page.evaluate("performance.getEntriesByType('resource')"
                          ".filter(r => r.name.includes('/PlotlyChart.')).length")
    assert loads == 1          # the drill-down's chart used the module already loaded


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by its label."""
    wanted = page.locator('[role="option"]').filter(has_text=option).first
    for _ in range(5):   # a rerun can re-mount the widget under the first click
        page.get_by_label(label, exact=True).last.click()
        try:
            wanted.click(timeout=3_000)
        except Exception:  # the list did not open this time; click the box again
            continue
        if option in page.get_by_label(label, exact=True).last.input_value():
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def test_add_and_update_an_action_then_see_it_in_tracker_and_appendix(app_url, page):
    page.goto(f"{app_url}/upload")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password", exact=True).fill("correct horse 1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Jo Analyst")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="Service drill-down").click()      # same session
    expect(page.get_by_text("Record an action")).to_be_visible(timeout=30_000)
    plan = "Browser-test plan: agency staff for 12 weeks"
    page.get_by_label("Why it is off track").fill("Demand above forecast")
    page.get_by_label("Action plan").fill(plan)
    page.get_by_label("Accountable officer").fill("Head of Adult Care")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text(plan)).to_be_visible(timeout=30_000)
    choose(page, "Action", plan)
    choose(page, "New status", "on track")
    page.get_by_label("What has happened").fill("Two agency staff started")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("Two agency staff started").first).to_be_attached(timeout=30_000)

    page.get_by_role("link", name="Action tracker").click()
    with page.expect_download(timeout=30_000) as tracker:
        page.get_by_role("button", name="Download the tracker (CSV)").click()
    text = Path(tracker.value.path()).read_text(encoding="utf-8-sig")
    line = next(row for row in text.splitlines() if plan in row)
    assert "on track" in line and "Head of Adult Care" in line

    page.get_by_role("link", name="Exceptions for scrutiny").click()
    with page.expect_download(timeout=30_000) as appendix:
        page.get_by_role("button", name="Committee appendix (CSV)").click()
    assert plan in Path(appendix.value.path()).read_text(encoding="utf-8-sig")
    with page.expect_download(timeout=30_000) as workbook:
        page.get_by_role("button", name="Committee appendix (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
    assert sheet["A1"].value == "All committees: performance exceptions as at Oct 2026"
    page.screenshot(path=str(SHOTS / "exceptions-after-action.png"))
