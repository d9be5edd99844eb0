"""The Public view page through AppTest: the site's content, no sign-in, nothing internal."""

import re

from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pmf_core.demo import council
from pmf_core.outputs.site import public_rows
from pmf_core.rules.periods import month_index
from ui.text import WORD_JOINER

PAGE = "views/public.py"


def open_public(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(PAGE).run()


def shown_text(at: AppTest) -> str:
    parts = [
        e.value for kind in ("markdown", "caption", "subheader", "title") for e in at.get(kind)
    ]
    parts += [str(m.value) + m.label for m in at.metric]
    parts += [d.value.to_csv() for d in at.dataframe]
    shown = "\n".join(str(p) for p in parts)
    # As a reader sees it: markdown escapes resolved, invisible word joiners gone.
    return re.sub(r"\\(.)", r"\1", shown).replace(WORD_JOINER, "")


def test_public_view_lists_the_public_measures_without_internal_text(demo_store, monkeypatch):
    monkeypatch.setenv("PMF_DB", demo_store.path)
    at = open_public(month="2026-10", indicator="CH0102")
    assert not at.exception and at.title[0].value == "Public view"
    expected = public_rows(demo_store, month_index(2026, 10))
    listed = [name for d in at.dataframe for name in d.value["Measure"]]
    assert sorted(listed) == sorted(expected["name"]) and len(listed) == 35
    assert at.selectbox(key="public_measure").value == "CH0102"
    text = shown_text(at)
    assert "Rates of children in need per 10,000 (including CP and CIC)" in text
    assert "(set by the service; computed" in text
    for _, (_status, reason) in council.OVERRIDES.items():
        assert reason[:40] not in text
    for officer in ("Head of Service", "Service Manager", "Corporate Director", "Team Leader"):
        assert officer not in text
    for note in council.MISSING.values():
        assert note[:30] not in text


def test_public_view_survives_an_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("PMF_DB", str(tmp_path / "empty.duckdb"))
    at = open_public()
    assert not at.exception
    assert "No measures are published yet" in at.info[0].value


def test_drilldown_and_exceptions_show_the_sentence_and_the_scorecard_offers_the_report(
    demo_store, monkeypatch
):
    from pmf_core.analysis.status import status_as_at
    from pmf_core.rules.narrative import sentence
    from ui.text import escape_markdown

    monkeypatch.setenv("PMF_DB", demo_store.path)
    row = (
        status_as_at(demo_store, month_index(2026, 10), with_spc=True)
        .set_index("indicator_id")
        .loc["CH0102"]
    )
    wanted = escape_markdown(sentence(row))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(month="2026-10", indicator="CH0102")
    at.switch_page("views/drilldown.py").run()
    assert not at.exception
    assert wanted in [m.value for m in at.markdown]
    at.switch_page("views/scorecard.py").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Quarterly report 2026/27 Q2 (Word)" in labels
    assert "Quarterly report 2026/27 Q2 (HTML)" in labels


def test_a_link_to_a_measure_that_is_not_published_says_so(demo_store, monkeypatch):
    monkeypatch.setenv("PMF_DB", demo_store.path)
    at = open_public(month="2026-10", indicator="NOPE")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and 'There is no published measure "NOPE"' in warnings[0]
    assert "indicator" not in at.query_params  # the default shown is not a choice
