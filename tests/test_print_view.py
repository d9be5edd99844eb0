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
    assert len(status) >= 28 + 12          # more than the page's 40 details
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
    assert printed[:3] != sorted(printed)[:3]       # worst first, not alphabetical
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
    status = status_as_at(demo_read, OCT_2026, committee="People and Health",
                          rags=["Red", "Amber", "Blue"], with_spc=True)
    concerning = status.loc[status["variation"] == "Special cause concerning", "name"]
    assert sorted(printed_names(printed)) == sorted(concerning) and len(concerning) > 1
    assert sorted(printed_names(printed)) == sorted(at.dataframe[0].value["Measure"])


def test_print_view_shows_what_people_typed_as_text(demo_db):
    text = "<b>bold?</b> **not bold** [link](http://evil.example)"
    extract = f'indicator_id,period,value,commentary\nCH0101,2026-10,99,"{text}"\n'
    load_bytes(demo_db, "observations", csv_bytes(extract), "x.csv", "jo",
               today=date(2026, 11, 20))
    at = open_page(print="1", rag="Red,Amber,Blue,Green")
    shown = [as_read(m.value) for m in at.markdown]
    assert text in shown
    assert not any("<b>" in m.value or "**not bold**" in m.value for m in at.markdown)
