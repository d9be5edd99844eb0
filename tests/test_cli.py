"""The command line as a scheduled job uses it: exit codes, stdout and stderr.

Most tests call the entry point's ``main`` in this process (what ``python -m pmf_core`` runs);
real processes check what only they can: the module entry point and the PMF_DB default, two loads
at once, and a pipe closed early.
"""

import contextlib
import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from test_changes import EXTRACT

from conftest import INDICATORS, ROOT, TARGETS
from pmf_core import cli
from processes import another_process_opens


def run(db, *args) -> subprocess.CompletedProcess:
    """``python -m pmf_core --db DB ARGS``: its exit code and what it wrote to each stream."""
    argv = ["--db", str(db), *map(str, args)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def cli_store_file(tmp_path_factory):
    """Indicators and targets loaded once through the CLI; tests copy the file."""
    db = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    load_files(db, {"indicators": INDICATORS, "targets": TARGETS})
    return db


def load_files(db, texts: dict[str, str]) -> None:
    """Write each kind's CSV beside the store and load it through the CLI."""
    for kind, text in texts.items():
        path = db.parent / f"{kind}.csv"
        path.write_text(text)
        loaded = run(db, "load", kind, str(path))
        assert loaded.returncode == 0, loaded.stderr


def copy_of(db_file, tmp_path):
    """A store made once per module, copied for one test to change."""
    db = tmp_path / db_file.name
    shutil.copy(db_file, db)
    return db


@pytest.fixture
def cli_store(cli_store_file, tmp_path):
    return copy_of(cli_store_file, tmp_path)


def test_seed_002_extract_through_the_cli(cli_store, tmp_path):
    extract = tmp_path / "oct.csv"
    extract.write_bytes(
        "\ufeffIndicator_ID , Period , Value, Commentary\r\n"
        'CIC,Sep-20,71.00,\r\nCIC,Oct-20,70.00,"Starting to see a reduction"\r\n'
        "FOST,Oct-20,206,\r\nFOST,Sep-20,206,\r\nHOMES,Sep-20,47,\r\nHOMES,Jun-20,52,\r\n"
        'CTX,Oct-20,"4,469",\r\nCTX,Oct-19,"4,110",\r\n'.encode("utf-8")
    )
    loaded = run(cli_store, "load", "observations", str(extract), "--user", "jo")
    assert loaded.returncode == 0, loaded.stderr
    assert "8 rows (8 new, 0 revised, 0 unchanged)" in loaded.stdout
    result = run(cli_store, "status", "--as-at", "2020-10")
    assert result.returncode == 0
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert list(rows["CIC"])[:12] == [
        "indicator_id",
        "name",
        "directorate",
        "service",
        "period",
        "value",
        "target",
        "rag",
        "rag_source",
        "dot",
        "variation",
        "assurance",
    ]
    got = {k: (r["period"], r["value"], r["target"], r["rag"], r["dot"]) for k, r in rows.items()}
    assert got == {
        "CIC": ("2020-10", "70.0", "60.0", "Red", "Improving"),
        "FOST": ("2020-10", "206.0", "215.0", "Amber", "Same"),
        "HOMES": ("2020/21 Q2", "47.0", "75.0", "Red", "Worsening"),
        "CTX": ("2020-10", "4469.0", "", "Not rated", "Not comparable"),  # no Sep-20 value
        "ENG": ("", "", "", "No data", "Not comparable"),
    }
    assert rows["CTX"]["dot_last_year"] == "Up"


def test_refused_file_exits_1_with_each_problem_on_stderr(cli_store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,period,value\nCIC,Septem 2020,70\nZZ,2020-10,1\n")
    result = run(cli_store, "load", "observations", str(bad))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == 'row 2, column period: "Septem 2020" is not a period; use 2020-09 or Sep-20'
    assert lines[1].startswith('row 3, column indicator_id: "ZZ" is not a known indicator')
    assert "nothing was written" in lines[-1]


def test_dry_run_and_json_and_filters(cli_store, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("indicator_id,period,value\nCIC,2020-10,70\nFOST,2020-10,230\n")
    dry = run(cli_store, "load", "observations", str(good), "--dry-run")
    assert dry.returncode == 0 and "nothing written" in dry.stdout
    assert (
        json.loads(
            run(
                cli_store, "status", "--as-at", "2020-10", "--format", "json", "--rag", "Red"
            ).stdout
        )
        == []
    )
    run(cli_store, "load", "observations", str(good))
    red = json.loads(
        run(
            cli_store,
            "status",
            "--as-at",
            "2020-10",
            "--format",
            "json",
            "--rag",
            "red,amber",
            "--committee",
            "People and Health",
        ).stdout
    )
    assert [(r["indicator_id"], r["rag"]) for r in red] == [("CIC", "Red")]


def test_batches_and_rollback(cli_store, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("indicator_id,period,value\nCIC,2020-10,70\n")
    run(cli_store, "load", "observations", str(good))
    listing = list(csv.DictReader(io.StringIO(run(cli_store, "batches").stdout)))
    assert [b["kind"] for b in listing] == ["observations", "targets", "indicators"]
    assert run(cli_store, "rollback", listing[0]["batch_id"]).returncode == 0
    again = run(cli_store, "rollback", listing[0]["batch_id"])
    assert again.returncode == 2 and "already rolled back" in again.stderr
    assert run(cli_store, "rollback", "999").returncode == 2


def test_a_command_leaves_the_store_free_for_the_app_when_it_ends(cli_store):
    assert run(cli_store, "batches").returncode == 0
    assert another_process_opens(cli_store, within=0)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-at", "October"),
        ("status", "--as-at", "2020-10", "--rag", "Purple"),
        ("load", "observations", "/no/such/file.csv"),
        ("spc", "--indicator", "NOPE"),
        ("frobnicate",),
    ],
)
def test_bad_usage_exits_2(cli_store, args):
    assert run(cli_store, *args).returncode == 2


def test_spc_rows(cli_store, tmp_path):
    # mean 92/7 = 13.143; moving ranges 1,2,1,2,2,20 average 4.667; 20 >= 3.267 * 4.667 is
    # screened out, leaving 1.6: limits 13.143 -/+ 4.256 = 8.887, 17.399; near-lower line
    # 13.143 - 2.837 = 10.306. 30 is beyond the upper limit; 10, 9, 10, 10 lie in the lower
    # near band, two of every three on the low side: concern (higher is better).
    values = [10, 11, 9, 10, 12, 10, 30]
    extract = tmp_path / "x.csv"
    extract.write_text(
        "indicator_id,period,value\n"
        + "".join(f"FOST,2020-{m:02d},{v}\n" for m, v in zip(range(4, 11), values))
    )
    assert run(cli_store, "load", "observations", str(extract)).returncode == 0
    result = run(cli_store, "spc", "--indicator", "FOST", "--as-at", "2020-10")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "period",
        "value",
        "mean",
        "lower_limit",
        "upper_limit",
        "special_cause",
        "point_type",
    ]
    assert round(float(rows[-1]["upper_limit"]), 3) == 17.399
    assert round(float(rows[-1]["lower_limit"]), 3) == 8.887
    concern, common = "special_cause_concern", "common_cause"
    assert [r["point_type"] for r in rows] == [
        concern,
        common,
        concern,
        concern,
        common,
        concern,
        "special_cause_improvement",
    ]


def test_db_defaults_to_pmf_db_env(tmp_path):
    env = dict(os.environ, PMF_DB=str(tmp_path / "env.duckdb"))
    result = subprocess.run(
        [sys.executable, "-m", "pmf_core", "init"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and (tmp_path / "env.duckdb").exists()


def changes_db(cli_store, tmp_path):
    """The CLI store with test_changes' extract loaded (its hand-worked answers apply)."""
    extract = tmp_path / "changes.csv"
    extract.write_text(EXTRACT)
    assert run(cli_store, "load", "observations", str(extract)).returncode == 0
    return cli_store


def test_changes_csv_month_on_month_by_default(cli_store, tmp_path):
    result = run(changes_db(cli_store, tmp_path), "changes", "--as-at", "2020-10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "indicator_id,name,from_period,from_rag,to_period,to_rag,change",
        "CTX,Households on the housing register,2020-09,Not rated,2020-10,No data,other",
        "CIC,Rates of children in care per 10000,2020-09,Green,2020-10,Red,worse",
        "FOST,Number of active foster carers,2020-09,Amber,2020-10,Green,better",
    ]


def test_changes_json_since_over_a_year_with_a_committee(cli_store, tmp_path):
    db = changes_db(cli_store, tmp_path)
    result = run(db, "changes", "--as-at", "2020-10", "--since", "2019-10", "--format", "json")
    got = [
        (
            r["indicator_id"],
            r["from_period"],
            r["from_rag"],
            r["to_period"],
            r["to_rag"],
            r["change"],
        )
        for r in json.loads(result.stdout)
    ]
    assert got == [
        ("ENG", None, "No data", "2019/20", "Green", "other"),
        ("HOMES", None, "No data", "2020/21 Q2", "Green", "other"),
        ("CIC", "2019-10", "Not rated", "2020-10", "Red", "other"),
        ("FOST", "2019-10", "Not rated", "2020-10", "Green", "other"),
    ]
    audit = run(
        db,
        "changes",
        "--as-at",
        "2021-04",
        "--since",
        "2020-10",
        "--committee",
        "Audit and Governance",
        "--format",
        "json",
    )
    assert json.loads(audit.stdout) == [
        {
            "indicator_id": "ENG",
            "name": "Employee engagement index",
            "from_period": "2019/20",
            "from_rag": "Green",
            "to_period": "2020/21",
            "to_rag": "Amber",
            "change": "worse",
        }
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--as-at", "2020-10", "--since", "2020-11"), "--since 2020-11 is after --as-at 2020-10"),
        (("--as-at", "2020-10", "--since", "last month"), "--since:"),
        (("--as-at", "2020-13"), "--as-at:"),
        (("--format", "xml"), "argument --format: invalid choice"),
    ],
)
def test_changes_bad_usage_exits_2(tmp_path, args, message):
    result = run(tmp_path / "empty.duckdb", "changes", *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_as_at_defaults_to_the_default_month(cli_store, tmp_path):
    # Sep and Oct 2020 for the three monthly measures, and one early row for Nov: as at Oct.
    extract = tmp_path / "early.csv"
    extract.write_text(
        "indicator_id,period,value\nCIC,2020-09,58\nCIC,2020-10,70\n"
        "FOST,2020-09,210\nFOST,2020-10,220\nCTX,2020-09,1\nCTX,2020-10,2\n"
        "CIC,2020-11,59\n"
    )
    assert run(cli_store, "load", "observations", str(extract)).returncode == 0
    status = {
        r["indicator_id"]: r for r in csv.DictReader(io.StringIO(run(cli_store, "status").stdout))
    }
    assert (status["CIC"]["period"], status["CIC"]["rag"]) == ("2020-10", "Red")
    assert status["FOST"]["late"] == "False"
    changes = run(cli_store, "changes", "--format", "json")
    assert [(r["indicator_id"], r["change"]) for r in json.loads(changes.stdout)] == [
        ("CIC", "worse"),
        ("FOST", "better"),
    ]
    helped = " ".join(run(cli_store, "status", "--help").stdout.split())
    assert "default: the latest in which at least half of the monthly" in helped


def kinds_loaded(db):
    return [
        b["kind"]
        for b in csv.DictReader(io.StringIO(run(db, "batches").stdout))
        if b["status"] == "active"
    ]


def test_the_same_file_again_says_already_loaded_exits_0_and_loads_nothing(cli_store, tmp_path):
    extract = tmp_path / "oct.csv"
    extract.write_text("indicator_id,period,value\nCIC,2020-10,70\n")
    first = run(cli_store, "load", "observations", str(extract), "--user", "jsmith")
    assert first.returncode == 0, first.stderr
    again = run(cli_store, "load", "observations", str(extract))
    assert (again.returncode, again.stderr) == (0, "")
    assert re.fullmatch(
        r"oct\.csv: already loaded as batch 3 \([1-9]\d? \w{3} \d{4} \d\d:\d\d, "
        r"jsmith\); nothing changed\n",
        again.stdout,
    )
    assert kinds_loaded(cli_store) == ["observations", "targets", "indicators"]


def test_two_identical_loads_at_once_make_one_batch(cli_store, tmp_path):
    extract = tmp_path / "oct.csv"
    extract.write_text("indicator_id,period,value\nCIC,2020-10,70\nFOST,2020-10,206\n")
    command = [
        sys.executable,
        "-m",
        "pmf_core",
        "--db",
        str(cli_store),
        "load",
        "observations",
        str(extract),
    ]
    loads = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [load.communicate(timeout=60) for load in loads]
    assert [load.returncode for load in loads] == [0, 0], outputs
    assert kinds_loaded(cli_store) == ["observations", "targets", "indicators"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_status_piped_into_head_ends_quietly(demo_store, fmt):
    """The demo's status is larger than a pipe holds, so head leaves while we still write."""
    status = (
        f"{shlex.quote(sys.executable)} -m pmf_core --db {shlex.quote(demo_store.path)} "
        f"status --as-at 2020-10 --format {fmt}"
    )
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {status} | head -1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("indicator_id,name," if fmt == "csv" else "[")


def test_an_unexpected_failure_is_one_plain_line_and_the_detail_is_logged(
    cli_store, capsys, monkeypatch
):
    from pmf_core import cli

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/pmf/secret/path.py went wrong")

    monkeypatch.setattr(cli, "status_as_at", broken)
    monkeypatch.delenv("PMF_DEBUG", raising=False)
    assert cli.main(["--db", str(cli_store), "status", "--as-at", "2020-10"]) == 2
    assert capsys.readouterr().err == (
        "error: the status command failed unexpectedly; the detail is in pmf.log beside the store\n"
    )
    logged = (cli_store.parent / "pmf.log").read_text()
    assert "Traceback" in logged and "/srv/pmf/secret/path.py went wrong" in logged


def test_a_file_that_is_not_a_store_is_refused_in_plain_words(tmp_path):
    db = tmp_path / "private" / "not-a-store.duckdb"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database" * 500)
    result = run(db, "batches")
    assert result.returncode == 2
    assert result.stderr == (
        "error: The file at the store's path is not a store of this program "
        "(it is another kind of file). Check the store path ($PMF_DB or "
        f"--db). ({db})\n"
    )
    assert db.read_bytes() == b"this is not a database" * 500


@pytest.fixture
def report_db(tmp_path):
    from test_report import INDICATORS as R_INDICATORS
    from test_report import OBSERVATIONS as R_OBSERVATIONS
    from test_report import TARGETS as R_TARGETS

    db = tmp_path / "report.duckdb"
    load_files(
        db, {"indicators": R_INDICATORS, "targets": R_TARGETS, "observations": R_OBSERVATIONS}
    )
    return db


def test_report_writes_word_and_html_with_the_given_summary(report_db, tmp_path):
    from docx import Document

    summary = tmp_path / "summary.txt"
    summary.write_text("\ufeffA steady quarter.\n\nTwo measures to watch.", encoding="utf-8")
    for fmt in ("docx", "html"):
        out = tmp_path / f"report.{fmt}"
        result = run(
            report_db,
            "report",
            "--quarter",
            "2020/21 Q2",
            "--summary",
            str(summary),
            "--format",
            fmt,
            "--out",
            str(out),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {out}: 2 strategic measures, Q2 2020/21\n"
    paragraphs = [p.text for p in Document(str(tmp_path / "report.docx")).paragraphs]
    assert paragraphs[paragraphs.index("Overall summary") + 1 :][:2] == [
        "A steady quarter.",
        "Two measures to watch.",
    ]
    assert "<p>Two measures to watch.</p>" in (tmp_path / "report.html").read_text()


def test_report_and_publish_refuse_bad_input_in_plain_words(report_db, tmp_path):
    bad = run(
        report_db,
        "report",
        "--quarter",
        "2020/21 Q5",
        "--format",
        "html",
        "--out",
        str(tmp_path / "r.html"),
    )
    assert bad.returncode == 2 and bad.stderr.startswith('error: --quarter: "2020/21 Q5" is not')
    missing = run(
        report_db,
        "report",
        "--quarter",
        "2020/21 Q2",
        "--summary",
        str(tmp_path / "none.txt"),
        "--format",
        "html",
        "--out",
        str(tmp_path / "r"),
    )
    assert missing.returncode == 2 and "--summary:" in missing.stderr
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    result = run(report_db, "publish", "--as-at", "2020-09", "--out", str(blocked / "site"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: --out: {blocked / 'site'} could not be written")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "index.html").symlink_to(blocked)
    result = run(report_db, "publish", "--as-at", "2020-09", "--out", str(linked))
    assert result.returncode == 2 and blocked.read_text() == ""
    assert result.stderr == (
        f"error: --out: {linked} holds 'index.html', which is a link or "
        "not a plain file: publish writes only plain files. Remove it.\n"
    )


@pytest.fixture
def annual_db(tmp_path):
    from test_annual_report import INDICATORS as A_INDICATORS
    from test_annual_report import OBSERVATIONS as A_OBSERVATIONS
    from test_annual_report import TARGETS as A_TARGETS

    db = tmp_path / "annual.duckdb"
    load_files(
        db, {"indicators": A_INDICATORS, "targets": A_TARGETS, "observations": A_OBSERVATIONS}
    )
    return db


def test_report_year_writes_the_annual_report_in_word_and_html(annual_db, tmp_path):
    from docx import Document

    summary = tmp_path / "summary.txt"
    summary.write_text("A good year.\n\nTwo measures to watch.", encoding="utf-8")
    for fmt in ("docx", "html"):
        out = tmp_path / f"annual.{fmt}"
        result = run(
            annual_db,
            "report",
            "--year",
            "2025/26",
            "--summary",
            summary,
            "--meeting",
            "Cabinet",
            "--format",
            fmt,
            "--out",
            out,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {out}: 4 strategic measures, 2025/26\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".annual")] == []
    document = Document(str(tmp_path / "annual.docx"))
    assert document.paragraphs[0].text == "Annual performance report: 2025/26"
    facts = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert facts["Meeting"] == "Cabinet"
    text = [p.text for p in document.paragraphs]
    after = text.index("Overall summary") + 1
    assert text[after : after + 2] == ["A good year.", "Two measures to watch."]
    assert "<title>Annual performance report: 2025/26</title>" in (
        tmp_path / "annual.html"
    ).read_text(encoding="utf-8")


def test_report_year_refuses_a_year_with_no_data_and_a_malformed_year(annual_db, tmp_path):
    out = tmp_path / "annual.html"
    empty = run(annual_db, "report", "--year", "2030/31", "--format", "html", "--out", out)
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr == (
        "error: --year: no strategic measure has a value for 2030/31 (April 2030 to March "
        "2031); nothing was written\n"
    )
    assert not out.exists()
    for year, words in (
        ("2025/27", '"2025/27" is not a financial year; use 2025/26'),
        ("2025", '"2025" is not a financial year; use 2025/26'),
        (
            "2025/26 Q2",
            '"2025/26 Q2" is a quarter, not a financial year; use 2025/26, or --quarter for '
            "the quarterly report",
        ),
    ):
        bad = run(annual_db, "report", "--year", year, "--format", "html", "--out", out)
        assert (bad.returncode, bad.stderr) == (2, f"error: --year: {words}\n")
    assert not out.exists()
    both = run(
        annual_db,
        "report",
        "--year",
        "2025/26",
        "--quarter",
        "2025/26 Q4",
        "--format",
        "html",
        "--out",
        out,
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_report_year_on_an_empty_store_says_there_is_nothing(tmp_path):
    db, out = tmp_path / "empty.duckdb", tmp_path / "annual.docx"
    assert run(db, "init").returncode == 0
    result = run(db, "report", "--year", "2025/26", "--format", "docx", "--out", out)
    assert (result.returncode, result.stderr) == (
        2,
        "error: --year: no measure has a value for 2025/26 (April 2025 to March 2026); "
        "nothing was written\n",
    )
    assert not out.exists()


def test_report_quarter_given_a_year_points_to_the_annual_report(annual_db, tmp_path):
    out = tmp_path / "q.html"
    result = run(annual_db, "report", "--quarter", "2025/26", "--format", "html", "--out", out)
    assert (result.returncode, result.stderr) == (
        2,
        'error: --quarter: "2025/26" is a financial year, not a quarter; use 2025/26 Q1 to '
        "2025/26 Q4, or --year 2025/26 for the annual report\n",
    )
    mixed = run(annual_db, "report", "--quarter", "2025/26 Q4", "--format", "html", "--out", out)
    assert mixed.returncode == 0, mixed.stderr  # annual, monthly and quarterly measures


def test_publish_writes_the_site(report_db, tmp_path):
    out = tmp_path / "site"
    result = run(report_db, "publish", "--as-at", "2020-09", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote 3 files to {out} (2 public measures)\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html",
        "measure-HOMES.html",
        "measure-SAT.html",
    ]


# Benchmarking. Residual waste, lower is better; Cornwall has no 2021/22 value and
# Somerset none in 2022/23; Hartlepool is in the region group only. The own area, Dorset, is
# not in the nearest-neighbour list.
BENCHMARKS = """\
metric_id,metric_name,area_code,area_name,period,value,unit,polarity,source
RES,Residual waste per household,E06000059,Dorset,2021/22,500,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000054,Wiltshire,2021/22,480,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000051,Shropshire,2021/22,520,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000052,Cornwall,2021/22,n/a,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000066,Somerset,2021/22,450,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000001,Hartlepool,2021/22,300,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000059,Dorset,2022-23,490,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000054,Wiltshire,2022-23,470,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000051,Shropshire,2022-23,495,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000052,Cornwall,2022-23,510,kg,lower_is_better,DEFRA
RES,Residual waste per household,E06000066,Somerset,2022-23,,kg,lower_is_better,DEFRA
"""
GROUPS = """\
group,area_code,area_name
Nearest neighbours,E06000054,Wiltshire
Nearest neighbours,E06000051,Shropshire
Nearest neighbours,E06000052,Cornwall
Nearest neighbours,E06000066,Somerset
Region,E06000059,Dorset
Region,E06000054,Wiltshire
Region,E06000001,Hartlepool
"""


@pytest.fixture(scope="module")
def bench_db_file(tmp_path_factory):
    """The own area, the benchmarks and the groups loaded once through the CLI; tests copy it."""
    folder = tmp_path_factory.mktemp("bench-cli")
    db = folder / "bench.duckdb"
    assert run(db, "init", "--area-code", "E06000059", "--area-name", "Dorset").returncode == 0
    load_files(db, {"benchmarks": BENCHMARKS, "groups": GROUPS})
    return db


@pytest.fixture
def bench_db(bench_db_file, tmp_path):
    return copy_of(bench_db_file, tmp_path)


def benchmark_rows(db, *args):
    result = run(db, "benchmark", *args)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_benchmark_against_a_group_without_the_own_area_and_with_gaps(bench_db):
    rows = benchmark_rows(bench_db, "--metric", "RES", "--group", "Nearest neighbours")
    assert list(rows[0]) == [
        "metric_id",
        "period",
        "group",
        "value",
        "rank",
        "areas",
        "quartile",
        "group_median",
        "group_lower_quartile",
        "group_upper_quartile",
    ]
    got = [
        (
            r["period"],
            r["value"],
            r["rank"],
            r["areas"],
            r["quartile"],
            r["group_median"],
            r["group_lower_quartile"],
            r["group_upper_quartile"],
        )
        for r in rows
    ]
    # 2021/22: comparators 480, 520, 450 (Cornwall has none); 480 and 450 are lower than 500:
    # rank 3 of 4, ceil(12/4) = 3; sorted 450, 480, 520: median 480, quartiles 465 and 500.
    # 2022/23: comparators 470, 495, 510 (Somerset has none); 470 is lower than 490: rank 2 of
    # 4, quartile 2; median 495, quartiles 482.5 and 502.5.
    assert got == [
        ("2021/22", "500.0", "3", "4", "3", "480.0", "465.0", "500.0"),
        ("2022/23", "490.0", "2", "4", "2", "495.0", "482.5", "502.5"),
    ]
    assert {r["group"] for r in rows} == {"Nearest neighbours"}


def test_benchmark_defaults_to_the_smallest_group(bench_db):
    rows = benchmark_rows(bench_db, "--metric", "RES", "--format", "csv")
    # Region (3 members, against 4): Wiltshire and Hartlepool besides Dorset. 2021/22: both
    # lower than 500, rank 3 of 3, quartile 4;
    # median of 300 and 480 is 390. 2022/23: only Wiltshire (470): rank 2 of 2, quartile 4.
    got = [
        (r["group"], r["period"], r["rank"], r["areas"], r["quartile"], r["group_median"])
        for r in rows
    ]
    assert got == [
        ("Region", "2021/22", "3", "3", "4", "390.0"),
        ("Region", "2022/23", "2", "2", "4", "470.0"),
    ]


def test_benchmark_of_a_linked_indicator_as_json(bench_db, tmp_path):
    path = tmp_path / "linked.csv"
    path.write_text(
        "indicator_id,name,directorate,service,unit,frequency,polarity,"
        "benchmark_metric\nWST,Residual waste (kg),Place,Waste,kg,annual,"
        "lower_is_better,RES\n"
    )
    assert run(bench_db, "load", "indicators", str(path)).returncode == 0
    result = run(
        bench_db, "benchmark", "--indicator", "WST", "--group", "All areas", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    latest = json.loads(result.stdout)[-1]
    # All areas in 2022/23: 470, 495, 510 besides 490: rank 2 of 4.
    assert (latest["period"], latest["rank"], latest["areas"], latest["quartile"]) == (
        "2022/23",
        2,
        4,
        2,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (("--metric", "NOPE"), '"NOPE" is not a loaded metric'),
        (("--metric", "RES", "--group", "Nowhere"), '"Nowhere" is not a group'),
        (("--indicator", "NOPE"), '"NOPE" is not a known indicator'),
        ((), "one of the arguments --metric --indicator is required"),
    ],
)
def test_benchmark_bad_usage_exits_2(bench_db, args, message):
    result = run(bench_db, "benchmark", *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_benchmark_without_an_own_area_says_how_to_set_it(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(BENCHMARKS)
    db = tmp_path / "no-area.duckdb"
    assert run(db, "load", "benchmarks", str(path)).returncode == 0
    result = run(db, "benchmark", "--metric", "RES")
    assert result.returncode == 2 and "own area is not set" in result.stderr
    assert run(db, "area", "--code", "E06000059", "--name", "Dorset").returncode == 0
    assert len(benchmark_rows(db, "--metric", "RES")) == 2
    bad = run(db, "area", "--code", "Dorset", "--name", "Dorset")
    assert bad.returncode == 2 and '"Dorset" is not an area code' in bad.stderr


def test_refused_benchmarks_and_groups_name_row_and_column(tmp_path):
    db = tmp_path / "refused.duckdb"
    bad = tmp_path / "bad-benchmarks.csv"
    bad.write_text(
        "metric_id,metric_name,area_code,area_name,period,value,polarity\n"
        "RES,Residual waste,E06000059,Dorset,2021/22,500,lower_is_better\n"
        "RES,Residual waste,E06000054,Wiltshire,2021,480,lower_is_better\n"
        "RES,Residual waste,,Shropshire,2021/22,520,lower_is_better\n"
        "RES,Residual waste,E06000052,Cornwall,2021/22,lots,lower_is_better\n"
        "RES,Residual waste,E06000059,Dorset,2021/22,501,lower_is_better\n"
        "RES,Residual waste,E06000066,Somerset,2021/22,450,better\n"
    )
    result = run(db, "load", "benchmarks", str(bad))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:5] == [
        'row 3, column period: "2021" is not a period; use 2020/21',
        "row 4, column area_code: is empty; it is required",
        'row 5, column value: "lots" is not a number',
        "row 6, column period: this metric, area and period appear again (first at row 2)",
        'row 7, column polarity: "better" is not one of higher_is_better, lower_is_better, none',
    ]
    groups = tmp_path / "bad-groups.csv"
    groups.write_text("group,area_code\nRegion,E06000059\nRegion,E06000059\n,E06000054\n")
    result = run(db, "load", "groups", str(groups))
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "row 3, column area_code: this area appears again in this group (first at row 2)",
        "row 4, column group: is empty; it is required",
    ]
    missing = tmp_path / "no-area-code.csv"
    missing.write_text("group,area_name\nRegion,Dorset\n")
    result = run(db, "load", "groups", str(missing))
    assert result.returncode == 1
    assert "row 1, column area_code: this required column is missing" in result.stderr
    assert run(db, "batches").stdout.count("\n") == 1  # the header: nothing was loaded


DEFAULT_DAYS = "entry_due_day: 10\ncheck_days: 5\n"


def test_init_and_settings_keep_the_order_of_perspectives(tmp_path):
    db = tmp_path / "persp.duckdb"
    made = run(db, "init", "--perspectives", "Customer;Financial;Internal Process")
    assert made.returncode == 0, made.stderr
    assert "perspectives, in order: Customer; Financial; Internal Process" in made.stdout
    shown = run(db, "settings")
    assert shown.stdout == (
        "perspectives, in order: Customer; Financial; Internal Process\n" + DEFAULT_DAYS
    )
    indicators = tmp_path / "i.csv"
    indicators.write_text(
        "indicator_id,name,directorate,service,unit,frequency,polarity,perspective\n"
        "A,a,D,S,No.,monthly,higher_is_better,Learning and Growth\n"
        "B,b,D,S,No.,monthly,higher_is_better,customer\n"
    )
    assert run(db, "load", "indicators", str(indicators)).returncode == 0
    assert run(db, "settings").stdout.splitlines()[1] == (
        "used by indicators but not in the order (shown after it, A to Z): Learning and Growth"
    )
    changed = run(db, "settings", "--perspectives", "Learning and Growth; Customer")
    assert changed.returncode == 0
    assert run(db, "settings").stdout == (
        "perspectives, in order: Learning and Growth; Customer\n" + DEFAULT_DAYS
    )
    refused = run(db, "settings", "--perspectives", " ; ")
    assert refused.returncode == 2 and "--perspectives: give at least one" in refused.stderr
    assert "Learning and Growth; Customer" in run(db, "settings").stdout  # unchanged


def test_settings_of_a_new_store_say_there_is_no_order(tmp_path):
    shown = run(tmp_path / "new.duckdb", "settings")
    assert shown.returncode == 0
    assert shown.stdout == (
        "perspectives: no order set (the scorecard shows them A to Z)\n" + DEFAULT_DAYS
    )


def test_settings_keep_the_entry_due_day_and_check_days_checked(tmp_path):
    db = tmp_path / "days.duckdb"
    changed = run(db, "settings", "--entry-due-day", "15", "--check-days", "3")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout == "entry_due_day: 15\ncheck_days: 3\n"
    for option, text, words in (
        ("--entry-due-day", "31", 'entry_due_day: "31" is not a whole number from 1 to 28'),
        ("--check-days", "-2", 'check_days: "-2" is not a whole number from 0 to 60'),
        ("--check-days", "2.5", 'check_days: "2.5" is not a whole number from 0 to 60'),
    ):
        refused = run(db, "settings", "--entry-due-day", "12", option, text)
        assert refused.returncode == 2 and words in refused.stderr
    shown = run(db, "settings").stdout
    assert shown.endswith("entry_due_day: 15\ncheck_days: 3\n")  # neither was changed


WEEKLY_AND_LAGGED = """\
indicator_id,name,directorate,service,unit,frequency,polarity,kind,lag_months,dot_threshold,perspective
CALLS,Calls answered in 60s,Corp,Contact,%,weekly,higher_is_better,kpi,,0.5,Customer
CO2,Per capita CO2,Place,Env,tonnes,annual,lower_is_better,kpi,18,,Learning and Growth
SAT,Residents satisfied,Place,Env,%,six monthly,higher_is_better,place,,,State of the District
"""


def status_rows(db, *args) -> list[dict]:
    result = run(db, "status", *args)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_weeks_halves_a_lag_and_a_threshold_through_the_cli(tmp_path):
    db = tmp_path / "kinds.duckdb"
    observations = (
        "indicator_id,period,value\n"
        # w/e 25 Oct 2020 (2020-W43), then w/e 1 Nov 2020, written as a day in the week.
        "CALLS,2020-W43,77.3\nCALLS,27/10/2020,77.8\n"
        "CO2,2018/19,5.2\nCO2,2019/20,4.9\n"
        "SAT,Sep-20,80.5\nSAT,H2 2019/20,79.0\n"
    )
    load_files(
        db,
        {
            "indicators": WEEKLY_AND_LAGGED,
            "targets": "indicator_id,financial_year,target\nCALLS,2020/21,78\nSAT,2020/21,85\n"
            "CO2,2019/20,5.0\n",
            "observations": observations,
        },
    )
    rows = {r["indicator_id"]: r for r in status_rows(db, "--as-at", "2020-11")}
    # 77.8 against 77.3: a change of 0.5, no more than the threshold: Same. Amber: 0.2 short.
    assert (rows["CALLS"]["period"], rows["CALLS"]["dot"], rows["CALLS"]["rag"]) == (
        "2020-W44",
        "Same",
        "Amber",
    )
    assert rows["CALLS"]["late"] == "False"
    # 2019/20 ended Mar 2020: 8 months before Nov 2020, and allowed 12 + 18.
    assert (rows["CO2"]["rag"], rows["CO2"]["dot"], rows["CO2"]["late"]) == (
        "Green",
        "Improving",
        "False",
    )
    assert (rows["SAT"]["period"], rows["SAT"]["rag"], rows["SAT"]["target"]) == (
        "2020/21 H1",
        "Not rated",
        "",
    )
    # Dec 2022 is 33 months after Mar 2020: 3 past 12 + 18.
    late = {r["indicator_id"]: r for r in status_rows(db, "--as-at", "2022-12")}
    assert (late["CO2"]["late"], late["CO2"]["months_late"]) == ("True", "3")
    assert (late["SAT"]["late"], late["SAT"]["months_late"]) == ("True", "21")


def test_spc_of_a_year_to_date_measure_says_it_does_not_apply(cli_store, tmp_path):
    definition = tmp_path / "ytd.csv"
    definition.write_text(
        "indicator_id,name,directorate,service,unit,frequency,polarity,accumulation\n"
        "CT,Council tax collected,Corp,Revenues,%,monthly,higher_is_better,year_to_date\n"
    )
    assert run(cli_store, "load", "indicators", str(definition)).returncode == 0
    result = run(cli_store, "spc", "--indicator", "CT", "--as-at", "2020-10")
    assert result.returncode == 2
    assert "CT is a year-to-date measure: SPC does not apply to cumulative figures" in (
        result.stderr
    )
