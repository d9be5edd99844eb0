"""Shared by the browser tests: Chromium must be there (CI) or the module skips (locally)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.appserver import CHROMIUM


def require_chromium(*commands: str) -> None:
    """Skip the calling test module when chromium (or another command it names) is absent, but
    fail it where CI sets PMF_REQUIRE_BROWSER: a skipped browser test must never pass there."""
    missing = [name for name, there in (("chromium", Path(CHROMIUM).exists()),
                                        *((c, shutil.which(c)) for c in commands)) if not there]
    if not missing:
        return
    if os.environ.get("PMF_REQUIRE_BROWSER"):
        pytest.fail(f"{', '.join(missing)} required here (PMF_REQUIRE_BROWSER) but missing",
                    pytrace=False)
    pytest.skip(f"{', '.join(missing)} not installed", allow_module_level=True)
