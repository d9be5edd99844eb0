"""The app server's memory after six checks of a large extract on the Upload page, each in a tab
closed afterwards, beside its idle memory in the same run (after one signed-out page)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.appserver import CHROMIUM, CHROMIUM_ARGS, serving
from bench.pages import IDLE
from bench.synthetic import write_council
from pmf_core.ingest import load_path
from pmf_core.rules.accounts import hash_password
from pmf_core.store import Store

CHECKS = 6
PASSWORD = "bench analyst"
SETTLE = 10  # seconds after the last tab closes before the memory is read


def bench_upload_memory(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    db, extract, secrets = _prepare(folder / "uploads")
    megabytes = extract.stat().st_size / 1e6
    with serving(db, secrets) as (url, server), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _signed_out_visit(browser, url)
        time.sleep(SETTLE)
        idle = resident_mb(server.pid)
        seconds = [_check_in_a_closed_tab(browser, url, extract) for _ in range(CHECKS)]
        time.sleep(SETTLE)
        after = resident_mb(server.pid)
        browser.close()
    print(
        f"app server memory (resident) after {CHECKS} Upload-page checks of a "
        f"{megabytes:.0f} MB, 1,000,000-row extract, each tab closed: {after:.0f} MB; idle "
        f"baseline, the same server after one signed-out page: {idle:.0f} MB "
        f"({(after - idle) / CHECKS:.0f} MB a check; each check took "
        f"{min(seconds):.0f}-{max(seconds):.0f} s)"
    )


def resident_mb(pid: int) -> float:
    """A process's resident memory (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError(f"no VmRSS for process {pid}")


def _prepare(folder: Path) -> tuple[Path, Path, Path]:
    """A store with 5,000 monthly indicators, a 1,000,000-row extract of about 100 MB for them
    (every row with commentary, as a real extract's long texts make it large), and a secrets
    file with one analyst."""
    files = write_council(folder, indicators=5000, months=200, seed=4)
    db = folder / "uploads.duckdb"
    store = Store(db)
    store.create()
    for kind in ("indicators", "targets"):
        assert load_path(store, kind, files[kind], "bench").ok
    extract = pd.read_csv(files["observations"], dtype=str, keep_default_na=False)
    notes = np.array(
        [
            f"Figure checked by the service team, note {i:04d}; see the return for detail"
            for i in range(1000)
        ]
    )
    extract["commentary"] = notes[np.arange(len(extract)) % len(notes)]
    path = folder / "large-extract.csv"
    extract.to_csv(path, index=False)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f'[analysts.bench]\nname = "Bench Analyst"\npassword_hash = "{hash_password(PASSWORD)}"\n'
    )
    return db, path, secrets


def _signed_out_visit(browser, url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/upload")
    page.get_by_role("heading", name="Upload data", level=1).wait_for(timeout=60_000)
    context.close()


def _check_in_a_closed_tab(browser, url: str, extract: Path) -> float:
    """Sign in, check the extract (no commit), close the tab; seconds the check took."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/upload")
    page.get_by_label("Username").fill("bench")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Monthly extract (observations)").click(timeout=60_000)
    page.get_by_text("Download the observations template").wait_for(timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)  # the new uploader is in place
    start = time.perf_counter()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(extract)
    page.get_by_text("rows are valid").wait_for(timeout=600_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds
