"""The annual report (pmf_core/outputs/annual_report.py, annual_docx.py, annual_html.py) on a
small store of mixed frequencies, every figure worked by hand below; Word read back with
python-docx, HTML parsed and checked self-contained.

2025/26 (April 2025 to March 2026), default tolerance 5 % of target:
- TAX, annual, higher is better, 1 decimal, "Sound finances": 2021/22 90.0, 2022/23 91.0,
  2024/25 93.5, 2025/26 95.0 against 96 (band 4.8, gap -1.0): Amber; 95.0 > 93.5: Improving.
- OLD, annual, "Sound finances": only 2023/24 (70): no figure for 2025/26 (No data, not
  comparable).
- WAIT, monthly, lower is better, days, "Healthy lives": Jan 2023 26, Mar 2024 27, Mar 2025 25,
  Feb 2026 30, Mar 2026 28 against 20 (band 1, gap -8): Red; the year's figure is March's 28
  (not the mean 29 of Feb and Mar); 28 > 25 (lower is better): Worsening. 2022/23 stands at
  Jan 2023 (its latest return).
- VISITS, quarterly, higher is better, "Healthy lives": Q4 2024/25 450, Q3 2025/26 500,
  Q4 2025/26 480 against 460: Green; 480 > 450: Improving.
- BINS, a service measure: not in the report.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from test_report import load

from pmf_core.outputs import annual_docx, annual_html, annual_report
from pmf_core.rules.periods import PeriodError

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
INDICATORS = (
    "indicator_id,name,directorate,service,unit,frequency,polarity,level,priority,decimals\n"
    "TAX,Council tax collected (%),Corporate,Revenues,%,annual,higher_is_better,strategic,"
    "Sound finances,1\n"
    "OLD,Old survey score,Corporate,Policy,No.,annual,higher_is_better,strategic,"
    "Sound finances,0\n"
    "WAIT,Days waiting for a care assessment,People,Adult care,days,monthly,lower_is_better,"
    "strategic,Healthy lives,0\n"
    "VISITS,Leisure centre visits,Place,Leisure,No.,quarterly,higher_is_better,strategic,"
    "Healthy lives,0\n"
    "BINS,Missed bins,Place,Waste,No.,monthly,lower_is_better,service,Clean streets,0\n"
)
TARGETS = """\
indicator_id,financial_year,target
TAX,2025/26,96
WAIT,2025/26,20
VISITS,2025/26,460
"""
OBSERVATIONS = f"""\
indicator_id,period,value,commentary
TAX,2021/22,90,
TAX,2022/23,91,
TAX,2024/25,93.5,
TAX,2025/26,95,"{HOSTILE.replace('"', '""')}"
OLD,2023/24,70,
WAIT,2023-01,26,
WAIT,2024-03,27,
WAIT,2025-03,25,
WAIT,2026-02,30,
WAIT,2026-03,28,Referrals rose by a third over the winter.
VISITS,2024/25 Q4,450,
VISITS,2025/26 Q3,500,
VISITS,2025/26 Q4,480,
BINS,2026-03,12,
"""


def with_annual_data(store):
    for kind, text in (
        ("indicators", INDICATORS),
        ("targets", TARGETS),
        ("observations", OBSERVATIONS),
    ):
        load(store, kind, text)
    return store


@pytest.fixture
def annual_store(store):
    return with_annual_data(store)


def by_id(built) -> dict:
    return {m.view.indicator_id: m for ms in built.groups.values() for m in ms}


def test_each_measures_figure_target_status_and_direction_against_last_year(annual_store):
    built = annual_report.build(annual_store, "2025/26")
    assert (built.year, built.covers) == ("2025/26", "April 2025 to March 2026")
    got = {
        key: (m.period, m.value, m.target, m.rag_badge, m.dot, m.last_year)
        for key, m in by_id(built).items()
    }
    assert got == {
        "TAX": ("2025/26", "95.0%", "96.0%", "◆ Amber", "▲ Improving", "93.5%"),
        "OLD": ("", "–", "–", "– No data", "not comparable", ""),
        "WAIT": ("Mar 2026", "28 days", "20 days", "✖ Red", "▲ Worsening", "25 days"),
        "VISITS": ("Q4 2025/26", "480", "460", "✔ Green", "▲ Improving", "450"),
    }


def test_the_five_year_trend_of_year_end_figures(annual_store):
    built = by_id(annual_report.build(annual_store, "2025/26"))
    years = ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
    assert {k: [y for y, _ in m.years] for k, m in built.items()} == {k: years for k in built}
    assert {k: [v for _, v in m.years] for k, m in built.items()} == {
        "TAX": ["90.0%", "91.0%", "–", "93.5%", "95.0%"],
        "OLD": ["–", "–", "70", "–", "–"],
        "WAIT": ["–", "26 days", "27 days", "25 days", "28 days"],
        "VISITS": ["–", "–", "–", "450", "480"],
    }


def test_grouped_by_plan_priority_with_the_summary_worked_by_hand(annual_store):
    built = annual_report.build(annual_store, "2025/26")
    assert {p: [m.view.name for m in ms] for p, ms in built.groups.items()} == {
        "Healthy lives": ["Days waiting for a care assessment", "Leisure centre visits"],
        "Sound finances": ["Council tax collected (%)", "Old survey score"],
    }
    assert built.summary == [
        "This report covers 4 strategic measures, each at its figure for the year: 1 Red, "
        "1 Amber, 1 Green and 1 with no value for the year.",
        "Against 2024/25, 2 improved, 1 worsened and 0 stayed the same; 1 cannot be judged "
        "against last year (no figure for one of the years, or no better direction).",
    ]
    assert built.cover.title == "Annual performance report: 2025/26"
    assert built.cover.summary.lower() == "1 red, 1 amber, 1 green and 1 with no data (4 measures)."


def test_a_year_with_no_figure_and_a_year_that_is_not_one(annual_store):
    with pytest.raises(annual_report.NoDataForYear) as caught:
        annual_report.build(annual_store, "2030/31")
    assert str(caught.value) == (
        "no strategic measure has a value for 2030/31 (April 2030 to March 2031); "
        "nothing was written"
    )
    with pytest.raises(PeriodError, match=r'^"2025/27" is not a financial year; use 2025/26$'):
        annual_report.year_period("2025/27")
    with pytest.raises(PeriodError, match=r"is a quarter, not a financial year; use 2025/26"):
        annual_report.year_period("2025/26 Q2")


def test_with_no_strategic_measure_every_measure_is_covered_and_the_report_says_so(store):
    load(store, "indicators", INDICATORS.replace(",strategic,", ",service,"))
    load(store, "targets", TARGETS)
    load(store, "observations", OBSERVATIONS)
    built = annual_report.build(store, "2025/26")
    assert built.every_measure and built.count == 5
    assert built.summary[0].startswith(
        "No measure is marked strategic, so this report covers every measure: 5,"
    )
    assert "Clean streets" in built.groups


def read_docx(built):
    return Document(io.BytesIO(annual_docx.annual_docx(built)))


def test_word_report_reads_back_grouped_with_page_numbers(annual_store):
    document = read_docx(annual_report.build(annual_store, "2025/26"))
    heading1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert heading1[-3:] == ["Overall summary", "Healthy lives", "Sound finances"]
    heading2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert heading2 == [
        "Days waiting for a care assessment",
        "Leisure centre visits",
        "Council tax collected (%)",
        "Old survey score",
    ]
    tables = document.tables[1:]  # after the cover's
    figures = [[c.text for c in t.rows[1].cells] for t in tables[0::2]]
    assert figures[0] == ["Mar 2026", "28 days", "20 days", "✖ Red", "▲ Worsening", "25 days"]
    assert [c.text for c in tables[0].rows[0].cells] == list(annual_docx.FIGURES)
    trend = [[c.text for c in t.rows[1].cells] for t in tables[1::2]]
    assert trend[2] == ["90.0%", "91.0%", "–", "93.5%", "95.0%"]
    text = [p.text for p in document.paragraphs]
    assert annual_report.annual.RULE in text and HOSTILE in text
    assert "Referrals rose by a third over the winter." in text
    footer = document.sections[0].footer.paragraphs[0]._p
    assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(qn("w:t"))) == "Page 1 of 1"


class Page(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.tags, self.urls, self.text = set(), [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.urls += [v for n, v in attrs if n in ("src", "href") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_is_self_contained_and_escapes_what_was_typed(annual_store):
    page = annual_html.annual_html(annual_report.build(annual_store, "2025/26")).decode()
    parsed = Page(page)
    assert "script" not in parsed.tags and parsed.urls == []
    assert not re.search(r"https?://|url\(|@import", page)
    text = "".join(parsed.text)
    assert HOSTILE in text and "<b>bold</b>" not in page
    headings = re.findall(r"<h([23])[^>]*>([^<]+)</h\1>", page)
    assert [h for h in headings if h[0] == "2"][-3:] == [
        ("2", "Overall summary"),
        ("2", "Healthy lives"),
        ("2", "Sound finances"),
    ]
    assert "2021/22" in text and "93.5%" in text and "▲ Worsening" in text


def test_a_year_whose_last_period_has_no_return_says_so(annual_store):
    # 2022/23: TAX 91.0 (annual, no target: not rated; 2021/22's 90.0 before it: Improving);
    # WAIT's only return in the year is Jan 2023 (26 days), not March. OLD and VISITS have none.
    built = annual_report.build(annual_store, "2022/23")
    got = {k: (m.period, m.value, m.rag, m.dot) for k, m in by_id(built).items()}
    assert got == {
        "TAX": ("2022/23", "91.0%", "Not rated", "▲ Improving"),
        "OLD": ("", "–", "No data", "not comparable"),
        "WAIT": ("Jan 2023", "26 days", "Not rated", "not comparable"),
        "VISITS": ("", "–", "No data", "not comparable"),
    }
    assert built.summary[1].endswith(
        "For 1 measure the year's last period has no return (yet), so the figure is the latest "
        "return in the year, whose period is shown beside it."
    )
