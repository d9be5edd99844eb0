"""The Word appendix, read back: the cover, page numbers, the header row repeated, the widest
columns, values as the screen shows them."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from pmf_core.outputs.appendix_docx import appendix_docx
from pmf_core.rules.cover import Cover
from tests.test_appendix_xlsx import HEADER, appendix_frame

COVER = Cover(
    "Appendix 1: <People>",
    [
        ("Meeting", "People and Health Scrutiny Committee"),
        ("Meeting date", "21 January 2021"),
        ("Report of", "not given"),
    ],
    "That the Committee:\n1. Notes the measures.",
    "28 red or amber and 44 green (72 measures). 28 listed: 6 red and 22 amber.",
    "The figures are as at the end of October 2020.",
)


def plain_cover() -> Cover:
    """A cover for tests about the table alone."""
    return Cover("t", [], "r", "s", "l")


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(appendix_docx(appendix_frame(), COVER)))


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def test_the_cover_opens_with_the_title_its_facts_and_the_counts(document):
    assert document.paragraphs[0].text == "Appendix 1: <People>"
    assert document.paragraphs[0].style.name == "Title"
    facts = [texts(row) for row in document.tables[0].rows]
    assert facts == [
        ["Meeting", "People and Health Scrutiny Committee"],
        ["Meeting date", "21 January 2021"],
        ["Report of", "not given"],
    ]
    text = [(p.style.name, p.text) for p in document.paragraphs]
    assert text[1:9] == [
        ("Heading 1", "Recommendation"),
        ("Normal", "That the Committee:"),
        ("Normal", "1. Notes the measures."),
        ("Heading 1", "Summary"),
        ("Normal", "28 red or amber and 44 green (72 measures). 28 listed: 6 red and 22 amber."),
        ("Heading 1", "Reporting time lag"),
        ("Normal", "The figures are as at the end of October 2020."),
        ("Heading 1", "Appendix 1: <People>"),
    ]


def test_the_cover_ends_with_a_page_break_before_the_table(document):
    lag = next(p for p in document.paragraphs if p.text.startswith("The figures are"))
    breaks = lag._p.findall(f".//{qn('w:br')}")
    assert [b.get(qn("w:type")) for b in breaks] == ["page"]


def test_the_footer_numbers_pages_with_word_fields(document):
    footer = document.sections[0].footer.paragraphs[0]._p
    instructions = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    marks = [m.get(qn("w:fldCharType")) for m in footer.iter(qn("w:fldChar"))]
    assert marks == ["begin", "separate", "end"] * 2
    words = "".join(t.text for t in footer.iter(qn("w:t")))
    assert words == "Page 1 of 1"  # the fields' placeholders until Word lays it out


def test_commentary_and_action_are_the_widest_columns(document):
    table = document.tables[-1]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    widest = sorted(zip(grid, HEADER), reverse=True)[:2]
    assert {name for _, name in widest} == {"Commentary", "Action"}
    assert widest[1][0] > 1.5 * sorted(grid)[-3]  # by far, as in the council's own
    for row in table.rows:
        cells = [c.width for c in row.cells]
        assert sorted(range(len(cells)), key=cells.__getitem__)[-2:] == [
            HEADER.index("Action"),
            HEADER.index("Commentary"),
        ]
    total = sum(grid) / 567  # twips to cm (1 cm = 567 twips)
    assert total <= 29.7 - 2 * 1.5 + 0.05  # inside the A4 landscape margins


def test_one_table_after_the_cover_with_the_header_row_then_a_row_per_measure(document):
    assert len(document.tables) == 2
    table = document.tables[-1]
    assert texts(table.rows[0]) == HEADER
    assert len(table.rows) == 3
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_header_row_repeats_on_each_page(document):
    header = document.tables[-1].rows[0]._tr
    flags = header.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert [flag.get(qn("w:val")) for flag in flags] == ["true"]
    assert not document.tables[-1].rows[1]._tr.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}")


def test_values_as_the_screen_shows_them(document):
    first = dict(zip(HEADER, texts(document.tables[-1].rows[1])))
    assert first["Data"] == "70.25"
    assert first["Target"] == "60.00"
    assert first["Last year"] == ""
    assert "Red" in first["RAG"]
    assert first["Path to green"] == "31 Mar 2021"
    second = dict(zip(HEADER, texts(document.tables[-1].rows[2])))
    assert (second["Data"], second["Target"], second["Last year"]) == ("206", "215", "200")
    assert second["Action"] == "" and second["Path to green"] == ""


def test_text_is_kept_as_written(document):
    # Word runs no formulas, so text is not prefixed as the spreadsheet formats are.
    first = dict(zip(HEADER, texts(document.tables[-1].rows[1])))
    assert first["Commentary"] == '=HYPERLINK("http://x")'
    assert first["Accountable officer"] == "@J Smith"


def test_a4_landscape(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.01)
    assert abs(section.page_height - Cm(21.0)) < Cm(0.01)


def test_rag_cell_shaded_and_others_not(document):
    row = document.tables[-1].rows[1]
    shading = [cell._tc.findall(f"{qn('w:tcPr')}/{qn('w:shd')}") for cell in row.cells]
    assert [i for i, found in enumerate(shading) if found] == [HEADER.index("RAG")]
