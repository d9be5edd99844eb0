"""Text with control characters in the store: what forms write is cleaned as file text is, and
every export holds whatever the store holds, even text written into it with plain SQL."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pmf_core.analysis import actions
from pmf_core.analysis.actions import edit_action
from pmf_core.outputs import site
from pmf_core.outputs.appendix import safe_csv
from pmf_core.outputs.appendix_file import appendix
from pmf_core.outputs.report import latest_quarter
from pmf_core.outputs.report_file import report_file
from pmf_core.rules.accounts import hash_password
from pmf_core.store import comparators, reads
from pmf_core.store.writes import add_action, add_rebase, update_action

TODAY = date(2026, 11, 20)
# Word's line and page breaks, NUL, BEL, ESC, C1 controls (NEL, APC) and a non-character.
DIRTY = "line\x0bbreak\x0cpage\x00nul\x07bell\x1b[31m\x85nel\x9fapc\ufffe end"
CLEAN = "line\nbreak\npagenulbell[31mnelapc end"  # worked by hand from DIRTY
ALLOWED = {"\t", "\n", "\r"}


def controls(text: str) -> set[str]:
    """The characters no export may hold (C0 and C1 controls but tab and line ends, U+FFFE/F)."""
    return {
        c
        for c in text
        if (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\ufffe\uffff") and c not in ALLOWED
    }


@pytest.fixture
def dirty(demo_store):
    """The demo council with every measure's name, commentary and action, and every action's
    text, overwritten with DIRTY by plain SQL (as another program, or an older version, might)."""
    with demo_store.transaction() as con:
        con.execute("UPDATE indicators SET name = name || ' ' || ? WHERE is_current", [DIRTY])
        con.execute(
            "UPDATE observations SET commentary = ?, action = ? WHERE is_current", [DIRTY, DIRTY]
        )
        con.execute(
            "UPDATE actions SET action_plan = ?, explanation = ?, officer = ?",
            [DIRTY, DIRTY, DIRTY],
        )
        con.execute("UPDATE action_updates SET note = ?", [DIRTY])
        # Two strategic, public measures are enough for the report and the site (and quick).
        con.execute(
            "UPDATE indicators SET level = 'service', public = false WHERE is_current "
            "AND indicator_id NOT IN (SELECT indicator_id FROM indicators WHERE "
            "is_current AND level = 'strategic' AND public ORDER BY indicator_id "
            "LIMIT 2)"
        )
    assert demo_store.scalar("SELECT count(*) FROM observations WHERE commentary = ?", [DIRTY])
    return demo_store


def xlsx_texts(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def docx_texts(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


def test_a_lone_surrogate_cannot_be_stored_at_all(store):
    with pytest.raises(Exception, match="surrogate"), store.transaction() as con:
        con.execute("INSERT INTO spc_rebases VALUES ('X', '2026-10', ?, 'x', now())", ["bad\ud800"])


def test_every_export_holds_text_written_into_the_store_with_sql(dirty, tmp_path):
    as_at = reads.latest_month(dirty)
    texts = {}
    data = appendix(dirty, as_at, None, "csv", TODAY)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    texts["appendix csv"] = [v for r in rows for v in r.values()]
    texts["appendix xlsx"] = xlsx_texts(appendix(dirty, as_at, None, "xlsx", TODAY))
    texts["appendix docx"] = docx_texts(appendix(dirty, as_at, None, "docx", TODAY))
    quarter = latest_quarter(as_at)
    texts["report docx"] = docx_texts(report_file(dirty, quarter, "docx"))
    report = report_file(dirty, quarter, "html").decode("utf-8")
    texts["report html"] = [report]
    pages = site.publish(dirty, as_at, tmp_path / "site")
    texts["site"] = [p.read_text(encoding="utf-8") for p in pages]
    tracker = safe_csv(actions.tracker(dirty, TODAY))
    texts["tracker csv"] = [tracker.decode("utf-8-sig")]
    for name, found in texts.items():
        assert not controls("".join(found)), name
        assert any(CLEAN in text for text in found), name
    # The appendix ends each open plan with its status, as every page does.
    assert rows[0]["Commentary"] == CLEAN
    assert rows[0]["Action"] in (CLEAN + f" ({status})" for status in ("open", "on track"))


def test_each_form_write_stores_a_vertical_tab_as_a_line_break(demo_store):
    indicator = reads.indicators(demo_store)["indicator_id"].iloc[0]
    action_id = add_action(
        demo_store,
        indicator,
        explanation="why\x0bso",
        action_plan="a\x0bb",
        officer="Head\x00 of X",
        path_to_green=None,
        status="open",
        user="Jo\x1b",
    )
    update_action(demo_store, action_id, status="on track", note="n\x0bm", user="Jo")
    edit_action(
        demo_store,
        action_id,
        explanation="why\x0bnot",
        action_plan="c\x0bd",
        officer="Head of Y\x07",
        path_to_green=None,
        user="Jo",
    )
    period = reads.series(demo_store, indicator)["period"].iloc[-1]
    add_rebase(demo_store, indicator, period, "new\x0bprocess", "Jo")
    comparators.set_area(demo_store, "E06000001\x0b", "Hartle\x00pool", "Jo")
    saved = demo_store.query(
        "SELECT explanation, action_plan, officer, created_by FROM actions WHERE action_id = ?",
        [action_id],
    )
    assert saved.values.tolist() == [["why\nnot", "c\nd", "Head of Y", "Jo"]]
    notes = demo_store.query(
        "SELECT note FROM action_updates WHERE action_id = ? ORDER BY recorded_at", [action_id]
    )["note"].tolist()
    assert notes[0] == "n\nm"
    assert demo_store.scalar("SELECT reason FROM spc_rebases") == "new\nprocess"
    assert (
        demo_store.scalar("SELECT area_code || '|' || area_name FROM council_area")
        == "E06000001|Hartlepool"
    )


ANALYSTS = {"jo": {"name": "Jo Analyst", "password_hash": hash_password("pw", iterations=1000)}}


def test_an_action_plan_typed_with_a_vertical_tab_still_lets_the_appendix_download(demo_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["analysts"] = ANALYSTS
    at.run()
    at.switch_page("views/upload.py").run()
    at.text_input(key="username").input("jo")
    at.text_input(key="password").input("pw")
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.switch_page("views/exceptions.py").run()
    at.text_area(key="exceptions_plan").input("Agency staff\x0bfrom March")
    next(b for b in at.button if b.label == "Save the action").click().run()
    assert not at.exception
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM actions WHERE action_plan = ?", ["Agency staff\nfrom March"]
        )
        == 1
    )
    as_at = reads.latest_month(demo_db)
    for fmt, texts in (("xlsx", xlsx_texts), ("docx", docx_texts)):
        cells = texts(appendix(demo_db, as_at, None, fmt, date.today()))
        assert any("Agency staff\nfrom March" in cell for cell in cells), fmt
