"""Shared fixtures: small stores in temp folders, and the demo council built once per run."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

from bench.appserver import CHROMIUM, CHROMIUM_ARGS, running_app
from browsing import new_context, warm_up
from pmf_core.demo import council
from pmf_core.ingest import load_bytes
from pmf_core.store import Store
from ui import warmup

ROOT = Path(__file__).resolve().parent.parent

# No timed assertions (speed lives in `make bench`): Hypothesis's 200 ms per-example deadline
# fails correct property tests whenever the machine is busy.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

INDICATORS = """\
indicator_id,name,directorate,service,unit,frequency,polarity,committees,amber_tolerance,tolerance_type,stretch,decimals
CIC,Rates of children in care per 10000,People - Children's,Care & Protection,No.,monthly,lower_is_better,People and Health,,,,2
FOST,Number of active foster carers,People - Children's,Care & Protection,No.,monthly,higher_is_better,People and Health,,,,0
HOMES,Number of affordable homes delivered,People - Adults and Housing,Housing,No.,quarterly,higher_is_better,People and Health;Place and Resources,,,,0
ENG,Employee engagement index,Corporate Development,HR & OD,%,annual,higher_is_better,Audit and Governance,2,absolute,,1
CTX,Households on the housing register,People - Adults and Housing,Housing,No.,monthly,none,People and Health,,,,0
"""
TARGETS = """\
indicator_id,financial_year,target
CIC,2020/21,60
FOST,2020/21,215
HOMES,2020/21,75
ENG,2019/20,66
ENG,2020/21,68
"""


def csv_bytes(text: str) -> bytes:
    return textwrap.dedent(text).encode("utf-8")


def copied(source: Path, path: Path) -> Store:
    """A store of its own at ``path``: a copy of a store file built once (with no WAL), after
    removing any WAL left there, which DuckDB would otherwise replay onto the copy."""
    Path(f"{path}.wal").unlink(missing_ok=True)
    shutil.copy(source, path)
    return Store(path, wait_seconds=2)


@pytest.fixture(scope="session")
def empty_store_file(tmp_path_factory) -> Path:
    """A store with its tables and nothing in them, made once per test process."""
    path = tmp_path_factory.mktemp("empty") / "pmf.duckdb"
    Store(path).create()
    assert not Path(f"{path}.wal").exists()  # all in the file, so a copy has it all
    return path


@pytest.fixture
def store(empty_store_file, tmp_path) -> Store:
    """An empty store in a temp folder: a copy of its own."""
    return copied(empty_store_file, tmp_path / "pmf.duckdb")


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Every AppTest's first run scans all installed packages for Streamlit components (about
    48 ms here); the packages do not change during a run, so the scan is made once per
    process and its answer reused."""
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    found = scan()
    manifest_scanner.scan_component_manifests = lambda *args, **kwargs: list(found)
    yield
    manifest_scanner.scan_component_manifests = scan


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "warm_up: the app's background cache warm-up runs (it is off elsewhere)"
    )


@pytest.fixture(autouse=True)
def no_warm_up(request, monkeypatch):
    """The app's background warm-up (ui/warmup.py) fills caches before a person asks for
    them; a page it did not warm computes the same frames itself. In AppTest, where each test
    starts with empty caches, it only doubled the work of the test's own page run (a quarter
    of these tests' time), so it is off except for the tests marked warm_up; the browser tests'
    servers run it as a council's does."""
    if request.node.get_closest_marker("warm_up") is None:
        monkeypatch.setattr(warmup, "warm_caches", lambda: None)
    yield


@pytest.fixture(autouse=True)
def fresh_caches(request):
    """Streamlit's caches live as long as the process: every test starts with none, except the
    tests that only read the shared demo store (demo_read), which keep what the others built."""
    import streamlit as st

    if "demo_read" not in request.fixturenames:
        st.cache_data.clear()
        st.cache_resource.clear()
    yield


@pytest.fixture
def demo_db(demo_store, monkeypatch):
    """The demo store, as the store the app opens (PMF_DB): a copy of its own, to write to."""
    monkeypatch.setenv("PMF_DB", demo_store.path)
    return demo_store


@pytest.fixture(scope="session")
def shared_demo_file(demo_store_file, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shared-demo") / "demo.duckdb"
    copied(demo_store_file, path)
    return path


@pytest.fixture
def demo_read(shared_demo_file, monkeypatch):
    """The demo store as the app's (PMF_DB), one copy shared by every test of a process that
    only reads it, with the app's caches kept between them: each would otherwise rebuild the
    same frames. A test that writes to it fails."""
    monkeypatch.setenv("PMF_DB", str(shared_demo_file))
    store = Store(shared_demo_file, wait_seconds=2)
    before = store.version()
    yield store
    assert store.version() == before, "this test wrote to the shared demo store: use demo_db"


@pytest.fixture(scope="session")
def small_store_file(tmp_path_factory) -> Path:
    """The small store loaded once per test process (two loads through the validator); each
    test copies the file."""
    path = tmp_path_factory.mktemp("small") / "pmf.duckdb"
    store = Store(path, wait_seconds=2)
    store.create()
    for kind, text in (("indicators", INDICATORS), ("targets", TARGETS)):
        report = load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester")
        assert report.ok, report.problems
    assert not Path(f"{path}.wal").exists()  # all in the file, so the copy has it all
    return path


@pytest.fixture
def small_store(small_store_file, tmp_path) -> Store:
    """Five indicators of every frequency and polarity, with 2019/20 and 2020/21 targets: a
    copy of its own, at the `store` fixture's path (so a test may ask for both)."""
    return copied(small_store_file, tmp_path / "pmf.duckdb")


@pytest.fixture(scope="module")
def checking_store(small_store_file, tmp_path_factory) -> Store:
    """The small_store, one copy per module, for tests that only check files against it."""
    return copied(small_store_file, tmp_path_factory.mktemp("checking") / "pmf.duckdb")


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory) -> Path:
    """The demo council loaded once; tests copy the file."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = Store(path)
    s.create()
    assert all(r.ok for r in council.load_sample(s))
    assert not Path(f"{path}.wal").exists()  # all in the file, so a copy has it all
    return path


@pytest.fixture
def demo_store(demo_store_file, tmp_path) -> Store:
    return copied(demo_store_file, tmp_path / "demo.duckdb")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process (see tests/browsing.py for when it runs)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_app(demo_store_file, tmp_path_factory, reused_tab) -> str:
    """The app's URL, served on a copy of the demo council, for browser tests that only read."""
    db = tmp_path_factory.mktemp("demo-app") / "app.duckdb"
    shutil.copy(demo_store_file, db)
    with running_app(db) as url:
        warm_up(reused_tab, url)
        yield url


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page fixture's screen; a module or test overrides it for a phone or a tall page."""
    return {"width": 1440, "height": 900}


@pytest.fixture(scope="session")
def shared_context(browser):
    """One browser context per test process, so its cache spares each test a fresh download
    of the app's scripts. Nothing else carries over: sign-in and the selection live in the
    app's session, which is one per page load. Set up as browsing.new_context says."""
    context = new_context(browser)
    yield context
    context.close()


class ReusedTab:
    """The one tab a test process reuses. A page load in a new tab took more than twice the
    Chromium CPU of a load in a tab already open (1.8 against 0.75 CPU-s, measured): each new
    tab starts a renderer and loads the app's scripts into it afresh."""

    def __init__(self, context):
        self.context = context
        self.tab = context.new_page()

    def get(self):
        """The tab, or a new one where a failed test left it closed."""
        if self.tab.is_closed():
            self.tab = self.context.new_page()
        return self.tab

    def leave(self) -> None:
        """Off the app to about:blank, which ends the app session the tab had open, with the
        app's local storage cleared first: Streamlit keeps a sidebar opened or shut by hand
        there, and the next test must find it as a person's first visit does; and with no
        cookie left (a session cookie a test signed in with would sign the next one in)."""
        try:
            if self.tab.url.startswith("http"):
                self.tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            self.tab.goto("about:blank")
        except Exception:  # a tab a failed test left unusable: the next one gets a new tab
            self.tab.close()
        self.context.clear_cookies()


@pytest.fixture(scope="session")
def reused_tab(shared_context) -> ReusedTab:
    return ReusedTab(shared_context)


@pytest.fixture
def page(reused_tab, viewport):
    """A tab at the test's screen size (the process's one tab: see ReusedTab). Each test opens
    its own page, which starts a fresh session of the app."""
    tab = reused_tab.get()
    tab.set_viewport_size(viewport)
    yield tab
    reused_tab.leave()


# The browser fixtures a test may hold, in the order looked at when it fails.
SHOWN_ON_FAILURE = ("page", "tab", "khan", "phone")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails says what its page showed then (its address and visible text)
    in the report, so that a failure seen once, in CI, can be read afterwards."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in SHOWN_ON_FAILURE:
        tab = getattr(item, "funcargs", {}).get(name)
        if tab is None or not hasattr(tab, "inner_text"):
            continue
        try:
            shown = f"{tab.url}\n{tab.inner_text('body', timeout=2_000)[:4000]}"
        except Exception as exc:  # a closed or crashed tab: say so, do not hide the failure
            shown = f"(the page could not be read: {exc})"
        report.sections.append((f"what the page showed ({name})", shown))
        return
