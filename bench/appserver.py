"""The app served on a free port against a given store, for browser tests and the page benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(
    db: Path, secrets: Path | None = None, port: int | None = None, script: str = "app.py"
) -> Iterator[str]:
    """`streamlit run app.py` (or another ``script``) on PMF_DB=db (on ``port``, else a free
    one); yields its URL once healthy, stops it after."""
    with serving(db, secrets, port, script) as (url, _):
        yield url


@contextmanager
def serving(
    db: Path, secrets: Path | None = None, port: int | None = None, script: str = "app.py"
) -> Iterator[tuple[str, subprocess.Popen]]:
    """As running_app, yielding the server's process too (to read its memory)."""
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    if secrets is not None:
        command += ["--secrets.files", str(secrets)]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=dict(os.environ, PMF_DB=str(db)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, proc)
        yield url, proc
    finally:
        # Stopped outright: its store is a throwaway copy, and a graceful stop waited for the
        # app's non-daemon cache warm-up to finish (started by the last write), 1-10 s of a
        # test's teardown on a busy machine.
        proc.kill()
        proc.wait()


def _wait_until_healthy(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the app did not start at {url}")
