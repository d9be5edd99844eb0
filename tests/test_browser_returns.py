"""The monthly cycle in a real browser on the demo council: the demo officer submits a return
sent back to them, the demo checker approves it, and only then does its value count; and the
three pages at a wide screen and a phone's (screenshots with PMF_SCREENSHOTS)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from playwright.sync_api import expect

from bench.appserver import running_app
from browsing import (
    ACCOUNT_PANEL,
    HAS_COOKIE,
    add_session_cookie,
    choose,
    require_chromium,
    screenshot,
    screenshots_wanted,
    wait_for_text,
    wait_until_drawn,
    wait_until_idle,
    warm_up,
)
from pmf_core.rules.accounts import hash_password
from pmf_core.store import Store
from pmf_core.store import returns as stored

require_chromium()

PEOPLE = {
    "demo-officer": ("Demo Officer", "officer@example.org", "officer"),
    "demo-checker": ("Demo Checker", "checker@example.org", "checker"),
    "demo-analyst": ("Demo Analyst", "analyst@example.org", "analyst"),
}


@pytest.fixture(scope="module")
def cycle_secrets(tmp_path_factory):
    """The app's secrets: a cookie secret and the three demo accounts."""
    secrets = tmp_path_factory.mktemp("cycle-secrets") / "secrets.toml"
    secrets.write_text(
        f'[auth]\ncookie_secret = "{"cycle-test-cookie-secret-" * 3}"\n\n'
        + "".join(
            f'[accounts.{user}]\nname = "{name}"\nemail = "{email}"\n'
            f'password_hash = "{hash_password(user + "-pw", iterations=1000)}"\n'
            f'roles = ["{role}"]\n\n'
            for user, (name, email, role) in PEOPLE.items()
        )
    )
    return secrets


@pytest.fixture(scope="module")
def cycle_app(demo_store_file, cycle_secrets, tmp_path_factory, reused_tab):
    """The app on a copy of the demo council, with its three demo accounts. Every page of the
    module is opened in the process's one tab (a new browser per person cost a renderer and
    a fresh download of the app's scripts each): a person is signed in by their session
    cookie, as after a sign-in through the form (which the first test goes through), and a
    signed-out visitor has none; the tab is left with no cookie after the module."""
    folder = tmp_path_factory.mktemp("cycle-app")
    shutil.copy(demo_store_file, folder / "app.duckdb")
    with running_app(folder / "app.duckdb", cycle_secrets) as url:
        warm_up(reused_tab, f"{url}/my_returns")  # the page the first test opens
        yield url, Store(folder / "app.duckdb", wait_seconds=10)
        reused_tab.leave()


def signed_in(reused_tab, url: str, secrets, user: str):
    """The process's tab at 1440 x 1600 with ``user``'s session cookie only: the next page it
    opens signs them in (see reopened)."""
    tab = reused_tab.get()
    tab.set_viewport_size({"width": 1440, "height": 1600})
    tab.context.clear_cookies()
    add_session_cookie(tab.context, url, secrets, user)
    return tab


def test_the_officer_signs_in_through_the_form(cycle_app, reused_tab):
    url, _ = cycle_app
    tab = reused_tab.get()
    tab.set_viewport_size({"width": 1440, "height": 1600})
    tab.context.clear_cookies()
    tab.goto(f"{url}/my_returns")
    wait_until_idle(tab)
    tab.get_by_label("Username").fill("demo-officer")
    tab.get_by_label("Password", exact=True).fill("demo-officer-pw")
    tab.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign in").click()
    wait_for_text(tab, "Signed in as Demo Officer")
    wait_until_idle(tab)
    tab.wait_for_function(HAS_COOKIE, timeout=10_000, polling=50)  # written just after


def settled(tab, shown) -> None:
    """Until the return just chosen is drawn (``shown``, a locator of its own form) and the run
    that drew it is over, so no widget of the return shown before is left on the page."""
    expect(shown).to_be_visible(timeout=15_000)
    wait_until_idle(tab)
    expect(tab.get_by_label("Explanation (needed for a Red or Amber)")).to_have_count(1)


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


@pytest.fixture
def officer(cycle_app, cycle_secrets, reused_tab):
    """The demo officer's browser (see signed_in); each test opens its page afresh."""
    return signed_in(reused_tab, cycle_app[0], cycle_secrets, "demo-officer")


@pytest.fixture
def checker(cycle_app, cycle_secrets, reused_tab):
    return signed_in(reused_tab, cycle_app[0], cycle_secrets, "demo-checker")


def reopened(tab, url: str, path: str, name: str):
    """The page at ``path`` opened again in a signed-in tab: still signed in as ``name``."""
    tab.goto(f"{url}/{path}")
    wait_until_idle(tab)
    wait_for_text(tab, f"Signed in as {name}")
    return tab


SEEN = "Children seen within 5 working days of referral (%)"  # CH0108: October returned


def test_an_officer_resubmits_a_returned_return(cycle_app, officer):
    url, store = cycle_app
    reopened(officer, url, "my_returns", "Demo Officer")
    choose(officer, "Return to enter", f"{SEEN}: Oct 2026 (returned")
    box = officer.get_by_label("Value (%)", exact=True)
    settled(officer, box)
    wait_for_text(officer, "Returned to you with this reason")
    box.fill("17.5")
    box.press("Tab")  # the status is worked out as soon as the box is left
    wait_for_text(officer, "Status as typed: Red")
    wait_until_idle(officer)
    press(officer, "Submit for sign-off")
    wait_for_text(officer, f"{SEEN}, Oct 2026: submitted.")
    with store.unit_of_work():  # one turn at the store for both
        assert state(store, "CH0108") == "submitted"
        assert october(store, "CH0108") is None  # submitted: not counted yet


def test_the_checker_approves_it_and_only_then_it_counts(cycle_app, checker):
    url, store = cycle_app
    reopened(checker, url, "sign_off", "Demo Checker")
    choose(checker, "Return to sign off", SEEN)
    wait_for_text(checker, f"{SEEN}, Oct 2026: 17.5")  # its detail: the return chosen
    wait_until_idle(checker)
    # Read once the page is open: the store's turn is the app's until its cache warm-up after
    # the last test's submission has ended, which the page's opening overlaps.
    assert state(store, "CH0108") == "submitted"
    press(checker, "Approve")
    wait_for_text(checker, f"{SEEN}, Oct 2026: approved.")
    expect(checker.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    with store.unit_of_work():
        assert state(store, "CH0108") == "approved"
        assert october(store, "CH0108") == 17.5


@pytest.fixture
def analyst(cycle_app, cycle_secrets, reused_tab):
    return signed_in(reused_tab, cycle_app[0], cycle_secrets, "demo-analyst")


@pytest.mark.parametrize(
    ("user", "path", "heading"),
    [
        ("officer", "my_returns", "My returns"),
        ("checker", "sign_off", "Sign-off"),
        ("analyst", "collection", "Collection"),
    ],
)
@pytest.mark.parametrize("width", [1440, 390])
def test_the_cycle_pages_draw_at_each_width(cycle_app, request, user, path, heading, width):
    url, _ = cycle_app
    tab = request.getfixturevalue(user)  # signed in by their cookie
    tab.set_viewport_size({"width": width, "height": 1600})
    try:
        reopened(tab, url, path, PEOPLE[f"demo-{user}"][0])
        expect(tab.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert tab.locator('[data-testid="stException"]').count() == 0
        wide = tab.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
        assert wide <= width  # nothing wider than the screen
        if screenshots_wanted():
            wait_until_drawn(tab)
            screenshot(tab, f"{path}-{width}")
    finally:
        tab.set_viewport_size({"width": 1440, "height": 1600})


# The whole cycle for one measure, a step a test, in order on the module's one app: Rates of
# children in care (CH0101, lower is better, 2026/27 target 63.17, Amber within 5% so Red above
# 66.33) for October 2026, which the demo officer has as a draft; its September value, 66.41,
# is the one every page shows for October until the return is approved.
CARE = "Rates of children in care per 10,000"
CARE_OCTOBER = f"{CARE}: Oct 2026"
PAGES = {
    "scorecard": "?month=2026-10&directorate=People+-+Children%27s",
    "exceptions": "exceptions?month=2026-10&directorate=People+-+Children%27s"
    "&service=Care+%26+Protection",
    "public": "public?month=2026-10&indicator=CH0101",
}


def shown_figure(reused_tab, url: str, page: str) -> str:
    """The figure a signed-out visitor sees for CH0101 as at October on ``page``: its card on
    the scorecard (its panel, Operational, chosen) and on the exceptions page at a phone's
    width, its Value on the public view. In the process's tab, with no cookie: a new browser
    context would load the app's scripts afresh each time."""
    tab = reused_tab.get()
    tab.context.clear_cookies()  # signed out
    tab.set_viewport_size({"width": 390, "height": 1600})
    tab.goto(f"{url}/{PAGES[page]}")  # a fresh page: the first figure drawn is the one
    if page == "public":
        metric = tab.get_by_test_id("stMetric").filter(
            has=tab.get_by_test_id("stMetricLabel").get_by_text("Value", exact=True)
        )
        figure = metric.get_by_test_id("stMetricValue").inner_text(timeout=30_000)
    else:
        if page == "scorecard":
            wait_until_idle(tab)
            tab.get_by_role("radio", name="Operational", exact=True).click()
            wait_until_idle(tab)
        card = tab.locator("ul.pmf-cards li").filter(
            has=tab.get_by_role("link", name=CARE, exact=True)
        )
        figure = card.locator("strong").inner_text(timeout=30_000)
    reused_tab.leave()
    return figure.strip()


def entry(store: Store) -> dict:
    with store.unit_of_work():
        kept = stored.all_returns(store)
    found = kept[(kept["indicator_id"] == "CH0101") & (kept["period"] == "2026-10")]
    return found.iloc[0].to_dict()


@pytest.mark.parametrize("page", list(PAGES))
def test_before_the_cycle_each_page_shows_september(cycle_app, reused_tab, page):
    url, store = cycle_app
    assert entry(store)["state"] == "draft"
    assert shown_figure(reused_tab, url, page) == "66.41"


def live(tab):
    """What the page shows now: no element left over from a run being redrawn."""
    return tab.locator('[data-stale="false"]')


def press(tab, name: str) -> None:
    live(tab).get_by_role("button", name=name, exact=True).click()


def fill(tab, label: str, text: str) -> None:
    box = live(tab).get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")  # left, so the app has it before a button is clicked
    wait_until_idle(tab)


EXPLANATION = "Explanation (needed for a Red or Amber)"
PLAN = "Action plan (needed for a Red or Amber)"
NO_EXPLANATION = "explanation: is empty; a Red return needs one"
NO_PLAN = "action plan: is empty; a Red return needs one"


def test_an_officer_saves_a_red_draft_without_its_explanation(cycle_app, officer):
    url, store = cycle_app
    reopened(officer, url, "my_returns", "Demo Officer")
    choose(officer, "Return to enter", CARE_OCTOBER)
    value = officer.get_by_label("Value (No.)", exact=True)
    settled(officer, value)
    expect(value).to_have_value("67.2")  # its draft
    fill(officer, EXPLANATION, "")
    fill(officer, PLAN, "")
    fill(officer, "Value (No.)", "70.4")
    wait_for_text(officer, "Status as typed: Red")
    wait_for_text(officer, f"Before submitting: {NO_EXPLANATION}")
    wait_for_text(officer, f"Before submitting: {NO_PLAN}")
    press(officer, "Save draft")
    wait_for_text(officer, f"{CARE}, Oct 2026: draft.")
    kept = entry(store)
    assert (kept["state"], kept["value"]) == ("draft", 70.4)
    assert pd.isna(kept["explanation"]) and pd.isna(kept["action_plan"])


def test_its_submission_is_refused_until_explained_and_planned(cycle_app, officer):
    url, store = cycle_app
    reopened(officer, url, "my_returns", "Demo Officer")
    choose(officer, "Return to enter", CARE_OCTOBER)
    value = officer.get_by_label("Value (No.)", exact=True)
    settled(officer, value)
    expect(value).to_have_value("70.4")
    press(officer, "Submit for sign-off")
    refusal = officer.get_by_test_id("stAlertContentError")
    expect(refusal).to_contain_text(NO_EXPLANATION, timeout=10_000)
    expect(refusal).to_contain_text(NO_PLAN)
    assert entry(store)["state"] == "draft"  # refused: nothing changed


# The same return, next: in a test of its own, so that neither takes 10 s on a busy machine.
def test_explained_and_planned_it_is_submitted(cycle_app, officer):
    url, store = cycle_app
    reopened(officer, url, "my_returns", "Demo Officer")
    choose(officer, "Return to enter", CARE_OCTOBER)
    settled(officer, officer.get_by_label("Value (No.)", exact=True))
    fill(officer, EXPLANATION, "More children came into care.")
    fill(officer, PLAN, "Edge-of-care team from January.")
    expect(officer.get_by_text(f"Before submitting: {NO_PLAN}")).to_have_count(0)
    expect(officer.get_by_text(f"Before submitting: {NO_EXPLANATION}")).to_have_count(0)
    press(officer, "Submit for sign-off")
    wait_for_text(officer, f"{CARE}, Oct 2026: submitted.")
    kept = entry(store)
    assert (kept["state"], kept["value"], kept["submitted_by"]) == (
        "submitted",
        70.4,
        "Demo Officer",
    )
    assert (kept["explanation"], kept["action_plan"]) == (
        "More children came into care.",
        "Edge-of-care team from January.",
    )


def test_the_checker_returns_it_with_a_reason(cycle_app, checker):
    url, store = cycle_app
    reopened(checker, url, "sign_off", "Demo Checker")
    choose(checker, "Return to sign off", CARE_OCTOBER)
    wait_for_text(checker, "More children came into care.")  # its explanation, shown
    wait_until_idle(checker)
    fill(checker, "Reason for returning it", "Is 70.4 the month-end rate?")
    press(checker, "Return to the officer")
    wait_for_text(checker, f"{CARE}, Oct 2026: returned to its officer.")
    kept = entry(store)
    assert (kept["state"], kept["return_reason"], kept["returned_by"]) == (
        "returned",
        "Is 70.4 the month-end rate?",
        "Demo Checker",
    )


def test_the_officer_sees_the_reason_corrects_and_resubmits(cycle_app, officer):
    url, store = cycle_app
    reopened(officer, url, "my_returns", "Demo Officer")
    officer.reload()  # a browser refresh keeps the officer signed in
    wait_until_idle(officer)
    wait_for_text(officer, "Signed in as Demo Officer")
    choose(officer, "Return to enter", CARE_OCTOBER)
    settled(officer, officer.get_by_text("Is 70.4 the month-end rate?"))
    expect(officer.get_by_text("Returned to you with this reason")).to_be_visible()
    fill(officer, "Value (No.)", "68.2")
    press(officer, "Submit for sign-off")
    wait_for_text(officer, f"{CARE}, Oct 2026: submitted.")
    kept = entry(store)
    assert (kept["state"], kept["value"]) == ("submitted", 68.2)


@pytest.mark.parametrize("page", list(PAGES))
def test_submitted_is_not_yet_shown_on_any_page(cycle_app, reused_tab, page):
    url, store = cycle_app
    assert entry(store)["state"] == "submitted"
    assert shown_figure(reused_tab, url, page) == "66.41"


def test_the_checker_approves_it(cycle_app, checker):
    url, store = cycle_app
    reopened(checker, url, "sign_off", "Demo Checker")
    choose(checker, "Return to sign off", CARE_OCTOBER)
    wait_for_text(checker, "More children came into care.")  # its explanation, shown
    wait_until_idle(checker)
    press(checker, "Approve")
    wait_for_text(checker, f"{CARE}, Oct 2026: approved.")
    kept = entry(store)
    assert (kept["state"], kept["approved_by"]) == ("approved", "Demo Checker")
    assert october(store, "CH0101") == 68.2


@pytest.mark.parametrize("page", list(PAGES))
def test_once_approved_each_page_shows_the_corrected_value(cycle_app, reused_tab, page):
    url, store = cycle_app
    assert entry(store)["state"] == "approved"
    assert shown_figure(reused_tab, url, page) == "68.20"
