"""What both Word papers share: the cover page, "Page N of M" in the footer, A4 landscape.

The cover's words come from pmf_core.rules.cover, so the Word appendix, the Word report, the
HTML report and the print view read the same.
"""

from __future__ import annotations

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from pmf_core.rules.cover import Cover

LABEL_CM, VALUE_CM = 4.5, 22.2  # 26.7 cm between the margins
SECTIONS = (
    ("Recommendation", "recommendation"),
    ("Summary", "summary"),
    ("Reporting time lag", "lag"),
)


def paper(cover: Cover) -> Document:
    """A new Word paper: A4 landscape, its pages numbered "Page N of M", its cover first."""
    document = docx.Document()
    landscape(document.sections[0])
    add_page_numbers(document.sections[0])
    add_cover(document, cover)
    return document


def landscape(section: Section, margin_cm: float = 1.5) -> None:
    """A4 landscape with even margins."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))


def add_cover(document: Document, cover: Cover) -> None:
    """The title, the labelled facts as a two-column table, the recommendation, the counts and
    the time lag; then a page break, so the paper proper starts on page 2."""
    document.add_heading(cover.title, level=0)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    for label, value in cover.facts:
        left, right = table.add_row().cells
        left.text, right.text = label, value
        left.paragraphs[0].runs[0].bold = True
        left.width, right.width = Cm(LABEL_CM), Cm(VALUE_CM)
    table.columns[0].width, table.columns[1].width = Cm(LABEL_CM), Cm(VALUE_CM)
    for heading, field in SECTIONS:
        document.add_heading(heading, level=1)
        for block in getattr(cover, field).split("\n"):
            if block.strip():
                document.add_paragraph(block)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def add_page_numbers(section: Section) -> None:
    """ "Page N of M" centred in the footer, as Word's PAGE and NUMPAGES fields (Word and
    LibreOffice fill them in when the document is laid out)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _field(paragraph: Paragraph, code: str) -> None:
    """A complex field: begin, its instruction, separate, a placeholder result, end."""
    for kind, value in (
        ("fldChar", "begin"),
        ("instrText", f" {code} "),
        ("fldChar", "separate"),
        ("t", "1"),
        ("fldChar", "end"),
    ):
        run = paragraph.add_run()
        if kind == "t":
            run.text = value
            continue
        element = OxmlElement(f"w:{kind}")
        if kind == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)
