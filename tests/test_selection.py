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
    for page in (
        "views/exceptions.py",
        "views/data_quality.py",
        "views/drilldown.py",
        "views/scorecard.py",
    ):
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
    expected = status_as_at(
        demo_read, month_index(2026, 10), committee="People and Health", rags=["Red", "Amber"]
    )
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
    assert at.multiselect(key="rags").value == ["Red", "Amber"]  # nothing left: the default


def test_a_committee_link_filters_the_tracker(demo_read):
    from datetime import date

    from pmf_core.analysis import actions

    at = open_page("views/actions.py", committee="Place and Resources")
    expected = actions.tracker(demo_read, date.today(), committee="Place and Resources")
    assert sorted(at.dataframe[0].value["Action"]) == sorted(expected["action_id"])
    assert len(expected) < len(actions.tracker(demo_read, date.today()))


@pytest.mark.parametrize(
    "query,message",
    [
        (
            {"month": "2031-01"},
            "There is no data for Jan 2031: showing Oct 2026, the default month, instead.",
        ),
        (
            {"month": "*13*"},
            '"\\*13\\*" is not a month (write it as 2026-10): showing Oct 2026, '
            "the default month, instead.",
        ),
        (
            {"directorate": "Nowhere"},
            'There is no directorate "Nowhere": showing all directorates instead.',
        ),
    ],
)
def test_a_bad_month_or_directorate_is_named(demo_read, query, message):
    at = open_page("views/scorecard.py", **query)
    assert warnings(at) == [message]
    assert at.caption[0].value.startswith("As at Oct 2026 · All directorates")


def test_a_bad_indicator_names_the_one_shown_instead(demo_read):
    at = open_page("views/drilldown.py", indicator="NOPE")
    shown = at.selectbox(key="indicator").value
    name = reads.indicator(demo_read, shown)["name"].iloc[0]
    assert warnings(at) == [
        f'There is no indicator "NOPE": showing {escape_markdown(f"{name} ({shown})")} instead.'
    ]
    assert "indicator" not in at.query_params  # the default shown is not a choice


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

    assert rags_in(" blue,RED,purple,,", ["Red", "Amber", "Blue"]) == (["Red", "Blue"], ["purple"])
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


# --- the rules of what an address holds, and how a selection is named (no Streamlit) -------


def test_an_address_holds_only_what_its_page_uses():
    from pmf_core.rules.selection import address

    follow = {"month": "2026-10", "directorate": None, "committee": "People and Health"}
    drill = {"service": "Adult Care", "indicator": "AH0101"}
    assert address("", follow, drill) == {"month": "2026-10", "committee": "People and Health"}
    assert address("drilldown", follow, drill) == {
        "month": "2026-10",
        "service": "Adult Care",
        "indicator": "AH0101",
    }
    assert address("exceptions", follow, {"rag": "Red"}) == {
        "month": "2026-10",
        "committee": "People and Health",
        "rag": "Red",
    }
    assert address("actions", follow, {}) == {"committee": "People and Health"}
    assert address("help", follow, drill) == {}


def test_a_parameter_a_page_does_not_use_is_named():
    from pmf_core.rules.selection import unused

    assert unused("", ["month", "rag", "Committee", "colour"]) == ["rag", "colour"]
    assert unused("exceptions", ["print", "sort"]) == ["print", "sort"]
    assert unused("exceptions", ["print", "sort"], printing=True) == []
    assert unused("nowhere", ["month"]) == ["month"]


def test_a_misspelt_page_is_found_and_its_nearest_named():
    from pmf_core.rules.selection import closest_page, page_asked

    titles = {"": "Strategic scorecard", "exceptions": "Exceptions for scrutiny", "help": "Help"}
    assert page_asked("/exceptons") == "exceptons"
    assert page_asked("/pmf/exceptons/", "/pmf") == "exceptons"
    assert page_asked("/pmf/", "pmf") == ""
    assert closest_page("exceptons", titles) == "exceptions"
    assert closest_page("strategic scorecard", titles) == ""
    assert closest_page("zzzz", titles) is None


def test_every_filter_is_in_the_title_and_the_file_name():
    from pmf_core.rules.selection import Filters, appendix_title, file_stem

    october = month_index(2026, 10)
    red = Filters(month=october, committee="People and Health", rags=("Red",))
    both = Filters(month=october, committee="People and Health", rags=("Red", "Amber"))
    assert file_stem("appendix", red) == "appendix-people-and-health-red-2026-10"
    assert file_stem("appendix", both) == "appendix-people-and-health-red-amber-2026-10"
    assert appendix_title(red) == ("People and Health: Red performance exceptions as at Oct 2026")
    assert appendix_title(both) == (
        "People and Health: Red and Amber performance exceptions as at Oct 2026"
    )
    narrow = Filters(
        month=october,
        directorate="People - Children's",
        service="Early Help",
        rags=("Red", "Amber", "Blue"),
        late_only=True,
        concerning_only=True,
    )
    assert file_stem("appendix", narrow) == (
        "appendix-all-committees-people-children-s-"
        "early-help-red-amber-blue-late-concerning-2026-10"
    )
    assert appendix_title(narrow) == (
        "All committees: Red, Amber and Blue performance exceptions as at Oct 2026 · "
        "People - Children's · Early Help · late returns only · special cause concerning only"
    )
    from datetime import date

    tracker = Filters(committee="Place and Resources", officer="Jo Smith", overdue_only=True)
    assert file_stem("action-tracker", tracker, date(2026, 12, 6)) == (
        "action-tracker-place-and-resources-overdue-jo-smith-2026-12-06"
    )


def test_a_caption_states_every_filter_and_the_all_words():
    from pmf_core.rules.selection import Filters, caption_parts

    assert caption_parts(Filters(month=month_index(2026, 10))) == [
        "As at Oct 2026",
        "All directorates",
        "All committees",
    ]
    assert caption_parts(
        Filters(
            month=month_index(2026, 10),
            committee="People and Health",
            service="Adult Care",
            rags=("Red", "Amber"),
            late_only=True,
        ),
    ) == [
        "As at Oct 2026",
        "All directorates",
        "People and Health",
        "Adult Care",
        "Red and Amber",
        "late returns only",
    ]
    assert caption_parts(
        Filters(directorate="Place", officer="Jo", include_complete=True), committee=False
    ) == ["Place", "officer Jo", "complete actions included"]


# --- the pages: a drill-down choice stays on the drill-down ---------------------------------


def by_page_link(at: AppTest, title: str) -> AppTest:
    """A page change as the sidebar's link makes it: its address becomes the URL's query."""
    from urllib.parse import parse_qsl

    link = next(e for e in at.sidebar.get("page_link") if e.proto.label == title)
    at.query_params.clear()
    at.query_params.update(dict(parse_qsl(link.proto.query_string)))
    return at.switch_page(f"views/{link.proto.page or 'scorecard'}.py").run()


def test_a_service_chosen_on_the_drilldown_never_narrows_the_exceptions(demo_read):
    at = open_page("views/exceptions.py", committee="People and Health")
    everything = sorted(at.dataframe[0].value["ID"])
    expected = status_as_at(
        demo_read, month_index(2026, 10), committee="People and Health", rags=["Red", "Amber"]
    )
    # 20: CH0105's October (Amber) is still a submitted return, so its September (Green) shows.
    assert everything == sorted(expected["indicator_id"]) and len(everything) == 20
    at = by_page_link(at, "Service drill-down")
    at.selectbox(key="service").select("Housing").run()
    assert at.query_params["service"] in ("Housing", ["Housing"])
    at = by_page_link(at, "Exceptions for scrutiny")
    assert sorted(at.dataframe[0].value["ID"]) == everything
    assert "service" not in at.query_params and "indicator" not in at.query_params
    assert at.caption[0].value.startswith(
        "As at Oct 2026 · All directorates · People and Health · Red and Amber · 20 exceptions"
    )
    at = by_page_link(at, "Service drill-down")  # the drill-down keeps its own
    assert at.selectbox(key="service").value == "Housing"


def test_a_service_chosen_on_the_exceptions_is_in_its_caption(demo_read):
    at = open_page(
        "views/exceptions.py", committee="People and Health", rag="red", service="adult care"
    )
    caption = at.caption[0].value
    assert caption.startswith(
        "As at Oct 2026 · All directorates · People and Health · Adult Care · Red · "
    )


def test_a_parameter_the_page_does_not_use_is_named_and_dropped(demo_read):
    at = open_page("views/scorecard.py", rag="Red,Amber", colour="blue")
    assert warnings(at) == [
        'The address asks for "rag\\=Red\\,Amber", which this page does not use: it is ignored.',
        'The address asks for "colour\\=blue", which this page does not use: it is ignored.',
    ]
    assert set(at.query_params) == {"month"}
