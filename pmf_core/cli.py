"""The command line: scheduled loads, acceptance checks and quick answers.

Exit status: 0 success (a file already loaded included), 1 a file refused by validation (each
problem a line on stderr), 2 bad usage (unknown indicator or batch, malformed month), a store that
cannot be used (busy, read-only, damaged, not a store, full disk: named as such) or an
unexpected failure, 3 a reminder that could not be sent (named on stderr; the next run sends it).
A failure never shows a traceback: one plain line on stderr, and the detail in ``pmf.log``
beside the store (or on stderr when $PMF_DEBUG is set). Output piped into a program that stops
reading (``| head``) ends quietly, with status 0.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import re
import sys
import tempfile
import tomllib
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import pandas as pd

from pmf_core.analysis import comparators as analysis_comparators
from pmf_core.analysis import history
from pmf_core.analysis.changes import CHANGE_COLUMNS, changes_between
from pmf_core.analysis.months import default_month
from pmf_core.analysis.status import status_as_at
from pmf_core.demo import council
from pmf_core.ingest import KINDS_OF_FILE, LoadReport, load_path, return_lists
from pmf_core.ingest import reminders as reminder_lists
from pmf_core.outputs import (
    annual_report,
    appendix_file,
    packs,
    reminder_mail,
    report,
    report_file,
    report_packs,
    site,
)
from pmf_core.rules.accounts import hash_password
from pmf_core.rules.cover import CoverDetails, CoverError
from pmf_core.rules.cover import details as cover_details
from pmf_core.rules.cumulative import NOT_APPLICABLE, YEAR_TO_DATE
from pmf_core.rules.periods import PeriodError, current_month, month_key, parse_month
from pmf_core.rules.rag import STATUSES
from pmf_core.store import Store, StoreError, StoreFileError, default_path, reads
from pmf_core.store import comparators as store_comparators
from pmf_core.store import reminders as sent_reminders
from pmf_core.store import settings as store_settings
from pmf_core.store.writes import rollback_batch

OK, REFUSED, USAGE, NOT_SENT = 0, 1, 2, 3
DEFAULT_MONTH_HELP = (
    "the month (default: the latest in which at least half of the monthly "
    "indicators with any data have a return)"
)
PERSPECTIVES_HELP = (
    "the scorecard's perspectives in the council's order, \";\" between them, e.g. "
    '"Customer;Financial;Internal Process;Learning and Growth"'
)
# A report's summary is a few paragraphs: a file longer than some 8,000 words is the wrong file.
SUMMARY_LONGEST = 50_000
SUMMARY_TOO_LONG = f"a summary is at most {SUMMARY_LONGEST:,} characters"
AREA_CODE = re.compile(r"[A-Z][0-9]{8}")  # an ONS GSS code, e.g. E06000059
LOG_NAME = "pmf.log"  # beside the store: where the detail of an unexpected failure goes
NOT_LOGGED = "the detail could not be written to the log"
# Commands that take their own turns at the store: a load holds it to read what the check needs
# and to write, not while it checks the rows; hash-password never opens it; remind
# holds it to read and to record each mail sent, not while it talks to the mail server.
OWN_TURNS = {"load", "hash-password", "remind"}
log = logging.getLogger("pmf_core.cli")
log.propagate = False


class UsageError(Exception):
    """Bad arguments found after parsing: reported on stderr with exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but bad arguments are one plain line on stderr (exit 2), as every other
    refusal is, instead of the whole usage before it; its subcommands' parsers are the same."""

    def error(self, message: str) -> NoReturn:
        """One line: what is wrong, and where the usage is."""
        self.exit(USAGE, f"error: {message} (see {self.prog} --help)\n")


def _pack_id(text: str) -> int:
    """A pack's number after --pack (argparse's type): digits only, as `packs` lists them."""
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise argparse.ArgumentTypeError(f'"{text[:40]}" is not a pack number; packs lists them')
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m pmf_core", description="Performance management framework store."
    )
    parser.add_argument(
        "--db", default=None, help="store path (default $PMF_DB, else data/pmf.duckdb)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="create the store")
    init.add_argument("--sample", action="store_true", help="load the demo council")
    init.add_argument("--area-code", help="the council's own area: its ONS GSS code")
    init.add_argument("--area-name", help="the council's own area: its name")
    init.add_argument("--perspectives", help=PERSPECTIVES_HELP)
    setting = commands.add_parser("settings", help="show or change the council's settings")
    setting.add_argument("--perspectives", help=PERSPECTIVES_HELP)
    setting.add_argument(
        "--entry-due-day",
        help="the day of the month after a period when its return is due (1 to 28; default 10)",
    )
    setting.add_argument(
        "--check-days",
        help="days after the due day by which a return is signed off (0 to 60; default 5)",
    )
    area = commands.add_parser("area", help="show or set the council's own area")
    area.add_argument("--code", help="ONS GSS code, e.g. E06000059")
    area.add_argument("--name")
    bench = commands.add_parser("benchmark", help="the council against a comparator group")
    which = bench.add_mutually_exclusive_group(required=True)
    which.add_argument("--metric", help="a metric id from a benchmarks file")
    which.add_argument("--indicator", help="an indicator linked by its benchmark_metric")
    bench.add_argument("--group", help="a group name (default: the smallest group, else All areas)")
    bench.add_argument("--format", choices=("csv", "json"), default="csv")
    load = commands.add_parser("load", help="validate and load one file")
    load.add_argument("kind", choices=KINDS_OF_FILE)
    load.add_argument("file")
    load.add_argument("--user", default=None, help="who is loading (default: login name)")
    load.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    status = commands.add_parser("status", help="one row per indicator as at a month")
    status.add_argument("--as-at", metavar="YYYY-MM", help=DEFAULT_MONTH_HELP)
    status.add_argument("--committee")
    status.add_argument("--directorate")
    status.add_argument("--service")
    status.add_argument("--rag", help="comma-separated statuses, e.g. Red,Amber")
    status.add_argument("--format", choices=("csv", "json"), default="csv")
    commands.add_parser("batches", help="list loads")
    rollback = commands.add_parser("rollback", help="undo one load")
    rollback.add_argument("batch_id", type=int)
    rollback.add_argument("--user", default=None)
    spc = commands.add_parser("spc", help="SPC points for one indicator")
    spc.add_argument("--indicator", required=True)
    spc.add_argument("--as-at", metavar="YYYY-MM")
    spc.add_argument("--format", choices=("csv", "json"), default="csv")
    appendix = commands.add_parser("appendix", help="the committee appendix of exceptions")
    appendix.add_argument("--as-at", metavar="YYYY-MM", help="the month (not with --pack)")
    appendix.add_argument(
        "--pack", type=_pack_id, metavar="ID", help="a frozen pack's appendix, as presented"
    )
    appendix.add_argument("--committee")
    appendix.add_argument("--directorate")
    appendix.add_argument(
        "--rag", default="Red,Amber,Blue", help="statuses to include (default Red,Amber,Blue)"
    )
    appendix.add_argument("--format", choices=("xlsx", "docx", "csv"), required=True)
    appendix.add_argument("--out", required=True, help="the file to write")
    add_cover_options(appendix)
    hashing = commands.add_parser(
        "hash-password", help="hash an account's password for .streamlit/secrets.toml"
    )
    hashing.add_argument("--password", help="(default: asked for without echo)")
    changes = commands.add_parser("changes", help="indicators whose RAG changed between months")
    changes.add_argument("--as-at", metavar="YYYY-MM", help=DEFAULT_MONTH_HELP)
    changes.add_argument(
        "--since", metavar="YYYY-MM", help="the earlier month (default: the month before --as-at)"
    )
    changes.add_argument("--committee")
    changes.add_argument("--format", choices=("csv", "json"), default="csv")
    add_report_commands(commands)
    add_pack_commands(commands)
    return parser


def add_pack_commands(commands) -> None:
    """`pack` (freeze a committee's exceptions for a meeting) and `packs` (list them)."""
    pack = commands.add_parser("pack", help="freeze a committee's exceptions for a meeting")
    pack.add_argument("--committee", required=True)
    pack.add_argument("--as-at", required=True, metavar="YYYY-MM")
    pack.add_argument("--meeting", required=True, metavar="YYYY-MM-DD", help="the meeting's date")
    pack.add_argument("--user", default=None, help="who freezes it (default: login name)")
    listing = commands.add_parser("packs", help="list the frozen packs")
    listing.add_argument("--committee")
    returned = commands.add_parser("returns", help="list the returns officers have entered")
    returned.add_argument("--period", help="a period, e.g. 2026-10 (any form a file may use)")
    returned.add_argument("--state", help="draft, submitted, returned or approved")
    returned.add_argument("--person", help="who took a step, or a name the measure names")
    returned.add_argument("--format", choices=("csv", "json"), default="csv")
    remind = commands.add_parser("remind", help="e-mail each person their returns due or waiting")
    remind.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the day to remind as at (default today)"
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="print who would get what; send nothing"
    )
    remind.add_argument(
        "--secrets",
        default=".streamlit/secrets.toml",
        help="the app's secrets: accounts, [smtp] and [app] url (default .streamlit/secrets.toml)",
    )


def add_report_commands(commands) -> None:
    """`report` (the quarterly report) and `publish` (the public site)."""
    report = commands.add_parser("report", help="the quarterly or annual performance report")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--quarter", metavar='"2020/21 Q2"', help="the quarterly report")
    which.add_argument("--year", metavar="2025/26", help="the annual report for a financial year")
    which.add_argument(
        "--pack", type=_pack_id, metavar="ID", help="a frozen quarterly report, as presented"
    )
    report.add_argument(
        "--summary",
        metavar="FILE",
        help="the overall summary, as plain text (default: counts and changes)",
    )
    report.add_argument(
        "--freeze",
        action="store_true",
        help="keep the quarterly report as presented at the meeting of --meeting-date, then "
        "write it from the pack",
    )
    report.add_argument("--user", default=None, help="who freezes it (default: login name)")
    report.add_argument("--format", choices=("docx", "html"), required=True)
    report.add_argument("--out", required=True, help="the file to write")
    add_cover_options(report)
    publish = commands.add_parser("publish", help="the public site for residents")
    publish.add_argument("--as-at", required=True, metavar="YYYY-MM")
    publish.add_argument("--out", required=True, metavar="DIR", help="the folder to write")


def add_cover_options(command: argparse.ArgumentParser) -> None:
    """What a Word cover names when given (each says "not given" otherwise)."""
    group = command.add_argument_group("the cover (Word and HTML)")
    group.add_argument(
        "--meeting",
        help='the meeting, e.g. "People and Health Scrutiny Committee" (default: the committee)',
    )
    group.add_argument(
        "--meeting-date",
        metavar="YYYY-MM-DD",
        help="the meeting's date: the time lag is counted to it (default: today)",
    )
    group.add_argument(
        "--author", help='who the report is of, e.g. "Jo Bloggs, Head of Performance"'
    )
    group.add_argument("--portfolio-holder", help='the portfolio holder, e.g. "Cllr A Smith"')
    group.add_argument(
        "--recommendation", help="the recommendation (default: to note the measures reported)"
    )


def _cover_details(args) -> CoverDetails:
    try:
        return cover_details(
            args.meeting, args.meeting_date, args.author, args.portfolio_holder, args.recommendation
        )
    except CoverError as exc:
        raise UsageError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    store = Store(args.db or default_path())
    try:
        status = _run(store, args)
        sys.stdout.flush()
        return status
    except StoreFileError as exc:  # busy, read-only, damaged, not a store, full, replaced
        where = f" ({exc.where})" if exc.where else ""
        print(f"error: {exc}{where}", file=sys.stderr)
        return USAGE
    except (UsageError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception:  # anything else: plain words here, the traceback in the log
        where = _log_failure(store, args.command)
        wrote = ", and wrote nothing" if args.command in ("load", "rollback") else ""
        print(
            f"error: the {args.command} command failed unexpectedly{wrote}; {where}",
            file=sys.stderr,
        )
        return USAGE


def _run(store: Store, args) -> int:
    """A command is one unit of work on the store, but for those that take their own turns."""
    command = COMMANDS[args.command]
    if args.command in OWN_TURNS:
        return command(store, args)
    with store.unit_of_work():
        return command(store, args)


def _reader_gone() -> int:
    """The program reading our output stopped (``| head``): not a failure of ours.

    Point stdout at devnull so the interpreter's last flush does not complain (Python docs,
    "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return OK


class _LogFile(logging.FileHandler):
    """The log beside the store: when it cannot be written (a full disk), that is noted, not
    printed as a traceback of its own."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


def _log_failure(store: Store, command: str) -> str:
    """Log the current exception with its traceback; say in plain words where it went."""
    handler: logging.Handler
    if os.environ.get("PMF_DEBUG"):
        handler, where = logging.StreamHandler(sys.stderr), "the detail is above"
    else:
        try:
            handler = _LogFile(Path(store.path).resolve().parent / LOG_NAME, encoding="utf-8")
        except OSError:
            return NOT_LOGGED
        where = f"the detail is in {LOG_NAME} beside the store"
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    try:
        log.exception("python -m pmf_core %s failed", command)
    finally:
        log.removeHandler(handler)
        with suppress(OSError):
            handler.close()
    return NOT_LOGGED if getattr(handler, "failed", False) else where


def _init(store: Store, args) -> int:
    if bool(args.area_code) != bool(args.area_name):
        raise UsageError("give both --area-code and --area-name")
    store.create()
    if args.sample:
        for report in council.load_sample(store):
            if not report.ok:
                return _refused(report)
            if report.batch is None:  # already loaded: nothing written
                print(f"{report.kind}: {report.already_loaded}")
                continue
            print(
                f"loaded {report.kind}: {report.batch.rows_total} rows "
                f"(batch {report.batch.batch_id})"
            )
    if args.area_code:  # after the demo's, so that the area asked for wins
        _set_area(store, args.area_code, args.area_name)
    if args.perspectives is not None:
        _set_perspectives(store, args.perspectives)
    print(f"store ready at {store.path}")
    return OK


def _load(store: Store, args) -> int:
    if not Path(args.file).is_file():
        raise UsageError(f"no such file: {args.file}")
    store.create()
    report = load_path(store, args.kind, args.file, args.user or _login(), args.dry_run)
    return _after_load(report, args.dry_run)


def _after_load(report: LoadReport, dry_run: bool) -> int:
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not report.ok:
        return _refused(report)
    b = report.batch
    if report.already_loaded:
        print(f"{report.file_name}: {report.already_loaded}")
    elif dry_run or b is None:
        print(f"{report.file_name}: {report.row_count} rows valid; nothing written (dry run)")
    else:
        print(
            f"{report.file_name}: batch {b.batch_id} loaded {b.rows_total} rows "
            f"({b.rows_new} new, {b.rows_revised} revised, {b.rows_unchanged} unchanged)"
        )
    return OK


def _refused(report) -> int:
    for problem in report.problems:
        print(str(problem), file=sys.stderr)
    print(
        f"{report.file_name}: refused, {len(report.problems)} problem(s); nothing was written",
        file=sys.stderr,
    )
    return REFUSED


def _status(store: Store, args) -> int:
    rags = _statuses(args.rag)
    as_at = _as_at(store, args.as_at)
    frame = status_as_at(
        store,
        as_at,
        directorate=args.directorate,
        service=args.service,
        committee=args.committee,
        rags=rags,
        with_spc=True,
    )
    frame["committees"] = frame["committees"].map(lambda c: ";".join(c) if c is not None else "")
    _write(frame.drop(columns=["end_index"]), args.format)
    return OK


def _batches(store: Store, args) -> int:
    store.create()
    _write(reads.batches(store), "csv")
    return OK


def _rollback(store: Store, args) -> int:
    store.create()
    print(rollback_batch(store, args.batch_id, args.user or _login()).summary)
    return OK


def _spc(store: Store, args) -> int:
    as_at = _month(args.as_at) if args.as_at else current_month()
    store.create()
    table = history.spc_for(store, args.indicator, as_at)
    if table is None:
        raise UsageError(f'"{args.indicator}" is not a known indicator')
    if (history.indicator(store, args.indicator) or {}).get("accumulation") == YEAR_TO_DATE:
        raise UsageError(f"{args.indicator} is a year-to-date measure: {NOT_APPLICABLE}")
    columns = [
        "period",
        "value",
        "mean",
        "lower_limit",
        "upper_limit",
        "special_cause",
        "point_type",
    ]
    _write(table[columns], args.format)
    return OK


def _month(text: str, option: str = "--as-at") -> int:
    try:
        return parse_month(text)
    except PeriodError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _write(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        json.dump(
            json.loads(frame.to_json(orient="records", date_format="iso", double_precision=15)),
            sys.stdout,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _appendix(store: Store, args) -> int:
    if args.pack is not None:
        return _pack_appendix(store, args)
    if args.as_at is None:
        raise UsageError("appendix needs --as-at YYYY-MM, or --pack ID")
    as_at = _month(args.as_at)
    rags = _statuses(args.rag)
    given = _cover_details(args)
    store.create()
    data = appendix_file.appendix(
        store, as_at, args.committee, args.format, date.today(), rags, args.directorate, given
    )
    _write_out(store, args.out, data)
    print(f"wrote {args.out}")
    return OK


def _pack_appendix(store: Store, args) -> int:
    """A pack's appendix as frozen: its selection and cover are the pack's own."""
    own = (
        ("--as-at", args.as_at),
        ("--committee", args.committee),
        ("--directorate", args.directorate),
    )
    given = [name for name, value in own if value is not None]
    if given or args.rag != "Red,Amber,Blue" or _cover_details(args) != CoverDetails():
        raise UsageError(
            "--pack takes the pack's own selection and cover: give only --format and --out"
        )
    return _write_pack(store, args, packs.pack_appendix, "report")


def _pack(store: Store, args) -> int:
    as_at = _month(args.as_at)
    try:
        meeting = cover_details(meeting_date=args.meeting).meeting_date
    except CoverError as exc:
        raise UsageError(f"--meeting: {exc}") from None
    if meeting is None:
        raise UsageError("--meeting: give the meeting's date as YYYY-MM-DD")
    store.create()
    try:
        made = packs.freeze(store, args.committee, as_at, meeting, args.user or _login())
    except packs.PackError as exc:
        raise UsageError(str(exc)) from None
    found = packs.header(store, made.pack_id)
    print(
        f"pack {made.pack_id}: {found['rows_total']} exceptions of {found['committee']} as at "
        f"{month_key(as_at)} for the meeting on {meeting.isoformat()}"
    )
    return OK


def _packs(store: Store, args) -> int:
    store.create()
    committee = args.committee
    if committee is not None:
        try:
            committee = packs.committee_named(store, committee)
        except packs.PackError as exc:
            raise UsageError(str(exc)) from None
    _write(packs.listing(store, committee), "csv")
    return OK


def _returns(store: Store, args) -> int:
    """The returns entered, filtered by period, state and person."""
    store.create()
    try:
        found = return_lists.listing(store, args.period, args.state, args.person)
    except return_lists.ListingError as exc:
        raise UsageError(str(exc)) from None
    _write(found, args.format)
    return OK


def _remind(store: Store, args) -> int:
    """E-mail each person named on a measure what they have due, overdue or to sign off."""
    today = _day(args.today, "--today")
    secrets = _secrets(args.secrets, required=not args.dry_run)
    settings = None if args.dry_run else _smtp(secrets)
    with store.unit_of_work():
        store.create()
        found, unreached = reminder_lists.reminders(store, secrets, today)
        done = sent_reminders.reminded_on(store, today)
    for name, lost in unreached:
        print(
            f'warning: "{name}" has {reminder_mail.listed(lost)} but no e-mail address: give '
            "their account an email, or name an address on the measure",
            file=sys.stderr,
        )
    for reminder in found:
        if reminder.recipient.address.casefold() in done:
            print(f"{reminder.recipient.address}: already reminded on {today.isoformat()}")
    pending = [r for r in found if r.recipient.address.casefold() not in done]
    if settings is None:
        for reminder in pending:
            print(f"would send to {reminder.recipient.address}: {reminder_mail.listed(reminder)}")
        return OK
    return _send_reminders(store, pending, settings, _app_url(secrets), today)


def _send_reminders(
    store: Store,
    pending: list[reminder_lists.Reminder],
    settings: reminder_mail.SmtpSettings,
    url: str,
    today: date,
) -> int:
    """Send each reminder, recording each as the server takes it; NOT_SENT when any failed."""
    if not pending:
        print(f"no reminders to send for {today.isoformat()}")
        return OK
    try:
        server = reminder_mail.connect(settings)
    except reminder_mail.MailError as exc:
        print(
            f"error: {exc}; {len(pending)} reminder(s) not sent, the next run sends them",
            file=sys.stderr,
        )
        return NOT_SENT
    try:
        failed = sum(not _send_one(store, server, r, settings.sender, url, today) for r in pending)
    finally:
        reminder_mail.disconnect(server)
    return NOT_SENT if failed else OK


def _send_one(
    store: Store, server, reminder: reminder_lists.Reminder, sender: str, url: str, today: date
) -> bool:
    """Send one reminder and record it; False, said on stderr, when it was not sent."""
    address = reminder.recipient.address
    try:
        reminder_mail.send(server, reminder_mail.message(reminder, today, sender, url))
    except reminder_mail.MailError as exc:
        print(f"error: not sent to {address}: {exc}; the next run sends it", file=sys.stderr)
        return False
    sent_reminders.record(store, address, today, reminder_mail.listed(reminder))
    print(f"sent to {address}: {reminder_mail.listed(reminder)}")
    return True


def _app_url(secrets: dict) -> str:
    """The app's public address from [app] url ("" when not given)."""
    app = secrets.get("app", {})
    return str(app.get("url") or "").strip() if isinstance(app, dict) else ""


def _day(text: str | None, option: str) -> date:
    """A YYYY-MM-DD option's day, else today."""
    if text is None:
        return date.today()
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise UsageError(f'{option}: "{text[:40]}" is not a date; write it as YYYY-MM-DD') from None


def _secrets(path: str, *, required: bool) -> dict:
    """The app's secrets file as a table ({} when it is missing and not required)."""
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        if required:
            raise UsageError(
                f"--secrets: no file at {path} (copy .streamlit/secrets.example.toml)"
            ) from None
        print(
            f"warning: no secrets file at {path}: only e-mail addresses are reached",
            file=sys.stderr,
        )
        return {}
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"--secrets: {path} could not be read") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"--secrets: {path} is not valid TOML ({exc})") from None


def _smtp(secrets: dict) -> reminder_mail.SmtpSettings:
    """The [smtp] settings, checked."""
    try:
        return reminder_mail.smtp_settings(secrets.get("smtp"))
    except reminder_mail.SettingsError as exc:
        raise UsageError(f"--secrets: {exc}") from None


def _statuses(text: str | None) -> list[str] | None:
    rags = [r.strip().capitalize() for r in text.split(",")] if text else None
    if rags and (bad := [r for r in rags if r not in STATUSES]):
        raise UsageError(f"--rag takes {', '.join(STATUSES)}; not {', '.join(bad)}")
    return rags


def _as_at(store: Store, text: str | None) -> int:
    """The --as-at month, else the default month, else this month for an empty store."""
    month = _month(text) if text else None
    store.create()
    return month if month is not None else default_month(store) or current_month()


def _changes(store: Store, args) -> int:
    since = _month(args.since, "--since") if args.since else None
    as_at = _as_at(store, args.as_at)
    since = as_at - 1 if since is None else since
    if since > as_at:
        raise UsageError(f"--since {month_key(since)} is after --as-at {month_key(as_at)}")
    frame = changes_between(store, since, as_at, committee=args.committee)
    _write(frame[CHANGE_COLUMNS], args.format)
    return OK


def _set_area(store: Store, code: str, name: str) -> None:
    code, name = code.strip(), name.strip()
    if not AREA_CODE.fullmatch(code) or not name:
        raise UsageError(
            f'"{code[:80]}" is not an area code; use the ONS GSS code, a letter '
            "and 8 digits such as E06000059, and a name"
        )
    store_comparators.set_area(store, code, name, _login())
    print(f"the council's own area is {code} ({name})")


def _area(store: Store, args) -> int:
    store.create()
    if args.code or args.name:
        if not (args.code and args.name):
            raise UsageError("give both --code and --name")
        _set_area(store, args.code, args.name)
        return OK
    found = store_comparators.area(store)
    print(f"{found[0]} ({found[1]})" if found else "the council's own area is not set")
    return OK


def _set_perspectives(store: Store, text: str) -> None:
    try:
        names = store_settings.set_perspectives(store, text, _login())
    except store_settings.SettingError as exc:
        raise UsageError(f"--perspectives: {exc}") from None
    print(f"perspectives, in order: {'; '.join(names)}")


def _settings(store: Store, args) -> int:
    """Show the council's settings, or change the order of its perspectives."""
    store.create()
    if _set_days(store, args) or args.perspectives is not None:
        if args.perspectives is not None:
            _set_perspectives(store, args.perspectives)
        return OK
    order = store_settings.perspectives(store)
    used = reads.indicators(store)["perspective"].dropna().unique().tolist()
    print(
        f"perspectives, in order: {'; '.join(order)}"
        if order
        else "perspectives: no order set (the scorecard shows them A to Z)"
    )
    unordered = sorted(
        {p for p in used if p.casefold() not in {o.casefold() for o in order}}, key=str.casefold
    )
    if order and unordered:
        print(
            f"used by indicators but not in the order (shown after it, A to Z): "
            f"{'; '.join(unordered)}"
        )
    for key in store_settings.DAY_SETTINGS:
        print(f"{key}: {store_settings.days(store, key)}")
    return OK


def _set_days(store: Store, args) -> bool:
    """Keep --entry-due-day and --check-days when given, both checked before either is
    kept; whether any was given."""
    given = {
        key: text
        for key, text in (
            (store_settings.ENTRY_DUE_DAY, args.entry_due_day),
            (store_settings.CHECK_DAYS, args.check_days),
        )
        if text is not None
    }
    try:
        for key, text in given.items():
            store_settings.day_number(key, text)
    except store_settings.SettingError as exc:
        raise UsageError(str(exc)) from None
    for key, text in given.items():
        print(f"{key}: {store_settings.set_days(store, key, text, _login())}")
    return bool(given)


def _benchmark(store: Store, args) -> int:
    store.create()
    try:
        metric_id = args.metric or analysis_comparators.linked_metric(store, args.indicator)
        table = analysis_comparators.cli_table(store, metric_id, args.group)
    except analysis_comparators.BenchmarkError as exc:
        raise UsageError(str(exc)) from None
    _write(table, args.format)
    return OK


def _hash_password(store: Store, args) -> int:
    password = args.password or getpass.getpass("Analyst password: ")
    if len(password) < 10:
        raise UsageError("use a password of at least 10 characters")
    print(hash_password(password))
    return OK


def _report(store: Store, args) -> int:
    if args.pack is not None:
        return _pack_report(store, args)
    summary = _summary_text(args.summary) if args.summary else None
    given = _cover_details(args)
    if args.year is not None:
        if args.freeze or args.user is not None:
            raise UsageError("only the quarterly report is frozen: use --quarter with --freeze")
        return _annual_report(store, args, summary, given)
    try:
        report.quarter_period(args.quarter)
    except PeriodError as exc:
        raise UsageError(f"--quarter: {exc}") from None
    if args.freeze or args.user is not None:
        return _freeze_report(store, args, summary, given)
    store.create()
    model = report.build(store, args.quarter, summary, given=given)
    _write_out(store, args.out, report_file.WRITERS[args.format](model))
    print(f"wrote {args.out}: {len(model.sections)} {model.measures}, {model.quarter}")
    return OK


def _freeze_report(store: Store, args, summary: str | None, given: CoverDetails) -> int:
    """Freeze the quarterly report for its meeting, then write the file from the pack."""
    if not args.freeze:
        raise UsageError("--user names who freezes the report: give it with --freeze")
    if given.meeting_date is None:
        raise UsageError("--freeze needs --meeting-date YYYY-MM-DD: the meeting it is presented at")
    _can_write(store, args.out)
    store.create()
    try:
        made = report_packs.freeze(
            store, args.quarter, given.meeting_date, args.user or _login(), summary, given
        )
    except report_packs.MeetingBeforeQuarterEnds as exc:
        raise UsageError(f"--meeting-date: {exc}") from None
    except packs.PackError as exc:
        raise UsageError(f"--quarter: {exc}") from None
    model = report_packs.as_presented(store, made.pack_id)
    try:
        _write_out(store, args.out, report_file.WRITERS[args.format](model))
    except UsageError as exc:  # the pack is kept: say so, and how to write its file
        raise UsageError(
            f"{exc}; pack {made.pack_id} is kept: write it with report --pack {made.pack_id} "
            f"--format {args.format} --out FILE"
        ) from None
    again = "" if made.created else " (the same report was frozen a moment ago: no new pack)"
    print(
        f"pack {made.pack_id}{again}: quarterly report {model.quarter}, {len(model.sections)} "
        f"{model.measures}, for the meeting on {given.meeting_date.isoformat()}; "
        f"wrote {args.out}"
    )
    return OK


def _pack_report(store: Store, args) -> int:
    """A frozen quarterly report as presented: its quarter, summary and cover are its own."""
    own = args.summary is not None or args.user is not None or args.freeze
    if own or _cover_details(args) != CoverDetails():
        raise UsageError(
            "--pack takes the pack's own quarter, summary and cover: give only --format and --out"
        )
    return _write_pack(store, args, report_packs.pack_report, "appendix")


def _write_pack(store: Store, args, written, other: str) -> int:
    """Write pack ``args.pack`` in ``args.format`` with ``written`` (its kind's writer); a pack
    of the other kind is refused naming the command that writes it."""
    store.create()
    try:
        data = written(store, args.pack, args.format)
    except packs.WrongKind as exc:
        raise UsageError(f"{exc}: write it with {other} --pack {args.pack}") from None
    except packs.PackError as exc:
        raise UsageError(str(exc)) from None
    _write_out(store, args.out, data)
    print(f"wrote {args.out} (pack {args.pack})")
    return OK


def _annual_report(store: Store, args, summary: str | None, given: CoverDetails) -> int:
    try:
        annual_report.year_period(args.year)
    except PeriodError as exc:
        raise UsageError(f"--year: {exc}") from None
    store.create()
    try:
        model = annual_report.build(store, args.year, summary, given=given)
    except annual_report.NoDataForYear as exc:
        raise UsageError(f"--year: {exc}") from None
    _write_out(store, args.out, report_file.ANNUAL_WRITERS[args.format](model))
    print(f"wrote {args.out}: {model.count} {model.measures}, {model.year}")
    return OK


def _write_out(store: Store, out: str, data: bytes) -> None:
    """The file written whole or not at all: to a temporary file beside it, then moved into
    place."""
    target = Path(out)
    _not_the_store(store, out)
    handle, name = _beside(out)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, target)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(name)
        raise UsageError(f"--out: {out} could not be written ({exc.strerror})") from None


def _can_write(store: Store, out: str) -> None:
    """UsageError now, before anything is kept, when --out could not be written."""
    _not_the_store(store, out)
    if Path(out).is_dir():
        raise UsageError(f"--out: {out} could not be written (Is a directory)")
    handle, name = _beside(out)
    os.close(handle)
    os.unlink(name)


def _not_the_store(store: Store, out: str) -> None:
    """UsageError when --out is empty or names the store or a file beside it that the store
    keeps: moving the output there would replace the store (every figure and pack) with it."""
    if not out:
        raise UsageError("--out: give the name of the file to write")
    target = os.path.realpath(out)
    for name in store.own_files():
        if target == os.path.realpath(name) or _same_file(out, name):
            raise UsageError(
                f"--out: {out} is the store's own file ({name}): write the file elsewhere"
            )


def _same_file(one: str, other: str) -> bool:
    """Whether two paths name the same file (a hard link included); False if either is none."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _beside(out: str) -> tuple[int, str]:
    """A new temporary file in the folder of ``out`` (UsageError when it cannot be made)."""
    target = Path(out)
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"--out: {out} could not be written ({exc.strerror})") from None


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _summary_text(path: str) -> str:
    """The --summary file's text; UsageError naming what is wrong (nothing kept or written)."""
    file = Path(path)
    if file.is_dir():
        raise UsageError(f"--summary: {path} is a folder, not a text file")
    try:
        size = file.stat().st_size
        if size > 4 * SUMMARY_LONGEST + 3:  # UTF-8: at most 4 bytes a character, and a BOM
            raise UsageError(f"--summary: {path} is {size:,} bytes: {SUMMARY_TOO_LONG}")
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--summary: {path} is not UTF-8 text: save it as UTF-8") from None
    except OSError as exc:
        raise UsageError(f"--summary: {path} could not be read ({exc.strerror})") from None
    if len(text) > SUMMARY_LONGEST:
        raise UsageError(f"--summary: {path} has {len(text):,} characters: {SUMMARY_TOO_LONG}")
    if not report.paragraphs_of(text):
        raise UsageError(
            f"--summary: {path} is empty: write the summary in it, or leave out --summary "
            "for the counts and changes"
        )
    return text


def _publish(store: Store, args) -> int:
    as_at = _month(args.as_at)
    store.create()
    try:
        written = site.publish(store, as_at, args.out)
    except site.PublishRefused as exc:
        raise UsageError(f"--out: {exc}") from None
    except OSError as exc:
        raise UsageError(f"--out: {args.out} could not be written ({exc.strerror})") from None
    print(f"wrote {len(written)} files to {args.out} ({len(written) - 1} public measures)")
    return OK


COMMANDS = {
    "init": _init,
    "load": _load,
    "status": _status,
    "changes": _changes,
    "batches": _batches,
    "rollback": _rollback,
    "spc": _spc,
    "appendix": _appendix,
    "area": _area,
    "settings": _settings,
    "benchmark": _benchmark,
    "report": _report,
    "publish": _publish,
    "hash-password": _hash_password,
    "pack": _pack,
    "packs": _packs,
    "returns": _returns,
    "remind": _remind,
}
