"""`make run` builds the demo council only at the default store, never at a path of the user's."""

import os
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")


def init_command(db: str | None) -> str:
    """The store-building line `make run` would run on a fresh machine (-n: nothing is run;
    -B: as if nothing were built yet)."""
    env = {k: v for k, v in os.environ.items() if k != "PMF_DB"}
    if db is not None:
        env["PMF_DB"] = db
    out = subprocess.run(
        ["make", "-n", "-B", "run"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in out.splitlines() if " -m pmf_core " in line]
    return lines[0] if lines else ""


def test_only_the_default_store_gets_the_demo(tmp_path):
    new = str(tmp_path / "new.duckdb")
    assert init_command(new).split()[-3:] == ["--db", new, "init"]
    for default in (None, "data/pmf.duckdb", "./data/pmf.duckdb"):
        assert init_command(default).endswith(" init --sample"), default
