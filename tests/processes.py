"""Another process and a store file: whether it can open the file, as the app or a scheduled
load in another process would."""

import subprocess
import sys
import textwrap

from conftest import ROOT

# Another process opening the file: at once, or retrying for up to a given number of seconds.
OPEN = """
    import sys, time, duckdb
    deadline = time.monotonic() + float(sys.argv[2])
    while True:
        try:
            duckdb.connect(sys.argv[1]).close()
            sys.exit(0)
        except duckdb.Error:
            if time.monotonic() >= deadline:
                sys.exit(3)
            time.sleep(0.05)
"""


def python(script: str, *args, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``script`` (indented as in a test) in another Python with ``args``."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def another_process_opens(path, within: float) -> bool:
    return python(OPEN, path, within).returncode == 0
