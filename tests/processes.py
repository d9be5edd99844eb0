"""Another process and a store file: whether it can open the file, as the app or a scheduled
load in another process would."""
import subprocess
import sys
import textwrap

from conftest import ROOT

# Another process opening the file: at once, or retrying for up to a given number of seconds.
OPEN = textwrap.dedent("""
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
""")


def another_process_opens(path, within: float) -> bool:
    return subprocess.run([sys.executable, "-c", OPEN, str(path), str(within)],
                          cwd=ROOT, timeout=60).returncode == 0
