"""Shared by the browser tests: Chromium must be there (CI) or the module skips (locally); and
the waits, choices and screenshots every browser test module uses."""

from __future__ import annotations

import os
import re
import shutil
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.appserver import CHROMIUM
from pmf_core.rules import session_cookie
from pmf_core.rules.accounts import hash_password

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PASSWORD = "correct horse 1"
# The drill-down's trend at a wide screen (a phone's is .st-key-phone_trend_chart).
TREND = '.st-key-wide_trend_chart [data-testid="stImage"] img'
# Every element Streamlit loads lazily has arrived (no skeleton left), and every table, chart
# and image shown has drawn itself: a canvas for a data grid, an SVG for a plotly chart, the
# picture decoded for an image.
DRAWN = """() => {
  const shown = sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility());
  return shown('[data-testid=stSkeleton]').length === 0
    && shown('[data-testid=stDataFrame]').every(e => e.querySelector('canvas'))
    && shown('[data-testid=stPlotlyChart]').every(e => e.querySelector('.main-svg'))
    && shown('[data-testid=stImage] img').every(e => e.complete && e.naturalWidth > 0);
}"""


def require_chromium(*commands: str) -> None:
    """Skip the calling test module when chromium (or another command it names) is absent, but
    fail it where CI sets PMF_REQUIRE_BROWSER: a skipped browser test must never pass there."""
    missing = [
        name
        for name, there in (
            ("chromium", Path(CHROMIUM).exists()),
            *((c, shutil.which(c)) for c in commands),
        )
        if not there
    ]
    if not missing:
        return
    if os.environ.get("PMF_REQUIRE_BROWSER"):
        pytest.fail(
            f"{', '.join(missing)} required here (PMF_REQUIRE_BROWSER) but missing", pytrace=False
        )
    pytest.skip(f"{', '.join(missing)} not installed", allow_module_level=True)


def wait_until_idle(page) -> None:
    """Until the app's script run has finished (Streamlit marks it on the app root).

    Checked every 50 ms: Playwright's selector waits and assertions look again only after
    100, 250, 500 and then 1000 ms, so each of them can idle for most of a second."""
    page.wait_for_function(f"document.querySelector({IDLE!r}) !== null", timeout=30_000, polling=50)


# The app starts the grid and chart libraries in a tab's idle time (ui/warmup.py: the next page's
# table and the first chart then need no wait). A test has no idle time: each of those loads
# would compete with the test's own pages for the two cores. The warm-up reads this flag as
# "done already" (its own once-per-tab guard); the one test of the warm-up opens a context
# without it.
NO_LIBRARY_WARM_UP = "window.pmfLibrariesWarm = true;"


def new_context(browser, **kwargs):
    """A browser context as the tests use one: reduced motion, as a person may set it, spares
    the cores the drawing of Streamlit's running animations; no library warm-up (above)."""
    context = browser.new_context(reduced_motion="reduce", **kwargs)
    context.add_init_script(NO_LIBRARY_WARM_UP)
    return context


def warm_up(reused_tab, url: str) -> None:
    """Open the app once so that its first script run (imports, cache warm-ups) is paid by the
    fixture that started it, not by whichever test happens to come first; the browser's cache
    keeps the app's scripts for the tests."""
    tab = reused_tab.get()
    tab.goto(url)
    wait_until_idle(tab)
    reused_tab.leave()


def wait_until_drawn(page) -> None:
    """Until the script run is over and every table and chart it made is drawn."""
    wait_until_idle(page)
    page.wait_for_function(DRAWN, timeout=30_000)


# A grid taller than the window (fifteen rows at 1440 x 900) is scrolled into view centred, its
# header and first rows above the top: scroll its page on until its top is in view, below the
# app's header bar, where a person would tick its first row.
TOP_IN_VIEW = """e => {
  const top = e.getBoundingClientRect().top;
  if (top >= 100) return;
  let box = e.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight
                  && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  (box || document.scrollingElement).scrollBy(0, top - 100);
}"""


def grid_ready(page, grid) -> None:
    """The data grid drawn and the run over, so that a mouse click on a row lands. The grid
    gives no DOM signal for "laid out": wait for its rows' mirror for screen readers, then
    for two animation frames (the first paint after them)."""
    grid.locator("canvas").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    grid.locator("table td").first.wait_for(state="attached", timeout=30_000)
    grid.scroll_into_view_if_needed()
    grid.evaluate(TOP_IN_VIEW)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def open_first_row(page, grid) -> None:
    """Tick the grid's first row, follow the drill-down link that offers, and see the measure's
    own heading there."""
    from playwright.sync_api import expect

    grid_ready(page, grid)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 52)  # the first row's selector
    link = page.get_by_role("link", name=re.compile("in the drill-down$"))
    expect(link).to_be_visible(timeout=15_000)
    name = link.inner_text().split("Open ", 1)[1].strip().removesuffix(" in the drill-down")
    link.click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=30_000)


def screenshots_wanted() -> bool:
    """People look at screenshots while developing (PMF_SCREENSHOTS=1); CI never does."""
    return bool(os.environ.get("PMF_SCREENSHOTS"))


def screenshot(page, name: str, **kw) -> Path | None:
    """screenshots/<name>.png for people to look at, only when PMF_SCREENSHOTS is set: a
    full-page picture costs CPU in every run."""
    if not screenshots_wanted():
        return None
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), **kw)
    return path


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by its label."""
    wanted = page.locator('[role="option"]').filter(has_text=option).first
    box = page.get_by_label(label, exact=True).last
    for _ in range(5):  # a rerun can re-mount the widget under the first click
        wait_until_idle(page)
        box.scroll_into_view_if_needed()  # a click that scrolls first leaves the list shut
        box.click()
        try:
            wanted.click(timeout=3_000)
        except Exception:  # the list did not open this time; click the box again
            continue
        if option in box.input_value():
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def no_error(page) -> None:
    """Neither a Python exception nor an error box is on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def analyst_secrets(folder: Path, cookie_secret: str | None = None) -> Path:
    """A secrets file with one analyst account, jo, for the sign-in tests; with a cookie
    secret, a sign-in is kept by the app's session cookie (and a test can mint one: see
    add_session_cookie)."""
    secrets = folder / "secrets.toml"
    auth = f'[auth]\ncookie_secret = "{cookie_secret}"\n\n' if cookie_secret else ""
    digest = hash_password(PASSWORD, iterations=1000)  # not the subject of these tests
    secrets.write_text(auth + f'[analysts.jo]\nname = "Jo Analyst"\npassword_hash = "{digest}"\n')
    return secrets


def add_session_cookie(context, url: str, secrets: Path, user: str) -> None:
    """Sign ``user`` in for the browser ``context`` as a sign-in through the form leaves them:
    the app's own signed session cookie (pmf_core.rules.session_cookie), made with the
    secret and the account's password stamp from the app's secrets file, for the pages of
    tests whose subject is not the sign-in (tests/test_sign_in_browser.py and one test of
    each module sign in through the form). Replaces any session cookie the context held."""
    kept = tomllib.loads(secrets.read_text())
    account = {**kept.get("analysts", {}), **kept.get("accounts", {})}[user]
    value = session_cookie.sign(
        user,
        session_cookie.stamp(account["password_hash"]),
        kept["auth"]["cookie_secret"],
        time.time(),
        session_cookie.DEFAULT_HOURS,
    )
    context.add_cookies(
        [{"name": session_cookie.NAME, "value": value, "url": url, "sameSite": "Strict"}]
    )


def wait_for_text(page, text: str) -> None:
    """Until the page shows ``text``, looked for every 50 ms: an assertion made after it
    passes at its first look instead of after Playwright's 100-1000 ms backoff. A look taken
    mid-navigation (a sign-in's redirects), when the new document has no body yet, looks
    again."""
    page.wait_for_function(
        "text => document.body !== null && document.body.innerText.includes(text)",
        arg=text,
        timeout=30_000,
        polling=50,
    )


def sign_in(page, url: str) -> None:
    """Open the upload page and sign in as jo (see analyst_secrets)."""
    from playwright.sync_api import expect

    page.goto(f"{url}/upload")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_for_text(page, "Signed in as Jo Analyst")
    expect(page.get_by_text("Signed in as Jo Analyst")).to_be_visible()


def open_tab(page, name: str, shows: str) -> None:
    """Open a tab built on demand (its click reruns the script) and wait until its panel shows
    ``shows``. A click made while the last tab's rerun is still going can be undone by that
    rerun's end, so the click is repeated until the panel shows."""
    tab = page.get_by_role("tab", name=name)
    panel = page.get_by_role("tabpanel").filter(has_text=shows)
    for _ in range(5):
        wait_until_idle(page)
        tab.click()
        try:
            panel.wait_for(timeout=5_000)
        except Exception:  # the rerun in flight reopened the last tab; click again
            continue
        wait_until_idle(page)
        if tab.get_attribute("aria-selected") == "true":
            return
    raise AssertionError(f"tab {name!r} never showed {shows!r}")


@contextmanager
def requests_made(page) -> Iterator[list[str]]:
    """The URL of every request the tab makes inside the block (the tab outlives the test, so
    the listener goes with the block)."""
    asked: list[str] = []

    def note(request) -> None:
        asked.append(request.url)

    page.on("request", note)
    try:
        yield asked
    finally:
        page.remove_listener("request", note)


# The sidebar's account panel (sign-in, who is signed in), and whether the browser holds the
# app's session cookie: shared by the sign-in and monthly-cycle browser tests.
ACCOUNT_PANEL = '[data-testid="stSidebar"] .st-key-account'
HAS_COOKIE = "document.cookie.split('; ').some(c => c.startsWith('pmf_session='))"
