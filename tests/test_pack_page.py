"""Packs on the exceptions page through AppTest: the freeze for analysts only (checked on the
server), one pack per double click, a pack shown as presented, and an unknown pack named."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_packs import EXTRACT, MEETING, OCT_2020, load

from conftest import ROOT
from pmf_core.outputs import packs, report_packs
from ui.boundary import FAILED
from ui.pack_view import presented_frame
from ui.text import escape_markdown

FREEZE = "Freeze a pack for a meeting"
COMMENTARY = "<b>Bold</b> **claim** [link](http://x.org)"


@pytest.fixture
def october(small_store, monkeypatch):
    """The small store, with October's returns, as the app's store."""
    load(small_store, EXTRACT)
    monkeypatch.setenv("PMF_DB", small_store.path)
    return small_store


def exceptions(analyst: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["accounts"] = {
        "jo": {"name": analyst or "Jo Analyst", "password_hash": "x", "roles": ["analyst"]}
    }
    if analyst:
        at.session_state["signed_in_user"] = "jo"
    at.query_params.update(query)
    at = at.switch_page("views/exceptions.py").run()
    assert not at.exception and FAILED not in [e.value for e in at.error]
    return at


def freeze_button(at: AppTest):
    return next(b for b in at.button if b.label == FREEZE)


def pack_count(store) -> int:
    return store.scalar("SELECT count(*) FROM packs")


def test_an_analyst_freezes_one_pack_however_often_the_button_is_clicked(october):
    at = exceptions("Jo Analyst", month="2020-10", committee="People and Health")
    hint = at.date_input(key="pack_meeting").proto.help
    assert hint.endswith("See Help: Packs as presented.")  # a section of the Help page
    for _ in range(2):  # a double click: the second arrives after the first run
        at.date_input(key="pack_meeting").set_value(MEETING)
        freeze_button(at).click().run()
    assert pack_count(october) == 1
    assert [s.value for s in at.success] == [
        escape_markdown(
            "Pack 1 was frozen a moment ago (one pack per click): 3 exceptions of People and "
            "Health as at Oct 2020 for the meeting on 1 December 2020."
        )
    ]
    head = packs.header(october, 1)
    assert (head["frozen_by"], head["as_at"], head["rows_total"]) == ("Jo Analyst", OCT_2020, 3)
    listed = next(d.value for d in at.dataframe if "Frozen by" in d.value.columns)
    assert listed[["Pack", "Meeting", "Exceptions"]].values.tolist() == [
        ["?pack=1", "2020-12-01", 3]
    ]


def test_a_visitor_sees_the_packs_but_no_form_and_a_stale_form_is_refused(october):
    packs.freeze(october, "People and Health", OCT_2020, MEETING, "Jo", datetime(2020, 12, 1, 9))
    # Blue only: no exception matches, and the committee's packs are still listed.
    visitor = exceptions(month="2020-10", committee="People and Health", rag="blue")
    assert FREEZE not in [b.label for b in visitor.button]
    listed = next(d.value for d in visitor.dataframe if "Frozen by" in d.value.columns)
    assert listed[["Pack", "Frozen by"]].values.tolist() == [["?pack=1", "Jo"]]
    at = exceptions("Jo Analyst", month="2020-10", committee="People and Health")
    del at.session_state["signed_in_user"]  # signed out in another tab: the form is still on screen
    at.date_input(key="pack_meeting").set_value(date(2021, 1, 5))
    freeze_button(at).click().run()
    assert [e.value for e in at.error] == ["Only a signed-in analyst can freeze a pack."]
    assert pack_count(october) == 1
    assert FREEZE not in [b.label for b in at.button]


def test_a_pack_is_shown_as_presented_after_a_revision(october):
    packs.freeze(october, "People and Health", OCT_2020, MEETING, "Jo", datetime(2020, 12, 1, 9))
    load(october, "indicator_id,period,value\nCIC,2020-10,58\n", date(2020, 12, 5))
    at = exceptions(pack="1")
    assert [t.value for t in at.title] == [
        escape_markdown("As presented to People and Health on 1 December 2020")
    ]
    rows, changes = (d.value for d in at.dataframe)
    assert rows[["Measure", "Value", "RAG"]].values.tolist() == [
        ["Rates of children in care per 10000", "70.00", "✖ Red"],
        ["Number of affordable homes delivered", "73", "◆ Amber"],
        ["Number of active foster carers", "206", "◆ Amber"],
    ]
    assert rows["Commentary"].iloc[0] == COMMENTARY  # a grid cell is plain text, as typed
    assert changes.values.tolist() == [
        [
            "Rates of children in care per 10000",
            "value revised, status changed",
            "70.00",
            "58.00",
            "✖ Red",
            "✔ Green",
        ]
    ]
    assert [b.label for b in at.get("download_button")] == [
        "Pack appendix (Excel)",
        "Pack appendix (Word)",
        "Pack appendix (CSV)",
    ]
    assert at.query_params["pack"] in ("1", ["1"])


def test_a_packs_print_view_shows_the_commentary_as_typed(october):
    packs.freeze(october, "People and Health", OCT_2020, MEETING, "Jo", datetime(2020, 12, 1, 9))
    at = exceptions(pack="1", print="1")
    assert [h.value for h in at.header][:3] == [
        escape_markdown("1. ✖ Red · Rates of children in care per 10000"),
        escape_markdown("2. ◆ Amber · Number of affordable homes delivered"),
        escape_markdown("3. ◆ Amber · Number of active foster carers"),
    ]
    assert escape_markdown(COMMENTARY) in [m.value for m in at.markdown]
    assert "1 December 2020" in " ".join(m.value for m in at.markdown)  # the cover's date


@pytest.mark.parametrize("asked", ["99", "abc", "0", "-1", "99999999999999999999", "²", "1.0"])
def test_an_unknown_pack_says_so(october, asked):
    at = exceptions(pack=asked)
    assert [e.value for e in at.error] == [f'There is no pack "{escape_markdown(asked)}".']
    assert not at.dataframe


def test_a_presented_range_reads_as_both_bounds():
    row = {
        "Indicator": "Staff turnover",
        "Service": "HR",
        "Period": "Oct 2026",
        "Data": 12.1,
        "decimals": 1,
        "Unit": "%",
        "Target": 8.0,
        "Target upper": 12.0,
        "Last year": 11.3,
        "RAG": "Amber",
        "rag_source": "computed",
        "DOT": "▼ Improving",
        "Commentary": "",
        "Action": "",
        "action_status": None,
        "Accountable officer": "",
        "Path to green": None,
    }
    shown = presented_frame(pd.DataFrame([row, {**row, "Target upper": float("nan")}]))
    assert shown["Target"].tolist() == ["8.0–12.0%", "8.0%"]


def test_a_quarterly_report_pack_says_what_it_is_and_gives_its_files(october):
    report_packs.freeze(october, "2020/21 Q2", MEETING, "Jo", now=datetime(2020, 12, 1, 9))
    at = exceptions(pack="1")
    assert [t.value for t in at.title] == [
        escape_markdown("Strategic performance report: Q2 2020/21, as presented")
    ]
    assert "for the meeting on 1 December 2020" in at.caption[0].value
    assert [b.label for b in at.get("download_button")] == [
        "Quarterly report as presented (Word)",
        "Quarterly report as presented (HTML)",
    ]
    assert not at.error and not at.dataframe


def test_a_report_pack_whose_report_is_missing_says_so_and_offers_no_file(october):
    # A store not written whole by this program (a damaged copy): the pack's row without its
    # report. The page names it; it does not offer files that cannot be written.
    report_packs.freeze(october, "2020/21 Q2", MEETING, "Jo", now=datetime(2020, 12, 1, 9))
    with october.transaction() as con:
        con.execute("DELETE FROM pack_reports WHERE pack_id = ?", [1])
    at = exceptions(pack="1")
    assert [e.value for e in at.error] == [
        escape_markdown(
            "pack 1 is a quarterly report, but the store holds no report for it: its files "
            "cannot be written."
        )
    ]
    assert not at.get("download_button")


def test_an_officer_neither_sees_the_freeze_nor_can_send_a_stale_form(october):
    # An officer (and checker) enters and signs off returns; freezing is an analyst's. The
    # callback checks the role itself, whatever form is still on the screen.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["accounts"] = {
        "jo": {"name": "Jo Analyst", "password_hash": "x", "roles": ["analyst"]},
        "ol": {"name": "Ol Officer", "password_hash": "x", "roles": ["officer", "checker"]},
    }
    at.session_state["signed_in_user"] = "ol"
    at.query_params.update(month="2020-10", committee="People and Health")
    at = at.switch_page("views/exceptions.py").run()
    assert FREEZE not in [b.label for b in at.button]
    at.session_state["signed_in_user"] = "jo"  # the form drawn for an analyst...
    at.run()
    at.session_state["signed_in_user"] = "ol"  # ...sent by an officer
    at.date_input(key="pack_meeting").set_value(date(2021, 1, 5))
    freeze_button(at).click().run()
    assert [e.value for e in at.error] == ["Only a signed-in analyst can freeze a pack."]
    assert pack_count(october) == 0


def scorecard() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and FAILED not in [e.value for e in at.error]
    return at


def test_the_scorecard_lists_the_quarterly_reports_as_presented_with_their_links(october):
    assert not [e for e in scorecard().expander if "as presented" in e.label]  # none yet
    packs.freeze(october, "Place and Resources", OCT_2020, MEETING, "Jo")  # not a report
    report_packs.freeze(october, "2020/21 Q2", MEETING, "Jo", now=datetime(2020, 12, 1, 9))
    at = scorecard()
    [listed] = [e for e in at.expander if "as presented" in e.label]
    assert listed.label == "Quarterly reports as presented (1)"
    grid = next(d.value for d in at.dataframe if "Report" in d.value.columns)
    assert grid["Report"].tolist() == ["exceptions?pack=2"]  # the exceptions pack is 1
    assert grid["Meeting date"].tolist() == [MEETING.isoformat()]
    assert grid["Figures to"].tolist() == ["Sep 2020"]
