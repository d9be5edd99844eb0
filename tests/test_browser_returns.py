"""The monthly cycle in a real browser on the demo council: the demo officer submits a return
sent back to them, the demo checker approves it, and only then does its value count; and the
three pages at a wide screen and a phone's (screenshots with PMF_SCREENSHOTS)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from bench.appserver import running_app
from browsing import (
    choose,
    require_chromium,
    screenshot,
    screenshots_wanted,
    wait_for_text,
    wait_until_drawn,
    wait_until_idle,
)
from pmf_core.rules.accounts import hash_password
from pmf_core.store import Store
from pmf_core.store import returns as stored

require_chromium()

PANEL = '[data-testid="stSidebar"] .st-key-account'
SIDEBAR_OUT = "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 1"
PEOPLE = {
    "demo-officer": ("Demo Officer", "officer@example.org", "officer"),
    "demo-checker": ("Demo Checker", "checker@example.org", "checker"),
    "demo-analyst": ("Demo Analyst", "analyst@example.org", "analyst"),
}


@pytest.fixture(scope="module")
def cycle_app(demo_store_file, tmp_path_factory):
    """The app on a copy of the demo council, with its three demo accounts."""
    folder = tmp_path_factory.mktemp("cycle-app")
    shutil.copy(demo_store_file, folder / "app.duckdb")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "".join(
            f'[accounts.{user}]\nname = "{name}"\nemail = "{email}"\n'
            f'password_hash = "{hash_password(user + "-pw", iterations=1000)}"\n'
            f'roles = ["{role}"]\n\n'
            for user, (name, email, role) in PEOPLE.items()
        )
    )
    with running_app(folder / "app.duckdb", secrets) as url:
        yield url, Store(folder / "app.duckdb", wait_seconds=10)


def signed_in(browser, url: str, user: str, path: str, width: int = 1440):
    """A new browser at ``width`` px, signed in as ``user`` on the page at ``path``."""
    context = browser.new_context(
        reduced_motion="reduce", viewport={"width": width, "height": 1600}
    )
    tab = context.new_page()
    tab.goto(f"{url}/{path}")
    wait_until_idle(tab)
    if width < 640:
        tab.get_by_test_id("stExpandSidebarButton").click()
    tab.get_by_label("Username").fill(user)
    tab.get_by_label("Password", exact=True).fill(user + "-pw")
    tab.locator(PANEL).get_by_role("button", name="Sign in").click()
    wait_for_text(tab, f"Signed in as {PEOPLE[user][0]}")
    wait_until_idle(tab)
    return tab


def state(store: Store, indicator_id: str) -> str:
    with store.unit_of_work():
        kept = stored.all_returns(store).set_index("indicator_id")
    return str(kept.loc[indicator_id, "state"])


def october(store: Store, indicator_id: str) -> float | None:
    """The value that counts for a measure's October 2026 (None: none)."""
    with store.unit_of_work():
        found = store.query(
            "SELECT value FROM observations WHERE is_current AND indicator_id = ? "
            "AND period = '2026-10'",
            [indicator_id],
        )
    return None if found.empty else float(found["value"].iloc[0])


def test_an_officer_resubmits_and_a_checker_approves(cycle_app, browser):
    url, store = cycle_app
    officer = signed_in(browser, url, "demo-officer", "my_returns")
    choose(officer, "Return to enter", "Social worker caseload")  # returned to the officer
    wait_for_text(officer, "Returned to you with this reason")
    wait_until_idle(officer)
    box = officer.get_by_label("Value (No.)")
    box.fill("17.5")
    box.press("Tab")  # the status is worked out as soon as the box is left
    wait_for_text(officer, "Status as typed:")
    officer.get_by_role("button", name="Submit for sign-off").click()
    wait_for_text(officer, "Social worker caseload (average), Oct 2026: submitted.")
    officer.context.close()
    assert state(store, "CH0107") == "submitted"
    assert october(store, "CH0107") is None  # submitted: not counted yet
    checker = signed_in(browser, url, "demo-checker", "sign_off")
    choose(checker, "Return to sign off", "Social worker caseload")
    checker.get_by_role("button", name="Approve", exact=True).click()
    wait_for_text(checker, "Social worker caseload (average), Oct 2026: approved.")
    expect(checker.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    checker.context.close()
    assert state(store, "CH0107") == "approved"
    assert october(store, "CH0107") == 17.5


@pytest.mark.parametrize(
    ("user", "path", "heading"),
    [
        ("demo-officer", "my_returns", "My returns"),
        ("demo-checker", "sign_off", "Sign-off"),
        ("demo-analyst", "collection", "Collection"),
    ],
)
@pytest.mark.parametrize("width", [1440, 390])
def test_the_cycle_pages_draw_at_each_width(cycle_app, browser, user, path, heading, width):
    url, _ = cycle_app
    tab = signed_in(browser, url, user, path, width)
    expect(tab.get_by_role("heading", name=heading, level=1)).to_be_visible()
    assert tab.locator('[data-testid="stException"]').count() == 0
    wide = tab.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
    assert wide <= width  # nothing wider than the screen
    if screenshots_wanted():
        if width < 640:  # the sidebar slid in to sign in: slide it out again
            tab.get_by_test_id("stSidebarCollapseButton").locator("button").click()
            tab.wait_for_function(SIDEBAR_OUT, timeout=10_000, polling=50)
        wait_until_drawn(tab)
        screenshot(tab, f"{path}-{width}")
    tab.context.close()
