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
from browsing import (
    TREND,
    add_session_cookie,
    analyst_secrets,
    choose,
    open_first_row,
    require_chromium,
    screenshot,
    sign_in,
    wait_for_text,
    wait_until_idle,
    warm_up,
)
from pmf_core.ingest import load_bytes
from pmf_core.store import Store, reads
from pmf_core.store.writes import add_action
from ui.warmup import WARMED, lazy_chunk

HOSTILE = "<script>window.__pwned = 1</script><b>bold?</b> <img src=x onerror=alert(1)>"
PREMADE = "Pre-made plan: agency staff for 12 weeks"
TRACKED = "Pre-made plan for the tracker: weekly reviews"
OFFICER = "Head of Adult Care"

require_chromium()

from playwright.sync_api import expect  # noqa: E402


def drilldown_default(store: Store) -> str:
    """The indicator the drill-down opens on with nothing chosen: the first of the first
    service in name order (views/drilldown.py)."""
    catalogue = reads.indicators(store)
    service = sorted(catalogue["service"].dropna().unique())[0]
    return catalogue[catalogue["service"] == service]["indicator_id"].iloc[0]


@pytest.fixture(scope="module")
def app_secrets(tmp_path_factory) -> Path:
    """The analyst account, jo, and a cookie secret (see signed_in)."""
    return analyst_secrets(tmp_path_factory.mktemp("browser-secrets"), "browser-test-cookie-secret")


@pytest.fixture(scope="module")
def app_url(demo_store_file, app_secrets, tmp_path_factory, reused_tab):
    """An app of this module's own, with an analyst account: these tests write to its store,
    which holds an October extract with HOSTILE commentary and two open actions (PREMADE,
    TRACKED) on the drill-down's first measure."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "app.duckdb"
    shutil.copy(demo_store_file, db)
    store = Store(db)
    october = f'indicator_id,period,value,commentary\nCH0101,2026-10,99,"{HOSTILE}"\n'
    assert load_bytes(store, "observations", october.encode(), "october.csv", "tester").ok
    for plan in (PREMADE, TRACKED):
        add_action(
            store,
            drilldown_default(store),
            explanation="Demand above forecast",
            action_plan=plan,
            officer=OFFICER,
            path_to_green=None,
            status="open",
            user="tester",
        )
    with running_app(db, app_secrets) as url:
        # Its lightest page: no test of the module opens the scorecard, the app's first page.
        warm_up(reused_tab, f"{url}/help")
        yield url


def signed_in(page, url: str, secrets: Path, path: str) -> None:
    """Open the page at ``path`` signed in as jo by the app's session cookie, as a sign-in
    through the form leaves it (the upload test signs in through the form): its page opened
    straight away, with no sign-in's script run, store write and cache re-warm first."""
    add_session_cookie(page.context, url, secrets, "jo")
    page.goto(f"{url}/{path}")
    wait_for_text(page, "Signed in as Jo Analyst")


def test_upload_through_the_real_file_input(app_url, page, tmp_path):
    sign_in(page, app_url)
    page.get_by_text("Monthly extract (observations)").click()
    extract = tmp_path / "september.csv"
    extract.write_text(
        f'indicator_id,period,value,commentary\nCH0101,2026-09,98,"{HOSTILE}"\n', encoding="utf-8"
    )
    # The kind's change gave the uploader a new key (upload_1): the old one is going away.
    dropzone = '.st-key-upload_1 [data-testid="stFileUploaderDropzoneInput"]'
    page.locator(dropzone).set_input_files(str(extract))
    commit = page.get_by_role("button", name="Commit 1 rows")
    expect(commit).to_be_visible(timeout=30_000)
    commit.click()
    # not just "batch": the rollback box says that before the load has finished
    expect(page.get_by_text(re.compile(r"^Batch \d+ loaded from "))).to_be_visible(timeout=30_000)


def test_hostile_text_from_an_extract_stays_text(app_url, page):
    page.goto(f"{app_url}/exceptions")  # October's extract: loaded by app_url
    title = page.get_by_text("Rates of children in care per 10,000 · 99.00", exact=False)
    expect(title).to_be_visible(timeout=30_000)
    wait_until_idle(page)  # a click during a run can land on a replaced element
    title.click()
    expect(page.get_by_text(HOSTILE, exact=False)).to_be_visible(timeout=20_000)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("b", has_text="bold?").count() == 0
    screenshot(page, "exceptions-hostile-text")


def test_a_scorecard_row_opens_its_drilldown(demo_app, page):
    page.goto(f"{demo_app}/?month=2026-10")
    grid = page.locator('.st-key-table_perspective [data-testid="stDataFrame"]')  # the panel's
    open_first_row(page, grid)  # measures
    assert "month=2026-10" in page.url and "indicator=" in page.url


def loaded(page, element: str) -> int:
    """How many times the tab fetched Streamlit's lazily loaded module for an element."""
    return page.evaluate(
        "c => performance.getEntriesByType('resource').filter(r => r.name.endsWith(c)).length",
        f"/{lazy_chunk(element)}",
    )


@pytest.fixture(scope="module")
def read_first(demo_app, browser):
    """A tab of a context of its own (without the tests' flag that turns the warm-up off:
    browsing.new_context) that opened a page with neither a grid nor a chart, and read it
    until the background load reached plotly.js, the last module it loads."""
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{demo_app}/help")
    wait_until_idle(page)
    assert page.locator('[data-testid="stDataFrame"], [data-testid="stPlotlyChart"]').count() == 0
    page.wait_for_function(
        "performance.getEntriesByType('resource').some(r => r.name.includes('/PlotlyChart.'))",
        timeout=20_000,
    )
    yield page
    context.close()


def test_the_grid_widget_and_chart_modules_load_while_the_first_page_is_read(read_first):
    fetched = read_first.evaluate(
        "performance.getEntriesByType('resource').map(r => r.name.split('/').pop())"
    )
    # Each once (a widget's may come earlier, as a page's or another module's own import); the
    # grid's before plotly.js, the last.
    assert all(loaded(read_first, element) == 1 for element in WARMED)
    assert fetched.index(lazy_chunk("DataFrame")) < fetched.index(lazy_chunk("PlotlyChart"))
    assert WARMED[0] == "DataFrame" and WARMED[-1] == "PlotlyChart"


def test_the_next_pages_use_the_modules_already_loaded(read_first):
    page = read_first
    page.get_by_role("link", name="Data quality").click()
    page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
    page.get_by_role("link", name="Service drill-down").click()
    page.wait_for_selector(TREND, timeout=30_000)  # drawn on the server: no plotly
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    wait_until_idle(page)
    page.get_by_text("Interactive chart (zoom and hover)").click()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    assert page.locator(TREND).count() == 0
    # The table, the drill-down's widgets and the interactive chart fetched nothing again.
    assert all(loaded(page, element) == 1 for element in WARMED)


def test_add_an_action_on_the_drilldown(app_url, app_secrets, page):
    signed_in(page, app_url, app_secrets, "drilldown")
    wait_for_text(page, "Record an action")
    expect(page.get_by_text("Record an action")).to_be_visible()
    plan = "Browser-test plan: agency staff for 12 weeks"
    page.get_by_label("Why it is off track").fill("Demand above forecast")
    page.get_by_label("Action plan").fill(plan)
    page.get_by_label("Accountable officer").fill(OFFICER)
    page.get_by_role("button", name="Save the action").click()
    wait_for_text(page, plan)
    expect(page.get_by_text(plan)).to_be_visible()
    saved = page.locator('[data-testid="stExpander"]').filter(has_text=plan).locator("summary")
    expect(saved).to_contain_text(re.compile(f"· open · .* · {OFFICER}$"))


def test_update_an_action_on_the_drilldown(app_url, app_secrets, page):
    signed_in(page, app_url, app_secrets, "drilldown")
    wait_for_text(page, "Update an action")
    expect(page.get_by_text("Update an action")).to_be_visible()
    choose(page, "Action", PREMADE)
    choose(page, "New status", "on track")
    page.get_by_label("What has happened").fill("Two agency staff started")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("Two agency staff started").first).to_be_attached(timeout=30_000)


def test_an_update_on_the_tracker_shows_in_its_download(app_url, app_secrets, page):
    signed_in(page, app_url, app_secrets, "actions")
    wait_for_text(page, "Update an action")
    expect(page.get_by_text("Update an action")).to_be_visible()
    on_track = page.get_by_test_id("stMetric").filter(has_text="On track")
    before = int(on_track.get_by_test_id("stMetricValue").inner_text())
    choose(page, "Action", TRACKED)
    choose(page, "New status", "on track")
    page.get_by_label("What has happened").fill("Weekly reviews started")
    page.get_by_role("button", name="Save the update").click()
    expect(on_track.get_by_test_id("stMetricValue")).to_have_text(str(before + 1), timeout=30_000)
    wait_until_idle(page)
    with page.expect_download(timeout=30_000) as tracker:
        page.get_by_role("button", name="Download the tracker (CSV)").click()
    text = Path(tracker.value.path()).read_text(encoding="utf-8-sig")
    line = next(row for row in text.splitlines() if TRACKED in row)
    assert "on track" in line and OFFICER in line


# Counts the app's script runs from now on: each sets the app root's state to "running".
COUNT_RUNS = """() => {
  window.pmfRuns = 0;
  const root = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (root.getAttribute('data-test-script-state') === 'running') window.pmfRuns += 1;
  }).observe(root, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def test_the_committee_appendix_carries_the_open_action(app_url, page):
    page.goto(f"{app_url}/exceptions")
    wait_until_idle(page)  # a click during the first run can be lost with the run's buttons
    page.evaluate(COUNT_RUNS)
    with page.expect_download(timeout=30_000) as appendix:
        page.get_by_role("button", name="Committee appendix (CSV)").click()
    assert PREMADE in Path(appendix.value.path()).read_text(encoding="utf-8-sig")
    with page.expect_download(timeout=30_000) as workbook:
        page.get_by_role("button", name="Committee appendix (Excel)").click()
    # A download leaves the page as it is: no script run redraws it (nor loses the next click)
    assert page.evaluate("window.pmfRuns") == 0
    sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
    assert sheet["A1"].value == (
        "All committees: Red and Amber performance exceptions as at Oct 2026"
    )
    screenshot(page, "exceptions-after-action")
