"""The exceptions print view (?print=1) through AppTest: every exception, in the page's order."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

from streamlit.testing.v1 import AppTest

from conftest import ROOT, csv_bytes
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.outputs.appendix import appendix_rows
from pmf_core.rules.periods import month_index
from ui.text import WORD_JOINER

PAGE = "views/exceptions.py"
OCT_2026 = month_index(2026, 10)


def open_page(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(PAGE).run()


def as_read(text: str) -> str:
    """Markdown escapes resolved and word joiners gone: the text as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", text).replace(WORD_JOINER, "")


def printed_names(at: AppTest) -> list[str]:
    """The measure named in each exception's heading ("3. ✚ New · ◆ Amber · Name"), in order."""
    heading = re.compile(r"^\d+\. (✚ New · )?\S \w+( \(override\))? · ")
    return [heading.sub("", as_read(h.value)) for h in at.header]


def test_print_view_lays_out_every_exception_with_its_story_and_no_widgets(demo_read):
    at = open_page(print="1")
    assert not at.exception and not at.error
    status = status_as_at(demo_read, OCT_2026, rags=["Red", "Amber"])
    assert len(status) >= 28 + 12  # more than the page's 40 details
    assert sorted(printed_names(at)) == sorted(status["name"])
    markdown = [as_read(m.value) for m in at.markdown]
    for label in ("Commentary", "Action plan", "Accountable officer:", "Path to green:"):
        assert sum(m.startswith(f"**{label}") for m in markdown) == len(status), label
    assert sum(m.startswith("| Service | Period |") for m in markdown) == len(status)
    main = at.main
    assert not (main.selectbox or main.multiselect or main.toggle or main.expander)
    assert not at.dataframe and not at.get("download_button")
    assert not [b for b in at.get("link_button")]


def test_print_view_and_appendix_follow_the_pages_order(demo_read):
    page = open_page()
    on_screen = page.dataframe[0].value["Measure"].tolist()
    printed = printed_names(open_page(print="1", rag="red,amber"))
    status = status_as_at(demo_read, OCT_2026, rags=["Red", "Amber"])
    appendix = appendix_rows(status, demo_read, date.today())["Indicator"].tolist()
    assert printed == on_screen == appendix
    assert printed[:3] != sorted(printed)[:3]  # worst first, not alphabetical
    page.selectbox(key="sort_by").select("Measure").run()
    by_name = page.dataframe[0].value["Measure"].tolist()
    assert printed_names(open_page(print="1", sort="Measure")) == by_name == sorted(by_name)


def test_the_pages_print_button_carries_the_selection_and_filters(demo_read):
    at = open_page(committee="people and health")
    at.multiselect(key="rags").select("Blue").run()
    at.toggle(key="concerning_only").set_value(True).run()
    url = at.get("link_button")[0].proto.url
    query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    assert query["print"] == "1" and query["rag"] == "Red,Amber,Blue"
    assert query["committee"] == "People and Health" and query["month"] == "2026-10"
    assert query["concerning"] == "1" and "sort" not in query and "late" not in query
    printed = open_page(**query)
    status = status_as_at(
        demo_read,
        OCT_2026,
        committee="People and Health",
        rags=["Red", "Amber", "Blue"],
        with_spc=True,
    )
    concerning = status.loc[status["variation"] == "Special cause concerning", "name"]
    assert sorted(printed_names(printed)) == sorted(concerning) and len(concerning) > 1
    assert sorted(printed_names(printed)) == sorted(at.dataframe[0].value["Measure"])


def test_print_view_shows_what_people_typed_as_text(demo_db):
    text = "<b>bold?</b> **not bold** [link](http://evil.example)"
    extract = f'indicator_id,period,value,commentary\nCH0101,2026-10,99,"{text}"\n'
    load_bytes(demo_db, "observations", csv_bytes(extract), "x.csv", "jo", today=date(2026, 11, 20))
    at = open_page(print="1", rag="Red,Amber,Blue,Green")
    shown = [as_read(m.value) for m in at.markdown]
    assert text in shown
    assert not any("<b>" in m.value or "**not bold**" in m.value for m in at.markdown)


def test_cover_details_typed_on_the_page_reach_the_print_views_cover(demo_read):
    at = open_page(committee="people and health")
    at.text_input(key="cover_meeting").input("People and Health Scrutiny **Committee**").run()
    at.date_input(key="cover_meeting_date").set_value(date(2027, 1, 21)).run()
    at.text_input(key="cover_author").input("Jo Bloggs").run()
    url = at.get("link_button")[0].proto.url
    query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    assert (query["meeting"], query["meeting_date"], query["author"]) == (
        "People and Health Scrutiny **Committee**",
        "2027-01-21",
        "Jo Bloggs",
    )
    assert "holder" not in query and "recommendation" not in query
    printed = open_page(**query)
    assert not printed.exception and not printed.error
    shown = [as_read(m.value) for m in printed.markdown]
    facts = next(m for m in shown if m.startswith("| | |"))
    assert "| Meeting | People and Health Scrutiny **Committee** |" in facts.replace(
        "**Meeting**", "Meeting"
    )
    assert "| **Meeting date** | 21 January 2027 |" in facts
    assert "| **Portfolio holder** | not given |" in facts
    # Every measure of the committee counted, Red and Amber (the page's default) together.
    status = status_as_at(demo_read, OCT_2026, committee="People and Health")
    red_amber = int(status["rag"].isin(["Red", "Amber"]).sum())
    summary = next(m for m in shown if m.endswith(" amber."))
    assert summary.startswith(f"{red_amber} red or amber, ")
    assert f"({len(status)} measures)" in summary
    assert [h.value for h in printed.subheader] == [
        "Recommendation",
        "Summary",
        "Reporting time lag",
    ]
    assert any(
        m.startswith(
            "The figures are as at the end of October 2026, 2 months and 21 "
            "days before the meeting on 21 January 2027"
        )
        for m in shown
    )
