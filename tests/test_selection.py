"""The selection through AppTest: kept across pages, read from links in any case, and a link
naming what does not exist is reported, never swapped silently."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_months import early_store

from conftest import ROOT
from pmf_core.analysis.status import status_as_at
from pmf_core.rules.periods import month_index
from pmf_core.store import reads
from ui.text import escape_markdown


def open_page(page: str, **query) -> AppTest:
    """The app opened on a page's address, as a link or a bookmark opens it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(page).run()


def through_sidebar(at: AppTest, page: str) -> AppTest:
    """A page change as the sidebar makes it: the URL's query is dropped."""
    at.query_params.clear()
    return at.switch_page(page).run()


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_month_directorate_and_committee_follow_the_user(demo_read):
    at = open_page("views/scorecard.py")
    at.selectbox(key="as_at").select(month_index(2026, 9)).run()
    at.selectbox(key="directorate").select("Place").run()
    at.selectbox(key="committee").select("Place and Resources").run()
    for page in ("views/exceptions.py", "views/data_quality.py", "views/drilldown.py",
                 "views/scorecard.py"):
        at = through_sidebar(at, page)
        assert at.selectbox(key="as_at").value == month_index(2026, 9)
        assert at.selectbox(key="directorate").value == "Place"
        assert at.query_params["month"] in ("2026-09", ["2026-09"])
    assert at.caption[0].value.startswith("As at Sep 2026 · Place · Place and Resources")
    at = through_sidebar(at, "views/actions.py")
    assert at.selectbox(key="committee").value == "Place and Resources"


def test_the_drilldown_keeps_its_service_and_indicator(demo_read):
    at = open_page("views/drilldown.py")
    at.selectbox(key="service").select("Housing").run()
    at.selectbox(key="indicator").select("AH0202").run()
    at = through_sidebar(at, "views/scorecard.py")
    at = through_sidebar(at, "views/drilldown.py")
    assert at.header[0].value.startswith(escape_markdown("Households accommodated in B&B"))
    assert at.query_params["indicator"] in ("AH0202", ["AH0202"])


def test_a_committee_link_filters_exceptions_in_any_case(demo_read):
    at = open_page("views/exceptions.py", committee="people and health")
    expected = status_as_at(demo_read, month_index(2026, 10), committee="People and Health",
                            rags=["Red", "Amber"])
    assert sorted(at.dataframe[0].value["ID"]) == sorted(expected["indicator_id"])
    assert at.selectbox(key="committee").value == "People and Health" and not at.warning


def test_a_rag_link_filters_the_exceptions_and_is_kept(demo_read):
    at = open_page("views/exceptions.py", rag="red")
    red = status_as_at(demo_read, month_index(2026, 10), rags=["Red"])
    assert at.multiselect(key="rags").value == ["Red"] and not at.warning
    assert sorted(at.dataframe[0].value["ID"]) == sorted(red["indicator_id"])
    assert at.query_params["rag"] in ("Red", ["Red"])
    at.multiselect(key="rags").select("Blue").run()
    assert at.query_params["rag"] in ("Red,Blue", ["Red,Blue"])
    at = through_sidebar(at, "views/scorecard.py")
    at = through_sidebar(at, "views/exceptions.py")
    assert at.multiselect(key="rags").value == ["Red", "Blue"]


def test_a_rag_link_names_a_word_it_leaves_out(demo_read):
    at = open_page("views/exceptions.py", rag="amber,purple")
    assert at.multiselect(key="rags").value == ["Amber"]
    assert warnings(at) == ['There is no RAG status "purple": it is left out.']
    at = open_page("views/exceptions.py", rag="purple")
    assert at.multiselect(key="rags").value == ["Red", "Amber"]      # nothing left: the default


def test_a_committee_link_filters_the_tracker(demo_read):
    from datetime import date

    from pmf_core.analysis import actions
    at = open_page("views/actions.py", committee="Place and Resources")
    expected = actions.tracker(demo_read, date.today(), committee="Place and Resources")
    assert sorted(at.dataframe[0].value["Action"]) == sorted(expected["action_id"])
    assert len(expected) < len(actions.tracker(demo_read, date.today()))


@pytest.mark.parametrize("query,message", [
    ({"month": "2031-01"}, "There is no data for Jan 2031: showing Oct 2026, the default "
                           "month, instead."),
    ({"month": "*13*"}, '"\\*13\\*" is not a month (write it as 2026-10): showing Oct 2026, '
                        "the default month, instead."),
    ({"directorate": "Nowhere"}, 'There is no directorate "Nowhere": showing all directorates '
                                 "instead."),
])
def test_a_bad_month_or_directorate_is_named(demo_read, query, message):
    at = open_page("views/scorecard.py", **query)
    assert warnings(at) == [message]
    assert at.caption[0].value.startswith("As at Oct 2026 · All directorates")


def test_a_bad_indicator_names_the_one_shown_instead(demo_read):
    at = open_page("views/drilldown.py", indicator="NOPE")
    shown = at.selectbox(key="indicator").value
    name = reads.indicator(demo_read, shown)["name"].iloc[0]
    assert warnings(at) == [f'There is no indicator "NOPE": showing '
                            f'{escape_markdown(f"{name} ({shown})")} instead.']
    assert at.query_params["indicator"] in (shown, [shown])


def test_a_long_bad_value_is_quoted_to_80_characters(demo_read):
    at = open_page("views/exceptions.py", service="x" * 200)
    assert warnings(at) == [f'There is no service "{"x" * 79}…": showing all services instead.']


def test_a_lower_case_directorate_is_found_without_a_message(demo_read):
    at = open_page("views/data_quality.py", directorate="place")
    assert at.selectbox(key="directorate").value == "Place" and not at.warning
    assert at.query_params["directorate"] in ("Place", ["Place"])


def test_the_message_stays_until_the_selection_changes(demo_read):
    at = open_page("views/exceptions.py", committee="Finance")
    assert len(at.warning) == 1
    at.toggle(key="late_only").set_value(True).run()
    assert len(at.warning) == 1
    at.selectbox(key="committee").select("People and Health").run()
    assert not at.warning


def test_rags_in_a_link_keep_the_options_order_and_name_the_rest():
    from ui.selection import rags_in
    assert rags_in(" blue,RED,purple,,", ["Red", "Amber", "Blue"]) == (["Red", "Blue"],
                                                                       ["purple"])
    assert rags_in("", ["Red", "Amber"]) == ([], [])


def test_the_default_month_holds_when_one_month_has_two_early_returns(small_store, monkeypatch):
    """Two early returns for Nov 2020 leave the app on Oct 2020 (the default month), shown and in
    its URL."""
    early_store(small_store, ["CIC", "FOST"])
    monkeypatch.setenv("PMF_DB", small_store.path)
    at = open_page("views/scorecard.py")
    assert at.selectbox(key="as_at").value == month_index(2020, 10)
    assert at.caption[0].value.startswith("As at Oct 2020 ·")
    assert at.query_params["month"] in ("2020-10", ["2020-10"])
