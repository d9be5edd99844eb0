"""The Help page: the vocabulary of the pages, a worked RAG example, and every `?` hint on the
pages naming a section of it."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT

PAGES = [
    "views/scorecard.py",
    "views/drilldown.py",
    "views/exceptions.py",
    "views/actions.py",
    "views/data_quality.py",
]
HINTED = ["selectbox", "multiselect", "toggle", "metric", "number_input"]


@pytest.fixture(autouse=True)
def fresh_caches(demo_store, monkeypatch):
    monkeypatch.setenv("PMF_DB", demo_store.path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.switch_page(page).run()


@pytest.fixture(scope="module")
def help_page() -> AppTest:
    return open_page("views/help.py")


def sections(at: AppTest) -> set[str]:
    """Headers, and the bold lead words of paragraphs ("**Trial limits.**"), in lower case."""
    leads = {m.group(1) for md in at.markdown for m in re.finditer(r"\*\*([^*]+?)\.\*\*", md.value)}
    return {h.value.casefold() for h in at.header} | {w.casefold() for w in leads}


def test_help_explains_every_status_with_its_symbol(help_page):
    assert not help_page.exception
    statuses = help_page.table[0].value
    assert statuses["Status"].tolist() == [
        "✖ Red",
        "◆ Amber",
        "✔ Green",
        "★ Blue",
        "○ Not rated",
        "– No data",
    ]
    assert statuses["Colour"].tolist() == [
        "#d4351c",
        "#f47738",
        "#00703c",
        "#1d70b8",
        "#505a5f",
        "#b1b4b6",
    ]


def test_the_worked_example_follows_the_tolerance_rule(help_page):
    # Lower is better, target 60, 5% tolerance: band 3; Amber up to 63, Red beyond.
    example = help_page.table[1].value
    assert dict(zip(example["Value"], example["Status"])) == {
        "57": "✔ Green",
        "60": "✔ Green",
        "62.5": "◆ Amber",
        "63": "◆ Amber",
        "64": "✖ Red",
    }


def test_help_has_a_section_for_each_word_the_issue_names(help_page):
    wanted = {
        "rag status",
        "direction of travel",
        "spc variation and assurance",
        "late",
        "trial limits",
        "fix the limits after n points",
        "rebase",
        "path to green",
        "the default month",
        "changes since last month",
        "where the data comes from",
        "blue",
        "overdue actions",
        "packs as presented",
        "year to date, ranges and rates",
    }
    assert wanted <= sections(help_page)


@pytest.mark.parametrize("page", PAGES)
def test_every_hint_that_names_help_names_a_section_of_it(help_page, page):
    at = open_page(page)
    hints = [e.proto.help for kind in HINTED for e in at.get(kind) if e.proto.help]
    topics = [m.group(1) for h in hints for m in re.finditer(r"See Help: ([^.]+)\.", h)]
    assert topics and set(t.casefold() for t in topics) <= sections(help_page)
    assert any(
        link.proto.page.endswith("help") or "help" in link.proto.label.casefold()
        for link in at.get("page_link")
    )
