"""The quarterly report in Word (pmf_core/outputs/report_docx.py), read back with
python-docx: the report built from a store, and a report made by hand whose every line is
known in advance."""

import io
from datetime import date

import pandas as pd
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from test_report import HOSTILE, with_report_data

from pmf_core.outputs import report, report_docx
from pmf_core.outputs.measure_view import MeasureView
from pmf_core.outputs.report import QuarterlyReport
from pmf_core.rules.cover import Cover

TREND = pd.DataFrame(
    {
        "label": ["Q1 2020/21", "Q2 2020/21"],
        "value": [44.0, 45.0],
        "target": [40.0, 40.0],
        "rag": ["Amber", "Amber"],
    }
)


def measure(name: str, directorate: str, rag: str | None, badge: str, **given) -> MeasureView:
    """A measure as the report gets it; what a test does not give is plain filler."""
    fields = dict(
        indicator_id=name.upper()[:4],
        name=name,
        directorate=directorate,
        service="Waste",
        priority="Clean",
        period="Q2 2020/21",
        value="45",
        target="40",
        last_year="41",
        rag=rag,
        rag_badge=badge,
        dot="▼ Worsening",
        benchmark="",
        sentence=f"{name}: 45 against 40.",
        commentary="",
        trend=TREND,
        alt=f"Trend of {name}",
        unit="No.",
        decimals=0,
    )
    return MeasureView(**(fields | given))


def hand_report(**given) -> QuarterlyReport:
    """Two Place measures (the first benchmarked), then one with no directorate."""
    sections = [
        measure("Missed bins", "Place", "Amber", "◆ Amber", benchmark="Second quarter of Pair"),
        measure(
            "Homes",
            "Place",
            "Green",
            "✔ Green",
            service="Housing",
            last_year="",
            dot="▲ Improving",
            commentary=HOSTILE,
        ),
        measure(
            "Loose",
            "",
            None,
            "– No data",
            period="",
            value="–",
            target="none",
            priority="Other measures",
        ),
    ]
    fields = dict(
        title="Strategic performance report",
        quarter="Q2 2020/21",
        covers="July to September 2020",
        summary=["First.", "Second."],
        summary_given=True,
        sections=sections,
        cover=COVER,
    )
    return QuarterlyReport(**(fields | given))


COVER = Cover(
    "Strategic performance report: Q2 2020/21",
    [("Meeting", "Cabinet"), ("Portfolio holder", "not given")],
    "To note the report.",
    "1 amber and 1 green (2 measures).",
    "The figures are as at the end of September 2020.",
)
COVER_HEADINGS = ["Recommendation", "Summary", "Reporting time lag"]


def read_back(built: QuarterlyReport):
    return Document(io.BytesIO(report_docx.report_docx(built)))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_title_summary_and_headings_group_measures_by_plan_priority():
    document = read_back(hand_report())
    assert styled(document, "Title") == ["Strategic performance report: Q2 2020/21"]
    assert styled(document, "Heading 1") == COVER_HEADINGS + [
        "Overall summary",
        "Clean",
        "Other measures",
    ]
    assert styled(document, "Heading 2") == ["Missed bins", "Homes", "Loose"]
    text = [p.text for p in document.paragraphs]
    assert text[1:7] == COVER_HEADINGS[:1] + ["To note the report."] + COVER_HEADINGS[1:2] + [
        "1 amber and 1 green (2 measures).",
        COVER_HEADINGS[2],
        "The figures are as at the end of September 2020.",
    ]
    assert text[7].startswith(
        "Covering July to September 2020: the strategic measures by council plan priority"
    )
    assert text[9:11] == ["First.", "Second."]  # after the lede and summary heading


def test_the_cover_facts_and_the_page_numbers():
    document = read_back(hand_report())
    assert [[c.text for c in r.cells] for r in document.tables[0].rows] == [
        ["Meeting", "Cabinet"],
        ["Portfolio holder", "not given"],
    ]
    footer = document.sections[0].footer.paragraphs[0]._p
    assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(qn("w:t"))) == "Page 1 of 1"


def test_the_page_is_a4_landscape_with_narrow_margins():
    section = read_back(hand_report()).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # A4 is 297 x 210 mm, the margins 15 mm (Word keeps twips, so to the nearest millimetre).
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    margins = {
        round(m.mm)
        for m in (
            section.left_margin,
            section.right_margin,
            section.top_margin,
            section.bottom_margin,
        )
    }
    assert margins == {15}


def test_figure_tables_hold_each_measures_cells_benchmark_only_when_known():
    tables = read_back(hand_report()).tables[1:]  # after the cover's
    heads = [[c.text for c in t.rows[0].cells] for t in tables]
    six = ["Period", "Value", "Target", "Status", "Direction of travel", "Same period last year"]
    assert heads == [six + ["Benchmark"], six, six]
    cells = [[c.text for c in t.rows[1].cells] for t in tables]
    assert cells == [
        ["Q2 2020/21", "45", "40", "◆ Amber", "▼ Worsening", "41", "Second quarter of Pair"],
        ["Q2 2020/21", "45", "40", "✔ Green", "▲ Improving", "–"],  # no last year: a dash
        ["none yet", "–", "none", "– No data", "▼ Worsening", "41"],
    ]  # no period yet
    assert all(run.bold for t in tables for c in t.rows[0].cells for run in c.paragraphs[0].runs)


def shading(cell) -> str:
    return cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))


def test_the_status_cell_is_shaded_in_its_colour_with_bold_text():
    tables = read_back(hand_report()).tables[1:]
    status = [t.cell(1, 3) for t in tables]
    # GOV.UK colours: amber #f47738 with black text, green #00703c with white, and anything
    # unknown (here no status at all) as No data, grey #b1b4b6 with black text.
    assert [shading(c) for c in status] == ["F47738", "00703C", "B1B4B6"]
    runs = [c.paragraphs[0].runs[0] for c in status]
    assert [str(r.font.color.rgb) for r in runs] == ["0B0C0C", "FFFFFF", "0B0C0C"]
    assert all(r.bold for r in runs)
    assert (
        tables[0].cell(1, 1)._tc.tcPr is None
        or tables[0].cell(1, 1)._tc.tcPr.find(qn("w:shd")) is None
    )  # only the status cell


def test_each_measure_has_its_chart_alt_text_sentence_and_commentary():
    document = read_back(hand_report())
    shapes = document.inline_shapes
    assert len(shapes) == 3
    assert [round(s.width.cm, 1) for s in shapes] == [17.0, 17.0, 17.0]
    assert [s._inline.docPr.get("descr") for s in shapes] == [
        "Trend of Missed bins",
        "Trend of Homes",
        "Trend of Loose",
    ]
    bold = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold]
    assert bold == [
        "Missed bins: 45 against 40.",
        "Commentary",
        "Homes: 45 against 40.",
        "Commentary",
        "Loose: 45 against 40.",
        "Commentary",
    ]
    text = [p.text for p in document.paragraphs]
    assert text.count("No commentary for this period.") == 2 and HOSTILE in text
    italic = [p.text for p in document.paragraphs if p.runs and p.runs[0].italic]
    assert italic == ["Waste · Place", "Housing · Place", "Waste · "]


def test_a_report_with_no_measures_says_so():
    document = read_back(hand_report(sections=[]))
    assert styled(document, "Heading 1") == COVER_HEADINGS + ["Overall summary"]
    assert document.paragraphs[-1].text == "There are no strategic measures in the store yet."
    assert len(document.tables) == 1 and not document.inline_shapes  # the cover's facts


# Moved from tests/test_report.py: the report built from a store, read back.
@pytest.fixture
def report_store(store):
    return with_report_data(store)


def test_word_report_reads_back(report_store):
    document = Document(
        io.BytesIO(report_docx.report_docx(report.build(report_store, "2020/21 Q2")))
    )
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width.cm, 1) == 29.7
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Residents satisfied with the council (%)", "Affordable homes delivered"]
    assert len(document.inline_shapes) == 2
    figures = [[c.text for c in t.rows[1].cells] for t in document.tables[1:]]
    assert figures == [
        ["Q2 2020/21", "55.2%", "62.0%", "✖ Red", "▼ Worsening", "–"],
        ["Q2 2020/21", "80", "75", "✔ Green", "▲ Improving", "–"],
    ]
    text = [p.text for p in document.paragraphs]
    assert (
        "55.2% in Q2 2020/21 against a target of 62.0%: Red, worse than the previous "
        "quarter (57.1%)."
    ) in text
    assert HOSTILE in text
    assert "Planted-Officer" not in "\n".join(text)


def test_the_cover_counts_the_reported_measures_and_names_what_was_given(report_store):
    # Q2 2020/21 ends in September 2020: SAT is Red and HOMES Green (test_report's data); the
    # meeting on 4 December 2020 is 2 months and 4 days after the end of September.
    from pmf_core.rules.cover import details

    given = details(
        meeting="Cabinet", meeting_date="2020-12-04", author="Jo Bloggs, Head of Corporate Services"
    )
    built = report.build(report_store, "2020/21 Q2", given=given, today=date(2020, 11, 1))
    document = Document(io.BytesIO(report_docx.report_docx(built)))
    facts = dict((r.cells[0].text, r.cells[1].text) for r in document.tables[0].rows)
    assert facts == {
        "Meeting": "Cabinet",
        "Meeting date": "4 December 2020",
        "Report of": "Jo Bloggs, Head of Corporate Services",
        "Portfolio holder": "not given",
        "Selection": "Q2 2020/21 (July to September 2020) · strategic measures",
        "Figures as at": "September 2020",
    }
    text = [p.text for p in document.paragraphs]
    assert "1 red and 1 green (2 measures)." in text
    assert (
        "The figures are as at the end of September 2020, 2 months and 4 days before the "
        "meeting on 4 December 2020, so later returns may tell a different story."
    ) in text
    assert "To note the performance report for the period to September 2020." in text


def test_each_exception_carries_its_action_plan_status_and_path_to_green(report_store):
    from pmf_core.store.writes import add_action

    # SAT is Red in Q2 2020/21 with two open actions: A due 31 Oct 2020 (overdue on
    # 1 Nov 2020, the day the report is written) and B due 31 Mar 2021 (open); the path to
    # green is the later date, and SAT's two points are too few to project. HOMES is Green.
    for plan, due, state in (
        ("A", date(2020, 10, 31), "on track"),
        ("B", date(2021, 3, 31), "open"),
    ):
        add_action(
            report_store,
            "SAT",
            explanation="",
            action_plan=f"Plan {plan}",
            officer="Jo",
            path_to_green=due,
            status=state,
            user="jo",
        )
    built = report.build(report_store, "2020/21 Q2", today=date(2020, 11, 1))
    assert set(built.exceptions) == {"SAT"}
    text = [p.text for p in read_back(built).paragraphs]
    start = text.index("Action plan")
    assert text[start - 2 : start] == ["Commentary", HOSTILE]  # after SAT's commentary
    assert text[start + 1 : start + 4] == [
        "1. Plan A (overdue)",
        "2. Plan B (open)",
        "Action status: open, overdue",
    ]
    assert text[start + 4].startswith(
        "Path to green: the action plan's date 31 Mar 2021; on current figures: "
        "Too few points to project"
    )
    assert text.count("Action plan") == 1  # HOMES, Green, has none
    heading1 = [p.text for p in read_back(built).paragraphs if p.style.name == "Heading 1"]
    assert heading1[-2:] == ["Responsive council", "Suitable housing"]
