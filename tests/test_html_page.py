"""Static HTML pages: British English, every text escaped, tables with headers, no script."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from pmf_core.outputs import html_page
from pmf_core.outputs.measure_view import MeasureView

HOSTILE = '<script>alert("x")</script>'


def hand_view(**changes) -> MeasureView:
    fields = dict(
        indicator_id="CIC",
        name=f"Children {HOSTILE}",
        directorate="People & Health",
        service="Care <Protection>",
        priority="Other measures",
        period="Oct 2020",
        value="70.00",
        target="60.00",
        last_year="",
        rag="Red",
        rag_badge="✖ Red",
        dot="▲ Worsening",
        benchmark="",
        sentence=f"Worse {HOSTILE}",
        commentary=f"Rising {HOSTILE}",
        trend=pd.DataFrame(
            {
                "label": ["Sep 2020", "Oct 2020"],
                "value": [64.0, 70.0],
                "target": [60.0, 60.0],
                "rag": ["Red", "Red"],
            }
        ),
        alt=f"Trend {HOSTILE}",
        unit="No.",
        decimals=2,
    )
    fields.update(changes)
    return MeasureView(**fields)


@pytest.fixture
def page() -> str:
    body = html_page.measure(hand_view(), 2, "m1")
    return html_page.document(f"Report {HOSTILE}", body)


def test_document_is_british_english_with_the_title_escaped(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<title>Report &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>" in page
    assert '<meta name="viewport"' in page


def test_no_script_survives_anywhere(page):
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;") == 5  # title, heading, chart alt, sentence, commentary


def test_measure_section_shows_its_figures_and_words(page):
    assert '<section class="measure" aria-labelledby="h-m1">' in page
    assert '<h2 id="h-m1">Children &lt;script&gt;' in page
    assert "Care &lt;Protection&gt; · People &amp; Health" in page
    assert "<dt>Value</dt><dd>70.00</dd>" in page
    assert "<dt>Target</dt><dd>60.00</dd>" in page
    assert "<dt>Same period last year</dt><dd>–</dd>" in page
    assert "Benchmark" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="c-m1"' in page
    assert "<h3>Commentary</h3>" in page


def test_a_measure_without_commentary_says_so():
    text = html_page.measure(hand_view(commentary="", benchmark="Top quarter of CIPFA"), 3, "m2")
    assert '<p class="muted">No commentary for this period.</p>' in text
    assert "<dt>Benchmark</dt><dd>Top quarter of CIPFA</dd>" in text


def test_badge_words_the_status_and_an_unknown_one_is_grey_and_escaped():
    assert "Red</span>" in html_page.badge("Red")
    assert html_page.badge("Red") != html_page.badge("Green")
    odd = html_page.badge("<b>")
    assert "&lt;b&gt;</span>" in odd and "<b>" not in odd
    assert odd.split(">")[0] == html_page.badge("No data").split(">")[0]  # No data's colours


def test_table_has_column_and_row_headers():
    text = html_page.table("Scores & <ranks>", ["Measure", "Value"], [["A", "1"], ["B", "2"]])
    root = ET.fromstring(text)
    assert root.get("role") == "region" and root.get("aria-label") == "Scores & <ranks>"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col", "row", "row"]
    assert [td.text for td in root.iter("td")] == ["1", "2"]
    assert root.find(".//caption").text == "Scores & <ranks>"
