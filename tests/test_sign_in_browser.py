"""Sign-in in a real browser: the council's identity provider end to end through st.login and
st.logout, against a real OpenID Connect provider on loopback (oidc-provider-mock), with the
role from a group claim; and a local account kept across a refresh by the session cookie."""

from __future__ import annotations

import shutil
import time

import pytest
from playwright.sync_api import expect

from bench.appserver import free_port, running_app
from browsing import (
    ACCOUNT_PANEL,
    HAS_COOKIE,
    new_context,
    require_chromium,
    screenshot,
    screenshots_wanted,
    wait_for_text,
    wait_until_drawn,
    wait_until_idle,
)
from pmf_core.rules.accounts import hash_password

require_chromium()

COOKIE_SECRET = "a long random string, for the browser tests only"
SIDEBAR_IN = "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0"


@pytest.fixture(scope="module")
def provider():
    """A real OpenID Connect provider on loopback; A Khan is in the PMF-Analysts group, P Ray
    in Finance only."""
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(
            sub="a.khan",
            claims={"email": "a.khan@council.gov.uk", "name": "A Khan", "groups": ["PMF-Analysts"]},
        ),
        User(
            sub="p.ray",
            claims={"email": "p.ray@council.gov.uk", "name": "P Ray", "groups": ["Finance"]},
        ),
    ]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def browser_of_its_own(browser):
    """The module's one browser (its cookies its own) and its one tab: each test starts it
    with no cookie (see tab). A browser per test cost a renderer and a fresh download of the
    app's scripts each time."""
    context = new_context(browser, viewport={"width": 1440, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def oidc_app(provider, demo_store_file, tmp_path_factory, browser_of_its_own):
    """The app on the demo council, signing in through the provider; [roles] maps the group."""
    folder = tmp_path_factory.mktemp("oidc-app")
    shutil.copy(demo_store_file, folder / "app.duckdb")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "pmf-dashboard"
client_secret = "not-a-real-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
analyst = ["group:PMF-Analysts"]
"""
    )
    with running_app(folder / "app.duckdb", secrets, port) as url:
        warm(browser_of_its_own, url)
        yield url


@pytest.fixture(scope="module")
def local_app(demo_store_file, tmp_path_factory, browser_of_its_own):
    """The app on the demo council with one local account per role and a cookie secret."""
    folder = tmp_path_factory.mktemp("local-app")
    shutil.copy(demo_store_file, folder / "app.duckdb")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""[auth]
cookie_secret = "{COOKIE_SECRET}"

[accounts.olly]
name = "Olly Officer"
password_hash = "{hash_password("olly-password-1", iterations=1000)}"
roles = ["officer", "checker"]
"""
    )
    with running_app(folder / "app.duckdb", secrets) as url:
        warm(browser_of_its_own, url)
        yield url


def warm(tab, url: str) -> None:
    """Open the app once (its lightest page), so its first run (imports, caches) is paid here,
    not by a test."""
    tab.goto(f"{url}/help")
    wait_until_idle(tab)
    tab.goto("about:blank")


def signed_out(tab):
    """The module's tab off the app, with no cookie (neither the app's nor the provider's) and
    nothing in the app's local storage: the next page it opens is a first visit."""
    if tab.url.startswith("http"):
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    tab.goto("about:blank")
    tab.context.clear_cookies()
    return tab


@pytest.fixture
def tab(browser_of_its_own):
    """The module's tab, as a browser of its own would be (see signed_out)."""
    return signed_out(browser_of_its_own)


def shot(tab, name: str) -> None:
    """A screenshot for people to look at (PMF_SCREENSHOTS), once the page has drawn."""
    if screenshots_wanted():
        wait_until_drawn(tab)
        screenshot(tab, name)


def panel_says(tab, text: str) -> None:
    wait_for_text(tab, text)
    expect(tab.locator(ACCOUNT_PANEL).get_by_text(text, exact=True)).to_be_visible()


def test_a_provider_user_outside_every_mapped_group_browses_only(oidc_app, tab):
    tab.goto(f"{oidc_app}/help")
    wait_until_idle(tab)
    tab.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign in").click()
    tab.get_by_role("button", name="p.ray").click()
    panel_says(tab, "No role: you can browse.")
    tab.goto(f"{oidc_app}/upload")
    wait_for_text(tab, "without the analyst role")
    expect(tab.locator('[data-testid="stFileUploaderDropzoneInput"]')).to_have_count(0)


@pytest.fixture(scope="module")
def khan(oidc_app, browser_of_its_own):
    """A Khan signed in through the provider once for the module, from the Help page's panel
    (the provider's own page: A Khan is one of its users); the sign-out test ends it. In the
    module's tab: the tests of the module that start it afresh come before or after these."""
    tab = signed_out(browser_of_its_own)
    tab.goto(f"{oidc_app}/help")
    wait_until_idle(tab)
    tab.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign in").click()
    tab.get_by_role("button", name="a.khan").click()
    panel_says(tab, "Roles: analyst")
    return tab


def test_the_identity_provider_signs_in_with_the_role_from_a_group(oidc_app, khan):
    # A new page load (as a refresh is): Streamlit's auth cookie keeps the session.
    khan.goto(f"{oidc_app}/upload")
    panel_says(khan, "Signed in as A Khan")
    panel_says(khan, "Roles: analyst")
    expect(khan.locator('[data-testid="stFileUploaderDropzoneInput"]')).to_have_count(1)


def test_sign_out_from_the_identity_provider_ends_the_session(oidc_app, khan):
    # Last of the tests that share A Khan's sign-in: it ends it.
    panel_says(khan, "Signed in as A Khan")
    khan.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign out").click()
    # The provider's own page (its end_session_endpoint) ends its session and sends the
    # browser back to the app, which offers the sign-in again.
    khan.get_by_role("button", name="End session").click()
    expect(khan.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign in")).to_be_visible()
    assert not [c for c in khan.context.cookies() if c["name"].startswith("_streamlit_user")]
    # A new page load of the analysts' page (as a refresh is) does not sign A Khan in again.
    khan.goto(f"{oidc_app}/upload")
    wait_for_text(khan, "Uploading and rolling back loads are for signed-in analysts")
    expect(khan.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign in")).to_be_visible()
    expect(khan.locator(ACCOUNT_PANEL).get_by_text("Signed in as A Khan")).to_have_count(0)
    expect(khan.locator('[data-testid="stFileUploaderDropzoneInput"]')).to_have_count(0)


def sign_in_locally(tab, url: str) -> None:
    """Sign in as Olly from the Help page's sidebar (any page has the panel)."""
    tab.goto(f"{url}/help")
    wait_until_idle(tab)
    tab.locator(ACCOUNT_PANEL).get_by_text("Sign in").first.click()  # opens the panel's form
    tab.get_by_label("Username").fill("olly")
    tab.get_by_label("Password", exact=True).fill("olly-password-1")
    shot(tab, "account-panel-sign-in-1440")
    tab.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign in").click()
    panel_says(tab, "Signed in as Olly Officer")
    # The page's script writes the cookie once its component has loaded, just after the text.
    tab.wait_for_function(HAS_COOKIE, timeout=10_000, polling=50)


def test_a_local_sign_in_survives_a_refresh_and_reaches_a_new_tab(local_app, tab):
    sign_in_locally(tab, local_app)
    cookie = next(c for c in tab.context.cookies() if c["name"] == "pmf_session")
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert 7.9 * 3600 < cookie["expires"] - time.time() <= 8 * 3600  # a working day
    tab.reload()
    panel_says(tab, "Roles: officer, checker")
    shot(tab, "account-panel-1440")
    phone = tab.context.new_page()  # a second tab, on a phone's screen
    try:
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(f"{local_app}/help")
        wait_until_idle(phone)
        phone.get_by_test_id("stExpandSidebarButton").click()
        panel_says(phone, "Signed in as Olly Officer")
        phone.wait_for_function(SIDEBAR_IN, timeout=10_000, polling=50)  # slid fully in
        shot(phone, "account-panel-390")
    finally:
        phone.close()


def test_sign_out_drops_the_cookie(local_app, tab):
    sign_in_locally(tab, local_app)
    tab.locator(ACCOUNT_PANEL).get_by_role("button", name="Sign out").click()
    expect(tab.locator(ACCOUNT_PANEL).get_by_text("Sign in", exact=True).first).to_be_visible()
    tab.wait_for_function(f"!({HAS_COOKIE})", timeout=10_000, polling=50)
    assert not [c for c in tab.context.cookies() if c["name"] == "pmf_session"]
    tab.reload()
    expect(tab.locator(ACCOUNT_PANEL).get_by_text("Sign in", exact=True).first).to_be_visible()
    wait_until_idle(tab)
    expect(tab.locator(ACCOUNT_PANEL).get_by_text("Signed in as Olly Officer")).to_have_count(0)
    shot(tab, "account-panel-signed-out-1440")
