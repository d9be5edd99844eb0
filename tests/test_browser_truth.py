"""What a person reads must be true and read the same everywhere, in real Chromium: an action's
status, path-to-green dates and projections, load history words, upload previews and hints.

Skips when chromium is absent locally; CI sets PMF_REQUIRE_BROWSER=1 and a skip fails there.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from bench.appserver import running_app
from browsing import (
    add_session_cookie,
    analyst_secrets,
    grid_ready,
    require_chromium,
    screenshot,
    wait_for_text,
    wait_until_drawn,
    wait_until_idle,
    warm_up,
)
from pmf_core.rules.periods import month_index
from pmf_core.store import Store, reads
from pmf_core.store.writes import add_action

require_chromium()

from playwright.sync_api import expect  # noqa: E402

UNDATED = "Undated plan: agree a recovery trajectory"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture(scope="module")
def app_secrets(tmp_path_factory) -> Path:
    """The analyst account, jo, and a cookie secret (see uploader)."""
    return analyst_secrets(tmp_path_factory.mktemp("truth-secrets"), "truth-test-cookie-secret")


@pytest.fixture(scope="module")
def app_url(demo_store_file, app_secrets, tmp_path_factory, reused_tab):
    """An app of this module's own, with an analyst account and, beside the demo's actions,
    one open action with no path-to-green date (UNDATED)."""
    folder = tmp_path_factory.mktemp("truth")
    db = folder / "app.duckdb"
    shutil.copy(demo_store_file, db)
    store = Store(db)
    add_action(
        store,
        "CH0101",
        explanation="Demand above forecast",
        action_plan=UNDATED,
        officer="Head of Care",
        path_to_green=None,
        status="open",
        user="tester",
    )
    # add_action is a unit of work: the file is closed at its end, so the app may open it next
    with running_app(db, app_secrets) as url:
        # Its lightest page: no test of the module opens the scorecard, the app's first page.
        warm_up(reused_tab, f"{url}/help")
        yield url


def grid_text(page, holding: str) -> list[str]:
    """The cells of the first data grid holding a text, as its mirror for screen readers has
    them (a grid's key names no element)."""
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text=holding).first
    grid_ready(page, grid)
    return [t.strip() for t in grid.locator("table td").all_inner_texts()]


def test_the_tracker_writes_a_missing_path_to_green_date_as_not_set(app_url, page):
    page.goto(f"{app_url}/actions")
    cells = grid_text(page, "Head of Care")  # UNDATED's officer
    assert "not set" in cells and "None" not in cells
    assert "30 Sep 2026" in cells  # a date as every page writes it


@pytest.fixture(scope="module")
def on_track_but_past(demo_store_file):
    """The first demo action stored "on track" whose date, 30 Sep 2026, has passed: (its id,
    its indicator). Which action that is depends on the demo's measures, so it is looked up."""
    actions = reads.actions(Store(demo_store_file))
    found = actions[
        (actions["status"] == "on track")
        & (pd.to_datetime(actions["path_to_green"]).dt.date == date(2026, 9, 30))
    ].sort_values("action_id")
    assert not found.empty
    return int(found["action_id"].iloc[0]), str(found["indicator_id"].iloc[0])


def test_an_on_track_action_past_its_date_reads_overdue_on_the_drilldown(
    app_url, page, on_track_but_past
):
    action_id, indicator_id = on_track_but_past
    page.goto(f"{app_url}/drilldown?indicator={indicator_id}&month=2026-10")
    expect(
        page.get_by_text(re.compile(rf"^Action {action_id} · overdue · path to green 30 Sep 2026"))
    ).to_be_visible(timeout=30_000)
    assert page.get_by_text(re.compile(rf"^Action {action_id} · on track")).count() == 0


def _month(label: str) -> int:
    return month_index(int(label[-4:]), MONTHS.index(label[:3]) + 1)


def test_the_print_view_projects_no_date_before_the_month(app_url, page):
    page.set_viewport_size({"width": 1440, "height": 2400})
    page.goto(f"{app_url}/exceptions?print=1&month=2026-10")
    wait_until_drawn(page)
    wait_for_text(page, "Path to green:")
    text = page.inner_text("body")
    projected = re.findall(
        r"meets the target around (\w{3} \d{4}) \(80% interval "
        r"(\w{3} \d{4}) to (\w{3} \d{4}|beyond three years)\)",
        text,
    )
    assert projected  # some are on course
    for when, earliest, latest in projected:
        assert _month(when) > month_index(2026, 10), when
        assert _month(earliest) <= _month(when), (when, earliest)
        assert latest.startswith("beyond") or _month(when) <= _month(latest), (when, latest)
    assert "around Jun 2025" not in text and "Not on course at the current trend" in text
    screenshot(page, "truth-print-view-1440")


def uploader(page, url: str, secrets: Path) -> None:
    """The upload page, signed in as jo by the app's session cookie, as a sign-in through the
    form leaves it (tests/test_browser.py's upload test signs in through the form): no
    sign-in's script run, store write and cache re-warm first."""
    add_session_cookie(page.context, url, secrets, "jo")
    page.goto(f"{url}/upload")
    wait_for_text(page, "Signed in as Jo Analyst")


def test_a_file_of_another_kind_is_refused_in_words_naming_its_kind(
    app_url, app_secrets, page, tmp_path
):
    uploader(page, app_url, app_secrets)
    wrong = tmp_path / "targets.csv"
    wrong.write_text("indicator_id,financial_year,target\nCH0101,2027/28,60\n", encoding="utf-8")
    page.locator('.st-key-upload_0 [data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(wrong)
    )  # checked as indicators, the first kind
    problems = grid_text(page, "this required column is missing")
    assert "the columns fit a targets file: if that is what it is, load it as targets" in problems
    assert "None" not in problems


def test_an_upload_reads_in_words_and_a_rolled_back_batch_leaves_the_picker(
    app_url, app_secrets, page, tmp_path
):
    page.set_viewport_size({"width": 2560, "height": 1400})  # every history column in view
    uploader(page, app_url, app_secrets)
    page.get_by_text("Monthly extract (observations)").click()
    wait_until_idle(page)
    extract = tmp_path / "november.csv"
    extract.write_text(
        "indicator_id,period,value,commentary\nCH0101,2026-11,61,\n", encoding="utf-8"
    )
    page.locator('.st-key-upload_1 [data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(extract)
    )
    commit = page.get_by_role("button", name="Commit 1 rows")
    expect(commit).to_be_visible(timeout=30_000)
    preview = grid_text(page, "2026-11")
    assert "CH0101" in preview and "None" not in preview
    commit.click()
    loaded = page.get_by_text(re.compile(r"^Batch \d+ loaded from november\.csv"))
    expect(loaded).to_be_visible(timeout=30_000)
    batch = re.match(r"Batch (\d+)", loaded.inner_text()).group(1)
    assert "in force" in grid_text(page, "november.csv")
    _roll_back(page, batch)
    wait_for_text(page, f"Batch {batch} rolled back: 1 observations row withdrawn")
    wait_until_drawn(page)
    # The batch history's grid is drawn again after the message: read it once it says so.
    history = grid_text(page, "rolled back")
    assert "november.csv" in history and "rolled_back" not in history
    page.get_by_label(" Roll back a batch", exact=False).click()
    options = page.get_by_role("option").all_inner_texts()
    assert options and not [o for o in options if o.startswith(f"Batch {batch} ")]


def _roll_back(page, batch: str) -> None:
    """Choose the batch in the picker, ask, and say yes."""
    wait_until_idle(page)
    page.get_by_label(" Roll back a batch", exact=False).click()
    page.get_by_role("option").filter(has_text=f"Batch {batch} ").click()
    page.get_by_role("button", name=f"Roll back batch {batch}").click()
    page.get_by_role("button", name=f"Yes, roll back batch {batch}").click()
