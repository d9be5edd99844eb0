"""pmf_core is a plain library: importing all of it must not load streamlit."""

import ast
import pkgutil
import subprocess
import sys

import pmf_core
from conftest import ROOT


def test_pmf_core_never_loads_streamlit():
    modules = [
        m.name
        for m in pkgutil.walk_packages(pmf_core.__path__, "pmf_core.")
        if not m.name.endswith("__main__")
    ]
    assert "pmf_core.store" in modules and "pmf_core.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_only_the_store_imports_duckdb():
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "pmf_core").rglob("*.py")
        if "import duckdb" in path.read_text() and "store" not in path.parts
    ]
    assert offenders == []


def test_queries_live_in_the_store():
    folders = [ROOT / "pmf_core", ROOT / "ui", ROOT / "views"]
    offenders = [
        path.relative_to(ROOT).as_posix()
        for folder in folders
        for path in folder.rglob("*.py")
        if "store" not in path.parts and "SELECT " in path.read_text()
    ]
    assert offenders == []


def test_pmf_core_imports_only_at_the_top_of_its_modules():
    """An import inside a function hides a circle or a cost; pmf_core has none."""
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
        for path in sorted((ROOT / "pmf_core").rglob("*.py"))
        for scope in ast.walk(ast.parse(path.read_text()))
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        for node in ast.walk(scope)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert offenders == []
