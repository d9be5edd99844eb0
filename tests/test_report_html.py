"""The quarterly report as one self-contained HTML file (pmf_core/outputs/report_html.py),
parsed with html.parser: hostile text in every field stays text, nothing runs and nothing is
fetched."""

import re
from html.parser import HTMLParser

import pytest
from test_report import with_report_data
from test_report_docx import hand_report, measure

from pmf_core.outputs import report, report_html
from pmf_core.outputs.report import ExceptionPlan
from pmf_core.rules.cover import Cover

# Every element an inline-SVG report may hold; anything else came from a user's text.
ALLOWED = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "section",
    "dl",
    "div",
    "dt",
    "dd",
    "span",
    "strong",
    "svg",
    "g",
    "line",
    "text",
    "path",
    "polyline",
    "polygon",
    "circle",
    "rect",
}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def evil(field: str) -> str:
    """Markup that would run, fetch or break out of an attribute if it were not escaped."""
    return (
        f'</p></title><script src="https://evil.example/{field}.js"></script>'
        f"<img src=//evil.example/{field} onerror=alert(1)> \"{field}\" & '{field}'"
    )


class Page(HTMLParser):
    """The tags, attributes, text and heading outline of a page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text, self.outline = [], [], [], []
        self.heading = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = [tag, ""]
            self.outline.append(self.heading)

    def handle_endtag(self, tag):
        if self.heading and tag == self.heading[0]:
            self.heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self.heading:
            self.heading[1] += data


def hostile_report():
    """Every text the report prints is hostile, each naming its field."""
    views = [
        measure(
            evil("name"),
            evil("directorate"),
            "Amber",
            "◆ Amber",
            service=evil("service"),
            period=evil("period"),
            value=evil("value"),
            target=evil("target"),
            last_year=evil("last_year"),
            dot=evil("dot"),
            benchmark=evil("benchmark"),
            sentence=evil("sentence"),
            commentary=evil("commentary"),
            alt=evil("alt"),
        )
    ]
    front = Cover(
        evil("cover_title"),
        [(evil("label"), evil("fact"))],
        evil("recommendation"),
        evil("cover_summary"),
        evil("lag"),
    )
    return hand_report(
        title=evil("title"),
        quarter=evil("quarter"),
        covers=evil("covers"),
        summary=[evil("summary")],
        sections=views,
        cover=front,
    )


def parsed(built) -> tuple[str, Page]:
    page = report_html.report_html(built).decode("utf-8")
    return page, Page(page)


FIELDS = [
    "cover_title",
    "label",
    "fact",
    "recommendation",
    "cover_summary",
    "lag",
    "title",
    "quarter",
    "covers",
    "summary",
    "directorate",
    "name",
    "service",
    "period",
    "value",
    "target",
    "last_year",
    "dot",
    "benchmark",
    "sentence",
    "commentary",
    "alt",
]


def test_hostile_text_in_every_field_is_shown_as_text():
    _, page = parsed(hostile_report())
    text = "".join(page.text)
    for field in FIELDS:
        assert evil(field) in text, field
    assert set(page.tags) <= ALLOWED
    assert page.tags.count("title") == 2  # the page's and the chart's, no more


def test_nothing_runs_and_nothing_is_fetched():
    raw, page = parsed(hostile_report())
    assert not [a for a in page.attributes if a[1].startswith("on")]
    assert not [a for a in page.attributes if a[1] in ("src", "href", "xlink:href", "srcset")]
    linked = [a for a in page.attributes if "//" in a[2]]
    assert linked == [("svg", "xmlns", SVG_NAMESPACE)]  # a name, not a fetch
    styles = re.findall(r"<style>(.*?)</style>", raw, re.S)
    assert len(styles) == 1 and not re.search(r"url\(|@import", styles[0])
    assert "<script" not in raw.lower()


def test_headings_outline_the_report_by_plan_priority_with_the_exceptions_plan():
    plan = ExceptionPlan(evil("plan") + "\n2. Second", "overdue", "the action plan's date x")
    _, page = parsed(hand_report(exceptions={"MISS": plan}))
    # Title and quarter; the summary; the priority Clean with its two measures, then the
    # measure with no priority under "Other measures"; each measure's commentary one level
    # below it, and the Amber measure's action plan after its commentary.
    assert page.outline == [
        ["h1", "Strategic performance report: Q2 2020/21"],
        ["h2", "Recommendation"],
        ["h2", "Summary"],
        ["h2", "Reporting time lag"],
        ["h2", "Overall summary"],
        ["h2", "Clean"],
        ["h3", "Missed bins"],
        ["h4", "Commentary"],
        ["h4", "Action plan"],
        ["h3", "Homes"],
        ["h4", "Commentary"],
        ["h2", "Other measures"],
        ["h3", "Loose"],
        ["h4", "Commentary"],
    ]
    text = "".join(page.text)
    assert evil("plan") + "\n2. Second" in text and "Action status: overdue" in text
    assert "Path to green: the action plan's date x" in text
    assert [v for t, n, v in page.attributes if (t, n) == ("section", "aria-labelledby")] == [
        "h-m1",
        "h-m2",
        "h-m3",
    ]
    assert [v for t, n, v in page.attributes if (t, n) == ("h3", "id")] == ["h-m1", "h-m2", "h-m3"]


def test_the_page_is_one_british_english_document():
    raw, page = parsed(hand_report())
    assert raw.startswith("<!DOCTYPE html>\n")
    assert ("html", "lang", "en-GB") in page.attributes
    assert ("meta", "charset", "utf-8") in page.attributes
    assert page.tags.count("svg") == 3 and page.tags.count("html") == 1
    # Amber is #f47738 with black text, its symbol and word beside the colour.
    assert '<span class="rag" style="background:#f47738;color:#0b0c0c">◆ Amber</span>' in raw


def test_a_report_with_no_measures_says_so():
    _, page = parsed(hand_report(sections=[]))
    assert page.outline[-1] == ["h2", "Overall summary"]
    assert "There are no strategic measures in the store yet." in page.text
    assert "svg" not in page.tags and "section" not in page.tags


# Moved from tests/test_report.py: the report built from a store.
@pytest.fixture
def report_store(store):
    return with_report_data(store)


def test_html_report_is_self_contained_and_escaped(report_store):
    page = report_html.report_html(report.build(report_store, "2020/21 Q2")).decode("utf-8")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?\s*(https?:)?//""", page, re.I)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert page.count('<section class="measure"') == 2
    assert "Missed bins" not in page
    assert '<html lang="en-GB">' in page
