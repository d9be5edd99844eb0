"""The same fact reads the same everywhere: each exception's status, its action's status and its
path to green, read back from every page (AppTest), the print view, the appendix in three
formats, the quarterly report and the published site, on the demo council as at September 2026
(the last month of the report's quarter, 2026/27 Q2).

What each should say is worked out once here from the store's own rules, and every output is
read back as a person (or a spreadsheet) would get it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import openpyxl
import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pmf_core.analysis import actions, history
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.outputs import appendix_file as exports
from pmf_core.outputs import site as publish
from pmf_core.outputs.appendix import safe_csv
from pmf_core.outputs.report_file import report_file
from pmf_core.rules import rag
from pmf_core.rules.periods import month_index
from pmf_core.rules.presentation import rag_badge, status_badge, uk_date
from pmf_core.store import reads
from ui.text import WORD_JOINER

SEP_2026 = month_index(2026, 9)
QUARTER = "2026/27 Q2"


def as_read(text: str) -> str:
    """Bold marks dropped, markdown escapes resolved and word joiners gone: the text as a
    reader sees it."""
    return re.sub(r"\\(.)", r"\1", text.replace("**", "")).replace(WORD_JOINER, "")


def page(path: str, **query) -> AppTest:
    """The app opened on a page's own address, as a link opens it (a run of the scorecard
    first would rightly drop from the address what the scorecard does not own)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"month": "2026-09", **query})
    return at.switch_page(path).run()


@pytest.fixture(scope="module")
def truth(demo_store_file, tmp_path_factory):
    """What every output should say, worked out from the store once: per exception (Red or
    Amber as at September 2026) its badge, its open actions' statuses (as at today) and
    path-to-green date, and the projection sentence."""
    from conftest import copied

    store = copied(demo_store_file, tmp_path_factory.mktemp("one-fact") / "demo.duckdb")
    override_one(store)
    status = status_as_at(store, SEP_2026)
    rows = status[status["rag"].isin([rag.RED, rag.AMBER])].set_index("indicator_id")
    tracked = actions.tracker(store, date.today())
    by_id = tracked.groupby("indicator_id")
    paths = history.paths_to_green(store, rows.reset_index(), SEP_2026)
    public = set(reads.indicators(store).query("public")["indicator_id"])
    facts = {}
    for indicator_id, row in rows.iterrows():
        mine = by_id.get_group(indicator_id) if indicator_id in by_id.groups else None
        facts[indicator_id] = {
            "name": row["name"],
            "badge": rag_badge(row["rag"], row["rag_source"]),
            "statuses": sorted(set(mine["effective_status"])) if mine is not None else [],
            "due": uk_date(max(mine["path_to_green"].dropna()), "")
            if mine is not None and mine["path_to_green"].notna().any()
            else "",
            "projection": paths[indicator_id].sentence(),
            "public": indicator_id in public,
        }
    return store, facts, tracked


def override_one(store) -> None:
    """Set one public strategic Amber measure's September return to Red by override, so an
    overridden status is among the exceptions every output shows."""
    status = status_as_at(store, SEP_2026)
    public = set(reads.indicators(store).query("public")["indicator_id"])
    amber = status[
        (status["rag"] == rag.AMBER)
        & (status["level"] == "strategic")
        & (status["frequency"] == "monthly")
        & status["indicator_id"].isin(public)
        & (status["end_index"] == SEP_2026)
    ].iloc[0]
    extract = (
        "indicator_id,period,value,commentary,rag_override,override_reason\n"
        f"{amber['indicator_id']},2026-09,{amber['value']},Held back by demand,Red,"
        "Agreed at the performance board\n"
    )
    assert load_bytes(store, "observations", extract.encode(), "override.csv", "tester").ok


@pytest.fixture
def app_store(truth, monkeypatch):
    """The module's demo copy as the app's store."""
    monkeypatch.setenv("PMF_DB", str(truth[0].path))
    return truth[0]


def test_the_exceptions_cover_every_case_worth_comparing(truth):
    facts = truth[1]
    assert len(facts) > 20 and any(f["statuses"] == ["overdue"] for f in facts.values())
    assert any("(override)" in f["badge"] for f in facts.values())
    assert any(f["projection"].startswith("On course") for f in facts.values())
    assert any("at the current trend" in f["projection"] for f in facts.values())


def test_the_exceptions_page_and_its_print_view(truth, app_store):
    facts = truth[1]
    # The exceptions page's table: badge, action status and date, row by row.
    table = page("views/exceptions.py").dataframe[0].value.set_index("ID")
    for indicator_id, fact in facts.items():
        shown = table.loc[indicator_id]
        assert shown["RAG"] == fact["badge"], indicator_id
        assert shown["Action status"] == ", ".join(fact["statuses"]), indicator_id
        assert shown["Path to green"] == fact["due"], indicator_id

    # The print view: each heading's badge, the facts table's badge, each plan's status and
    # the path-to-green line with the projection sentence.
    printed = page("views/exceptions.py", print="1")
    headings = [as_read(h.value) for h in printed.header]
    lines = [as_read(m.value) for m in printed.markdown]
    for fact in facts.values():
        assert any(h.endswith(f"{fact['badge']} · {fact['name']}") for h in headings), fact
        assert any(f"| {fact['badge']} |" in line for line in lines), fact
        due = fact["due"] or "not set"
        assert (
            f"Path to green: the action plan's date {due}; on current figures: {fact['projection']}"
        ) in lines, fact
    texts = [as_read(m.value) for m in printed.markdown]
    for state in ("overdue", "on track", "open"):
        assert any(t.endswith(f"({state})") for t in texts), state


def test_the_tracker_and_its_csv(truth, app_store):
    tracked = truth[2]
    tracked_all = actions.with_status(truth[0], date.today())
    # The tracker and its CSV: each action's status and date as the exceptions give them.
    tracker = page("views/actions.py")
    grid = tracker.dataframe[0].value
    assert (
        grid.set_index("Action")["Status"].to_dict()
        == tracked.set_index("action_id")["effective_status"].to_dict()
    )
    assert grid.set_index("Action")["Path to green"].to_dict() == {
        a: uk_date(d) for a, d in zip(tracked["action_id"], tracked["path_to_green"])
    }
    # Its counts: every action by status, complete ones too, whether or not they are listed.
    assert {m.label.lower(): int(m.value) for m in tracker.metric} == {
        s: int((tracked_all["effective_status"] == s).sum())
        for s in ("open", "on track", "overdue", "complete")
    }
    download = next(
        b for b in tracker.get("download_button") if b.proto.label == "Download the tracker (CSV)"
    )
    assert download.proto.label  # the CSV is safe_csv of the same table
    written = list(csv.DictReader(io.StringIO(safe_csv(grid).decode("utf-8-sig"))))
    assert {int(r["Action"]): r["Status"] for r in written} == grid.set_index("Action")[
        "Status"
    ].to_dict()


def test_the_drilldown(truth, app_store):
    facts = truth[1]
    # The drill-down of the overridden exception and of the first two with an overdue action:
    # the headline badge, each action's status in its heading, and the projection sentence.
    chosen = [i for i, f in facts.items() if "(override)" in f["badge"]] + [
        i for i, f in facts.items() if "overdue" in f["statuses"]
    ][:2]
    for indicator_id in chosen:
        fact = facts[indicator_id]
        drill = page("views/drilldown.py", indicator=indicator_id)
        assert [m.value for m in drill.metric if m.label == "RAG"] == [fact["badge"]]
        states = {e.label.split(" · ")[1] for e in drill.expander if e.label.startswith("Action ")}
        assert states - {"complete"} == set(fact["statuses"]), indicator_id
        assert fact["projection"] in [as_read(m.value) for m in drill.markdown], indicator_id


def test_the_appendix_in_three_formats(truth):
    store, facts, _ = truth
    names = {f["name"]: i for i, f in facts.items()}
    # The appendix in three formats, read back: badge, action statuses and date.
    today = date.today()
    frame = exports.appendix(store, SEP_2026, None, "csv", today, rags=(rag.RED, rag.AMBER))
    rows_csv = list(csv.DictReader(io.StringIO(frame.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            exports.appendix(store, SEP_2026, None, "xlsx", today, rags=(rag.RED, rag.AMBER))
        )
    ).active
    start = next(
        i
        for i, r in enumerate(sheet.iter_rows(values_only=True), start=1)
        if r and r[0] == "Indicator"
    )
    header = [c for c in next(sheet.iter_rows(min_row=start, max_row=start, values_only=True))]
    rows_xlsx = [
        dict(zip(header, r)) for r in sheet.iter_rows(min_row=start + 1, values_only=True) if r[0]
    ]
    word = Document(
        io.BytesIO(
            exports.appendix(store, SEP_2026, None, "docx", today, rags=(rag.RED, rag.AMBER))
        )
    )
    grid_docx = word.tables[-1]
    docx_header = [c.text for c in grid_docx.rows[0].cells]
    rows_docx = [dict(zip(docx_header, [c.text for c in r.cells])) for r in grid_docx.rows[1:]]
    for fmt, got in (("csv", rows_csv), ("xlsx", rows_xlsx), ("docx", rows_docx)):
        assert len(got) == len(facts), fmt
        for row in got:
            fact = facts[names[row["Indicator"]]]
            assert row["RAG"] == fact["badge"], (fmt, row["Indicator"])
            plans = str(row["Action"] or "")
            assert (
                sorted(set(re.findall(r"\((open|on track|overdue)\)$", plans, re.M)))
                == fact["statuses"]
            ), (fmt, row["Indicator"], plans)
            due = row["Path to green"]
            due = uk_date(due, "") if not isinstance(due, str) and due is not None else due or ""
            assert due == fact["due"], (fmt, row["Indicator"])


def test_the_quarterly_report(truth):
    store, facts, _ = truth
    names = {f["name"]: i for i, f in facts.items()}
    # The quarterly report (2026/27 Q2 ends in September): each exception it covers carries
    # the same badge in its figures.
    html = unescape(report_file(store, QUARTER, "html").decode("utf-8"))
    sections = re.findall(
        r'<h3 id="h-m\d+">(.*?)</h3>.*?<dt>Status</dt><dd><span [^>]*>'
        r"(.*?)</span>",
        html,
        re.S,
    )
    assert sections
    covered = [(names[n], b) for n, b in sections if n in names]
    assert covered and all(facts[i]["badge"] == b for i, b in covered), covered
    # ... and the action's status and the path-to-green line the print view shows.
    blocks = dict(re.findall(r'<h3 id="h-m\d+">(.*?)</h3>(.*?)</section>', html, re.S))
    for indicator_id, _ in covered:
        fact, block = facts[indicator_id], blocks[facts[indicator_id]["name"]]
        status = ", ".join(fact["statuses"]) or "no open action"
        assert f"<strong>Action status:</strong> {status}</p>" in block, indicator_id
        assert (
            f"<strong>Path to green:</strong> the action plan's date {fact['due'] or 'not set'}; "
            f"on current figures: {fact['projection']}</p>"
        ) in block, indicator_id


def test_the_published_site(truth, tmp_path):
    facts = truth[1]
    # The published site and the Public view: the same badge for each public exception.
    folder = tmp_path / "site"
    publish.publish(truth[0], SEP_2026, folder)
    index = unescape((folder / "index.html").read_text(encoding="utf-8"))
    listed = re.findall(
        r'<a href="measure-([^"]+)\.html">[^<]*</a></th><td><span [^>]*>'
        r"(.*?)</span>",
        index,
    )
    public = [(i, b) for i, b in listed if i in facts]
    assert public and all(facts[i]["badge"] == b for i, b in public), public


def test_the_public_view(truth, app_store):
    facts = truth[1]
    public = [i for i, f in facts.items() if f["public"]]
    shown = page("views/public.py")
    statuses = {}
    for grid in shown.dataframe:
        statuses.update(zip(grid.value["Measure"], grid.value["Status"]))
    assert public and all(statuses[facts[i]["name"]] == facts[i]["badge"] for i in public)


def test_the_scorecard(truth, app_store):
    facts = truth[1]
    # The scorecard's tables: the same badges.
    scorecard = page("views/scorecard.py")
    seen = {}
    for grid in scorecard.dataframe:
        if {"ID", "RAG"} <= set(grid.value.columns):
            seen.update(zip(grid.value["ID"], grid.value["RAG"]))
    assert all(seen[i] == f["badge"] for i, f in facts.items() if i in seen) and seen
    assert status_badge(rag.RED) in seen.values()
