"""The quarterly report frozen as presented: written again exactly (Word read back with
python-docx, HTML byte for byte) after a figure is revised, while a fresh report shows the
revision.

test_report's store, worked by hand: SAT (target 62.0%, higher is better) is 57.14 in Q1 and
55.2 in Q2 2020/21 (Red, worsening); HOMES (target 75) is 70 in Q1 and 80 in Q2 (Green,
improving). The revision puts SAT's Q2 at 63.0: Green, and better than Q1 (improving).
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from test_cli import run
from test_packs import COMMITTEE, EXTRACT, OCT_2020
from test_report import load, with_report_data
from test_report_docx import hand_report, measure

from conftest import ROOT, copied
from pmf_core.analysis.status import status_as_at
from pmf_core.outputs import appendix, packs, report, report_html, report_packs
from pmf_core.outputs.report import ExceptionPlan
from pmf_core.outputs.report_docx import report_docx
from pmf_core.rules.cover import details
from pmf_core.rules.periods import month_index
from pmf_core.store import packs as stored_packs
from pmf_core.store.packs import REPEAT_SECONDS
from pmf_core.store.writes import add_action

FROZEN = datetime(2020, 11, 1, 9, 30)
MEETING = date(2020, 12, 4)
SUMMARY = "A steady quarter.\n\nSatisfaction <b>is</b> the one to watch."
GIVEN = details(meeting="Cabinet", author="Jo Bloggs, Head of Corporate Services")
REVISION = "indicator_id,period,value\nSAT,2020/21 Q2,63\n"
FIGURES_AS_PRESENTED = [
    ["Q2 2020/21", "55.2%", "62.0%", "✖ Red", "▼ Worsening", "–"],
    ["Q2 2020/21", "80", "75", "✔ Green", "▲ Improving", "–"],
]


def freeze(store, quarter: str = "2020/21 Q2", now: datetime = FROZEN):
    return report_packs.freeze(store, quarter, MEETING, "Jo", SUMMARY, GIVEN, now=now)


def read_back(data: bytes) -> dict:
    """What a Word file says: its paragraphs, every table's cells and each picture's bytes."""
    document = Document(io.BytesIO(data))
    pictures = [
        document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        for shape in document.inline_shapes
    ]
    return {
        "paragraphs": [p.text for p in document.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in document.tables],
        "pictures": pictures,
    }


@pytest.fixture
def frozen(store):
    """test_report's store with Q2 2020/21's report frozen for Cabinet on 4 December 2020."""
    with_report_data(store)
    made = freeze(store)
    assert (made.pack_id, made.created) == (1, True)
    return store


def test_a_frozen_report_reads_the_same_after_a_revision_and_a_fresh_one_shows_it(frozen):
    # What the analyst wrote that morning, built from the store as it stood.
    given = details(meeting="Cabinet", meeting_date=MEETING, author=GIVEN.author)
    written = report.build(frozen, "2020/21 Q2", SUMMARY, given=given, today=FROZEN.date())
    html = report_html.report_html(written)
    word = read_back(report_packs.pack_report(frozen, 1, "docx"))
    assert report_packs.pack_report(frozen, 1, "html") == html
    assert word == read_back(report_docx(written))
    load(frozen, "observations", REVISION)
    assert report_packs.pack_report(frozen, 1, "html") == html
    assert read_back(report_packs.pack_report(frozen, 1, "docx")) == word
    assert [row[1] for row in word["tables"][1:]] == FIGURES_AS_PRESENTED
    facts = dict(map(tuple, word["tables"][0]))
    assert (facts["Meeting"], facts["Meeting date"]) == ("Cabinet", "4 December 2020")
    assert "A steady quarter." in word["paragraphs"]
    assert "Satisfaction <b>is</b> the one to watch." in word["paragraphs"]
    assert "<p>Satisfaction &lt;b&gt;is&lt;/b&gt; the one to watch.</p>" in html.decode()
    assert "1 red and 1 green (2 measures)." in word["paragraphs"]
    # Today's report for the same quarter shows the revision, on its cover and in its figures.
    fresh = read_back(report_docx(report.build(frozen, "2020/21 Q2")))
    assert [row[1] for row in fresh["tables"][1:]] == [
        ["Q2 2020/21", "63.0%", "62.0%", "✔ Green", "▲ Improving", "–"],
        FIGURES_AS_PRESENTED[1],
    ]
    assert "2 green (2 measures)." in fresh["paragraphs"]
    assert fresh["pictures"][0] != word["pictures"][0]  # SAT's chart ends at 63.0 today
    assert fresh["pictures"][1] == word["pictures"][1]  # HOMES's has not changed


def test_the_kept_model_holds_gaps_years_ranges_and_plans_exactly():
    # A running total's April starts a new line; a range has an upper bound; a missing
    # quarter is a gap; a value has more digits than any page shows.
    trend = pd.DataFrame(
        {
            "period": ["2020/21 Q3", "2020/21 Q4", "2021/22 Q1", "2021/22 Q2"],
            "label": ["Q3 2020/21", "Q4 2020/21", "Q1 2021/22", "Q2 2021/22"],
            "value": [0.1 + 0.2, math.nan, 12.345678901234567, 8.0],
            "target": [8.0, 8.0, math.nan, 8.0],
            "rag": ["Green", "No data", "Amber", "Green"],
            "new_year": [False, False, True, False],
            "target_upper": [12.0, 12.0, math.nan, 12.0],
        }
    )
    plan = ExceptionPlan(
        "1. Recruit\n2. Train <b>", "overdue", "the action plan's date 31 Mar 2021"
    )
    model = hand_report(
        sections=[
            measure("Turnover", "Corporate", "Amber", "◆ Amber", indicator_id="TURN", trend=trend),
            measure("Empty", "Place", None, "– No data", trend=trend.iloc[0:0]),
        ],
        exceptions={"TURN": plan},
        every_measure=True,
    )
    kept = report_packs.to_json(model)
    json.loads(kept, parse_constant=pytest.fail)  # plain JSON: no NaN
    back = report_packs.from_json(kept, model.cover)
    pd.testing.assert_frame_equal(back.sections[0].trend, trend)
    assert back.sections[1].trend.empty and list(back.sections[1].trend) == list(trend)
    assert back.exceptions == {"TURN": plan} and back.every_measure
    assert report_html.report_html(back) == report_html.report_html(model)
    assert read_back(report_docx(back)) == read_back(report_docx(model))


def test_freezing_again_within_seconds_is_the_same_pack_and_later_a_new_one(frozen):
    again = freeze(frozen, now=FROZEN + timedelta(seconds=2))
    assert (again.pack_id, again.created) == (1, False)
    later = freeze(frozen, now=FROZEN + timedelta(seconds=REPEAT_SECONDS + 1))
    assert (later.pack_id, later.created) == (2, True)
    listed = packs.listing(frozen)
    assert listed[
        ["pack_id", "committee", "as_at", "meeting", "kind", "measures"]
    ].values.tolist() == [
        [2, "Cabinet", "Sep 2020", "2020-12-04", "quarterly report", 2],
        [1, "Cabinet", "Sep 2020", "2020-12-04", "quarterly report", 2],
    ]
    assert listed["exceptions"].isna().all()  # a report is not a list of exceptions
    head = packs.header(frozen, 1, "quarterly report")
    assert (head["frozen_by"], head["as_at"], head["title"]) == (
        "Jo",
        month_index(2020, 9),
        "Strategic performance report: Q2 2020/21",
    )


def test_a_summary_corrected_within_seconds_is_a_new_pack_not_the_old_one(frozen):
    # The analyst spots a typo and freezes again at once: the corrected report must be kept
    # and written, never the first under the second's name; only an identical freeze (the
    # same summary and cover) is the pack just made.
    corrected = "A steady quarter.\n\nSatisfaction is the one to watch."
    soon = FROZEN + timedelta(seconds=2)
    fixed = report_packs.freeze(frozen, "2020/21 Q2", MEETING, "Jo", corrected, GIVEN, now=soon)
    assert (fixed.pack_id, fixed.created) == (2, True)
    assert report_packs.as_presented(frozen, 2).summary == [
        "A steady quarter.",
        "Satisfaction is the one to watch.",
    ]
    assert report_packs.as_presented(frozen, 1).summary[1] == (
        "Satisfaction <b>is</b> the one to watch."
    )
    other_cover = details(meeting="Cabinet", author="A Khan, Chief Executive")
    signed = report_packs.freeze(frozen, "2020/21 Q2", MEETING, "Jo", corrected, other_cover,
                                 now=soon)  # fmt: skip
    assert (signed.pack_id, signed.created) == (3, True)
    assert dict(report_packs.as_presented(frozen, 3).cover.facts)["Report of"] == (
        "A Khan, Chief Executive"
    )
    same = report_packs.freeze(frozen, "2020/21 Q2", MEETING, "Al", corrected, GIVEN, now=soon)
    assert (same.pack_id, same.created) == (2, False)
    assert frozen.scalar("SELECT count(*) FROM pack_reports") == 3


def test_the_command_line_says_when_a_freeze_is_the_pack_just_made(store, tmp_path, monkeypatch):
    monkeypatch.setattr("pmf_core.store.packs.REPEAT_SECONDS", 3600.0)  # however slow the run
    with_report_data(store)
    args = ["report", "--quarter", "Q2 2020/21", "--meeting-date", "2020-12-04", "--freeze",
            "--user", "Jo", "--format", "html", "--out"]  # fmt: skip
    first = run(store.path, *args, tmp_path / "a.html")
    again = run(store.path, *args, tmp_path / "b.html")
    assert first.stdout.startswith("pack 1: quarterly report Q2 2020/21")
    assert again.stdout.startswith(
        "pack 1 (the same report was frozen a moment ago: no new pack): quarterly report"
    )
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert store.scalar("SELECT count(*) FROM packs") == 1


def test_a_summary_pasted_with_control_characters_is_kept_and_written_as_word(store):
    # A form feed and a vertical tab (Word's page and line breaks, pasted), a NUL and a bell:
    # Word's XML holds none of them, and a pack that cannot be written as Word is lost.
    with_report_data(store)
    pasted = "Page one\x0cpage two \x00\x07done.\n\n**Bold** <i>x</i>\x0bnext line\ufffe"
    made = report_packs.freeze(store, "2020/21 Q2", MEETING, "Jo", pasted, GIVEN, now=FROZEN)
    said = ["Page one page two done.", "**Bold** <i>x</i> next line"]
    assert report_packs.as_presented(store, made.pack_id).summary == said
    paragraphs = read_back(report_packs.pack_report(store, made.pack_id, "docx"))["paragraphs"]
    assert paragraphs[paragraphs.index("Overall summary") + 1 :][:2] == said
    html = report_packs.pack_report(store, made.pack_id, "html").decode()
    assert "<p>**Bold** &lt;i&gt;x&lt;/i&gt; next line</p>" in html


def test_a_quarter_without_figures_is_refused_and_nothing_kept(store):
    with pytest.raises(report_packs.NoDataForQuarter, match="^the store holds no figures yet"):
        freeze(store)
    with_report_data(store)
    with pytest.raises(
        report_packs.NoDataForQuarter,
        match=r"^Q3 2020/21 ends in Dec 2020, after the latest figures \(Sep 2020\): nothing",
    ):
        freeze(store, "2020/21 Q3")
    with pytest.raises(
        report_packs.NoDataForQuarter,
        match=r"^no strategic measure has a value for Q1 2019/20 \(April to June 2019\): nothing",
    ):
        freeze(store, "2019/20 Q1")
    assert store.scalar("SELECT count(*) FROM packs") == 0


def test_each_kind_of_pack_is_read_only_as_its_kind(small_store):
    # The small store's committees, with October's exceptions frozen (pack 1), and the
    # report of Q2 2020/21 (pack 2: every measure, none being marked strategic).
    load(small_store, "observations", EXTRACT)
    packs.freeze(small_store, COMMITTEE, OCT_2020, MEETING, "Jo")
    made = freeze(small_store)
    assert made.pack_id == 2
    assert len(report_packs.as_presented(small_store, 2).sections) == 5
    with pytest.raises(
        packs.WrongKind, match="^pack 2 is a quarterly report, not a committee's exceptions$"
    ):
        packs.pack_appendix(small_store, 2, "csv")
    with pytest.raises(
        packs.WrongKind, match="^pack 1 is a committee's exceptions, not a quarterly report$"
    ):
        report_packs.pack_report(small_store, 1, "html")
    with pytest.raises(packs.PackError, match="^there is no pack 9$"):
        report_packs.pack_report(small_store, 9, "html")
    # A committee's packs are its exceptions; every pack is listed without one.
    assert packs.listing(small_store, COMMITTEE)["pack_id"].tolist() == [1]
    assert packs.listing(small_store)["kind"].tolist() == ["quarterly report", "exceptions"]


def test_the_command_line_freezes_lists_and_writes_the_report_as_presented(store, tmp_path):
    with_report_data(store)
    summary, first = tmp_path / "summary.txt", tmp_path / "cabinet.html"
    summary.write_text(SUMMARY, encoding="utf-8")
    made = run(store.path, "report", "--quarter", "Q2 2020/21", "--summary", summary,
               "--meeting", "Cabinet", "--meeting-date", "2020-12-04", "--freeze",
               "--user", "Jo Bloggs", "--format", "html", "--out", first)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout == (
        "pack 1: quarterly report Q2 2020/21, 2 strategic measures, for the meeting on "
        f"2020-12-04; wrote {first}\n"
    )
    header, row = run(store.path, "packs").stdout.splitlines()
    assert header == "pack_id,committee,as_at,meeting,exceptions,frozen_by,frozen_at,kind,measures"
    assert row.startswith("1,Cabinet,Sep 2020,2020-12-04,,Jo Bloggs,")
    assert row.endswith(",quarterly report,2")
    load(store, "observations", REVISION)
    again, word, fresh = tmp_path / "again.html", tmp_path / "again.docx", tmp_path / "now.html"
    written = run(store.path, "report", "--pack", 1, "--format", "html", "--out", again)
    assert written.stdout == f"wrote {again} (pack 1)\n"
    assert again.read_bytes() == first.read_bytes()
    assert run(store.path, "report", "--pack", 1, "--format", "docx", "--out", word).returncode == 0
    assert [row[1] for row in read_back(word.read_bytes())["tables"][1:]] == FIGURES_AS_PRESENTED
    run(store.path, "report", "--quarter", "Q2 2020/21", "--format", "html", "--out", fresh)
    assert "63.0%" in fresh.read_text() and "63.0%" not in again.read_text()


@pytest.fixture(scope="module")
def two_packs(small_store_file, tmp_path_factory):
    """The small store with October's returns: pack 1 People and Health's exceptions, pack 2
    the report of Q2 2020/21. The tests only read it."""
    store = copied(small_store_file, tmp_path_factory.mktemp("two") / "pmf.duckdb")
    load(store, "observations", EXTRACT)
    packs.freeze(store, COMMITTEE, OCT_2020, MEETING, "Jo")
    freeze(store)
    return store


FREEZE = ["--freeze", "--meeting-date", "2021-02-01"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pack", "1"], "pack 1 is a committee's exceptions, not a quarterly report: write "
         "it with appendix --pack 1"),
        (["--pack", "9"], "there is no pack 9"),
        (["--pack", "0"], "there is no pack 0"),
        (["--pack", "abc"], 'argument --pack: "abc" is not a pack number; packs lists them '
         "(see python -m pmf_core report --help)"),
        (["--pack", "99999999999999999999"], 'argument --pack: "99999999999999999999" is not '
         "a pack number"),
        (["--pack", "-1"], 'argument --pack: "-1" is not a pack number'),
        (["--pack", "2", "--pack"], "argument --pack: expected one argument (see python -m "
         "pmf_core report --help)"),
        (["--pack", "2", "--summary", "s.txt"], "--pack takes the pack's own quarter, summary "
         "and cover: give only --format and --out"),
        (["--pack", "2", "--meeting", "Cabinet"], "--pack takes the pack's own quarter"),
        (["--quarter", "2020/21 Q3", *FREEZE], "--quarter: Q3 2020/21 ends in Dec 2020, after "
         "the latest figures (Oct 2020): nothing to freeze"),
        (["--quarter", "2019/20 Q1", *FREEZE], "--quarter: no measure has a value for Q1 "
         "2019/20 (April to June 2019): nothing to freeze"),
        (["--quarter", "2020/21 Q2", "--freeze"], "--freeze needs --meeting-date YYYY-MM-DD: "
         "the meeting it is presented at"),
        (["--quarter", "2020/21 Q2", "--freeze", "--meeting-date", "2019-12-04"],
         "--meeting-date: the meeting on 4 December 2019 is not after the end of Q2 2020/21 "
         "(30 September 2020): a quarter's report is presented once it is over; check the "
         "year"),
        (["--quarter", "2020/21 Q2", "--freeze", "--meeting-date", "2020-09-30"],
         "--meeting-date: the meeting on 30 September 2020 is not after the end of Q2"),
        (["--quarter", "2020/21 Q2", "--user", "Jo"], "--user names who freezes the report: "
         "give it with --freeze"),
        (["--year", "2020/21", *FREEZE], "only the quarterly report is frozen: use --quarter "
         "with --freeze"),
        (["--quarter", "2020/21 Q2", *FREEZE, "--out", "/nonexistent/r.html"], "--out: "
         "/nonexistent/r.html could not be written (No such file or directory)"),
    ],
)  # fmt: skip
def test_the_command_line_refuses_bad_input_in_one_plain_line(two_packs, tmp_path, args, message):
    out = tmp_path / "r.html"
    result = run(two_packs.path, "report", "--format", "html", "--out", out, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1
    assert result.stdout == "" and not out.exists()
    assert two_packs.scalar("SELECT count(*) FROM packs") == 2


def test_an_appendix_of_a_report_pack_is_refused(two_packs, tmp_path):
    result = run(two_packs.path, "appendix", "--pack", 2, "--format", "csv", "--out", "x.csv")
    assert (result.returncode, result.stderr) == (
        2,
        "error: pack 2 is a quarterly report, not a committee's exceptions: write it with "
        "report --pack 2\n",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{path} could not be read (No such file or directory)"),
        ("folder", "{path} is a folder, not a text file"),
        (b"", "{path} is empty: write the summary in it, or leave out --summary for the counts "
         "and changes"),
        (b"\xef\xbb\xbf \r\n\r\n\x00\x0c\n", "{path} is empty: write"),
        ("Residents' satisfaction: £2m".encode("cp1252"), "{path} is not UTF-8 text: save it "
         "as UTF-8"),
        ("é".encode() * 50_001, "{path} has 50,001 characters: a summary is at most 50,000 "
         "characters"),
        (b"x" * 5_000_000, "{path} is 5,000,000 bytes: a summary is at most 50,000 characters"),
    ],
)  # fmt: skip
def test_a_summary_file_that_cannot_be_the_summary_is_named_and_nothing_kept(
    two_packs, tmp_path, content, message
):
    path, out = tmp_path / "summary.txt", tmp_path / "r.html"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = run(two_packs.path, "report", "--quarter", "2020/21 Q2", *FREEZE,
                 "--summary", path, "--format", "html", "--out", out)  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: --summary: {message.format(path=path)}")
    assert result.stderr.count("\n") == 1 and not out.exists()
    assert two_packs.scalar("SELECT count(*) FROM packs") == 2


@pytest.mark.parametrize("how", ["itself", "journal", "turn lock", "symbolic link", "hard link"])
@pytest.mark.parametrize("command", [["report", "--pack", "2"], ["appendix", "--pack", "1"]])
def test_an_out_naming_the_store_is_refused_and_the_store_kept(two_packs, tmp_path, how, command):
    # Writing the report over the store would lose every figure and every pack it holds.
    named = {"itself": two_packs.path, "journal": f"{two_packs.path}.wal",
             "turn lock": f"{two_packs.path}.lock"}  # fmt: skip
    out = named.get(how, str(tmp_path / "link.duckdb"))
    if how == "symbolic link":
        os.symlink(two_packs.path, out)
    elif how == "hard link":
        os.link(two_packs.path, out)
    before = Path(two_packs.path).read_bytes()
    result = run(two_packs.path, *command, "--format", "docx", "--out", out)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: --out: {out} is the store's own file ({named.get(how, two_packs.path)}): "
        "write the file elsewhere\n"
    )
    assert Path(two_packs.path).read_bytes() == before
    assert two_packs.scalar("SELECT count(*) FROM packs") == 2


def test_an_empty_out_is_named(two_packs):
    for args in (["--pack", "2"], ["--quarter", "2020/21 Q2", *FREEZE]):
        result = run(two_packs.path, "report", *args, "--format", "html", "--out", "")
        assert (result.returncode, result.stderr) == (
            2,
            "error: --out: give the name of the file to write\n",
        )
    assert two_packs.scalar("SELECT count(*) FROM packs") == 2


def test_a_file_that_cannot_be_written_after_the_freeze_names_the_pack_kept(
    store, tmp_path, monkeypatch
):
    # The disk fills between the check of --out and the write: the pack is kept (one
    # transaction, done), so the one line says which it is and how to write its file.
    with_report_data(store)
    out = tmp_path / "cabinet.docx"

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("pmf_core.cli.os.replace", full)
    result = run(store.path, "report", "--quarter", "2020/21 Q2", "--freeze",
                 "--meeting-date", "2020-12-04", "--format", "docx", "--out", out)  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: --out: {out} could not be written (No space left on device); pack 1 is kept: "
        "write it with report --pack 1 --format docx --out FILE\n"
    )
    assert not out.exists() and not list(tmp_path.glob(".cabinet.docx.*"))
    monkeypatch.undo()
    assert run(store.path, "report", "--pack", 1, "--format", "docx", "--out", out).returncode == 0
    title = read_back(out.read_bytes())["paragraphs"][0]
    assert title == "Strategic performance report: Q2 2020/21"


def test_a_pack_whose_report_cannot_be_kept_leaves_no_pack_row(frozen):
    # The pack's row and its report are one transaction: a failure writing the report (here
    # a model the table refuses, NOT NULL) takes the pack's row back with it.
    with pytest.raises(Exception, match="NOT NULL"):
        stored_packs.freeze(frozen, committee="Cabinet", as_at=month_index(2020, 9),
                            meeting=MEETING, frozen_by="Jo", title="t", cover="{}",
                            report=(None, 2), now=FROZEN + timedelta(hours=1))  # fmt: skip
    assert frozen.scalar("SELECT count(*) FROM packs") == 1
    assert frozen.scalar("SELECT count(*) FROM pack_reports") == 1


def test_two_freezes_at_once_with_different_summaries_keep_two_whole_packs(store, tmp_path):
    # Two analysts (or one, twice, in two terminals) freeze at the same moment with different
    # summaries: each process ends with its own pack, named, and the file of its own summary.
    with_report_data(store)
    freezes = []
    for name in ("first", "second"):
        summary, out = tmp_path / f"{name}.txt", tmp_path / f"{name}.html"
        summary.write_text(f"The {name} summary.", encoding="utf-8")
        command = [sys.executable, "-m", "pmf_core", "--db", store.path, "report", "--quarter",
                   "2020/21 Q2", "--freeze", "--meeting-date", "2020-12-04", "--summary",
                   summary, "--format", "html", "--out", out]  # fmt: skip
        freezes.append(
            subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        )
    said = [process.communicate(timeout=60) for process in freezes]
    assert [process.returncode for process in freezes] == [0, 0], said
    numbers = sorted(int(out.split(":")[0].removeprefix("pack ")) for out, _ in said)
    assert numbers == [1, 2]
    for name in ("first", "second"):
        assert f"<p>The {name} summary.</p>" in (tmp_path / f"{name}.html").read_text()
    kept = {n: report_packs.as_presented(store, n).summary for n in numbers}
    assert sorted(kept.values()) == [["The first summary."], ["The second summary."]]


def test_a_frozen_exception_says_what_the_appendix_of_its_month_says(store):
    # SAT, Red in Q2 2020/21, has two open plans typed with markup: A due 31 Oct 2020
    # (overdue on 1 Nov 2020, the freeze) and B due 31 Mar 2021. The pack, the Word and HTML
    # written from it, and the appendix as at September 2020 on the same day name the same
    # plans, status and date, the text as typed.
    with_report_data(store)
    for plan, due, state in (("<b>A</b>", date(2020, 10, 31), "on track"),
                             ("**B**", date(2021, 3, 31), "open")):  # fmt: skip
        add_action(store, "SAT", explanation="", action_plan=f"Plan {plan}", officer="Jo",
                   path_to_green=due, status=state, user="jo")  # fmt: skip
    made = report_packs.freeze(store, "2020/21 Q2", MEETING, "Jo", now=FROZEN)
    kept = report_packs.as_presented(store, made.pack_id).exceptions
    assert list(kept) == ["SAT"]
    status = status_as_at(store, month_index(2020, 9))
    rows = appendix.appendix_rows(status[status["rag"] == "Red"], store, FROZEN.date())
    assert rows[["indicator_id", "Action", "action_status", "Path to green"]].values.tolist() == [
        ["SAT", "1. Plan <b>A</b> (overdue)\n2. Plan **B** (open)", "open, overdue",
         date(2021, 3, 31)],
    ]  # fmt: skip
    assert (kept["SAT"].action, kept["SAT"].status) == (rows["Action"][0], "open, overdue")
    assert kept["SAT"].path_to_green.startswith("the action plan's date 31 Mar 2021")
    html = report_packs.pack_report(store, made.pack_id, "html").decode()
    assert "1. Plan &lt;b&gt;A&lt;/b&gt; (overdue)\n2. Plan **B** (open)</p>" in html
    paragraphs = read_back(report_packs.pack_report(store, made.pack_id, "docx"))["paragraphs"]
    start = paragraphs.index("Action plan")
    assert paragraphs[start + 1 : start + 3] == [
        "1. Plan <b>A</b> (overdue)",
        "2. Plan **B** (open)",
    ]
