"""Reminders: who is e-mailed what, sent to a real SMTP server on loopback (aiosmtpd), one
message per person a day, failures reported and sent on the next run. The lists are worked by
hand from the small store's measures, their inputters and checkers and the returns below, with
returns due on day 10 of the next month and signed off 5 days after."""

from __future__ import annotations

import socket
import textwrap
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from conftest import INDICATORS, copied, csv_bytes
from pmf_core import cli
from pmf_core.ingest import load_bytes
from pmf_core.ingest import reminders as lists
from pmf_core.ingest import returns as cycle
from pmf_core.ingest.returns import Form
from pmf_core.outputs import reminder_mail
from pmf_core.rules.roles import Person
from pmf_core.store import Store
from pmf_core.store import reminders as sent
from pmf_core.store import returns as stored

OLIVE = Person("olive", "Olive Officer", "olive@example.org", ("officer",))
PAT = Person("pat", "Pat", "pat@example.org", ("officer",))
CHRIS = Person("chris", "Chris Checker", "chris@example.org", ("checker",))
ENTERED = date(2020, 12, 5)
TODAY = "2020-12-08"  # November's returns are due on 10 December: within 3 days
# Who enters and checks each measure: by sign-in name or e-mail address, in any case.
PEOPLE = {
    "CIC": "olive,CHRIS@example.org",
    "FOST": "olive@example.org,chris",
    "HOMES": "otto@example.org,chris",
    "ENG": "olive;nobody,chris",
    "CTX": "pat@example.org,chris",
}
SECRETS = """\
    [app]
    url = "https://pmf.example.gov.uk/"

    [smtp]
    host = "127.0.0.1"
    port = {port}
    from = "performance@example.gov.uk"
    starttls = false

    [accounts.olive]
    name = "Olive Officer"
    email = "olive@example.org"
    roles = ["officer"]

    [accounts.chris]
    name = "Chris Checker"
    email = "chris@example.org"
    roles = ["checker"]

    [accounts.nobody]
    name = "No Body"
    roles = ["officer"]
    """
# Worked by hand for 8 December 2020.
OLIVE_LINES = [
    "Overdue, not yet submitted (2):",
    "- ENG Employee engagement index, 2019/20: not started, was due 10 April 2020",
    "- CIC Rates of children in care per 10000, Oct 2020: returned to you, was due 10 November "
    "2020",
    "Due within 3 days (1):",
    "- CIC Rates of children in care per 10000, Nov 2020: a draft, due 10 December 2020",
    "Enter them on the My returns page: https://pmf.example.gov.uk/my_returns",
]
OTTO_LINES = [
    "Overdue, not yet submitted (1):",
    "- HOMES Number of affordable homes delivered, Q2 2020/21: not started, was due 10 October "
    "2020",
]
CHRIS_LINES = [
    "Waiting for your sign-off (1):",
    "- FOST Number of active foster carers, Nov 2020: submitted by Olive Officer, sign-off due "
    "15 December 2020",
    "Check them on the Sign-off page: https://pmf.example.gov.uk/sign_off",
]
LISTED = {
    "olive@example.org": "overdue: ENG 2019/20, CIC 2020-10; due soon: CIC 2020-11",
    "otto@example.org": "overdue: HOMES 2020/21 Q2",
    "chris@example.org": "sign-off: FOST 2020-11",
}


class Inbox:
    """An SMTP server's handler keeping each message it takes; refusing some recipients."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Refuse an address in ``refused``, else take it."""
        if address in self.refused:
            return "550 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        """Keep the message."""
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted"

    def to(self) -> list[str]:
        """The addressees, in the order received."""
        return [m["To"].addresses[0].addr_spec for m in self.messages]


class Server:
    """A real SMTP server on a free loopback port that can be stopped and started again."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        """Listen on the port."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening: a connection is then refused."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    """The server, started; stopped after the test."""
    server = Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cycle_store_file(small_store_file, tmp_path_factory) -> Path:
    """The small store with inputters and checkers, and a return in each state for
    8 December 2020: CIC November a draft, CIC October returned, FOST November submitted,
    CTX November approved; ENG 2019/20 and HOMES July to September not started. Built once
    per module; each test copies it."""
    built = copied(small_store_file, tmp_path_factory.mktemp("remind") / "pmf.duckdb")
    lines = INDICATORS.splitlines()
    text = "\n".join(
        [lines[0] + ",inputter,checker"]
        + [line + "," + PEOPLE[line.split(",")[0]] for line in lines[1:]]
    )
    assert load_bytes(built, "indicators", csv_bytes(text), "i.csv", "tester").ok
    enter = cycle.save
    enter(built, OLIVE, "CIC", "2020-11", Form(value="50"), submit=False, today=ENTERED)
    enter(built, OLIVE, "CIC", "2020-10", Form(value="52"), submit=True, today=ENTERED)
    cycle.send_back(built, CHRIS, "CIC", "2020-10", "Please check the October count")
    enter(built, OLIVE, "FOST", "2020-11", Form(value="220"), submit=True, today=ENTERED)
    enter(built, PAT, "CTX", "2020-11", Form(value="900"), submit=True, today=ENTERED)
    row = stored.all_returns(built).set_index(["indicator_id", "period"]).loc[("CTX", "2020-11")]
    cycle.approve(built, CHRIS, "CTX", "2020-11", cycle.entry_of(row), today=ENTERED)
    states = stored.all_returns(built).set_index(["indicator_id", "period"])["state"]
    assert states.to_dict() == {
        ("CIC", "2020-10"): "returned",
        ("CIC", "2020-11"): "draft",
        ("CTX", "2020-11"): "approved",
        ("FOST", "2020-11"): "submitted",
    }
    return Path(built.path)


@pytest.fixture
def store(cycle_store_file, tmp_path) -> Store:
    """A copy of the store built once for this module."""
    return copied(cycle_store_file, tmp_path / "pmf.duckdb")


def remind(store, tmp_path, port: int, *options: str) -> int:
    """Run `remind` as the scheduler would, with the test's secrets file."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(textwrap.dedent(SECRETS).format(port=port))
    return cli.main(["--db", str(store.path), "remind", "--secrets", str(secrets), *options])


def lines_of(message: EmailMessage) -> list[str]:
    """The message's plain text, line by line, blanks left out."""
    assert message.get_content_type() == "text/plain" and not message.is_multipart()
    return [line for line in message.get_content().splitlines() if line.strip()]


def recorded(store) -> dict[str, str]:
    """What the store keeps as sent, by address."""
    return dict(zip(sent.sent(store)["person"], sent.sent(store)["listed"]))


def test_each_person_gets_one_message_with_their_returns(store, smtp, tmp_path, capsys):
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.OK
    out, err = capsys.readouterr()
    assert sorted(smtp.inbox.to()) == ["chris@example.org", "olive@example.org", "otto@example.org"]
    mail = {m["To"].addresses[0].addr_spec: m for m in smtp.inbox.messages}
    assert lines_of(mail["olive@example.org"]) == [
        "Olive Officer,",
        "Your performance returns as at 8 December 2020.",
        *OLIVE_LINES,
        "You get this reminder at most once a day, while you have returns due, overdue or "
        "waiting for your sign-off.",
    ]
    assert lines_of(mail["otto@example.org"])[2:5] == OTTO_LINES + [
        "Enter them on the My returns page: https://pmf.example.gov.uk/my_returns"
    ]
    assert lines_of(mail["chris@example.org"])[0] == "Chris Checker,"
    assert lines_of(mail["chris@example.org"])[2:5] == CHRIS_LINES
    assert mail["olive@example.org"]["Subject"] == (
        "Performance returns: 2 overdue, 1 due within 3 days"
    )
    assert mail["chris@example.org"]["Subject"] == "Performance returns: 1 to sign off"
    assert str(mail["olive@example.org"]["From"]) == "performance@example.gov.uk"
    assert recorded(store) == LISTED
    assert set(sent.sent(store)["day"].astype(str)) == {TODAY}
    assert '"nobody" has overdue: ENG 2019/20 but no e-mail address' in err
    assert "Traceback" not in err
    assert sorted(line for line in out.splitlines()) == sorted(
        f"sent to {who}: {what}" for who, what in LISTED.items()
    )


def test_a_second_run_the_same_day_sends_nothing_the_next_day_again(store, smtp, tmp_path, capsys):
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.OK
    assert len(smtp.inbox.messages) == 3
    capsys.readouterr()
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.OK
    assert len(smtp.inbox.messages) == 3
    assert "olive@example.org: already reminded on 2020-12-08" in capsys.readouterr().out
    assert len(sent.sent(store)) == 3
    assert remind(store, tmp_path, smtp.port, "--today", "2020-12-09") == cli.OK
    assert len(smtp.inbox.messages) == 6


def test_a_refused_connection_is_reported_and_the_next_run_sends(store, smtp, tmp_path, capsys):
    smtp.stop()
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.NOT_SENT
    err = capsys.readouterr().err
    assert f"could not connect to the mail server 127.0.0.1:{smtp.port}" in err
    assert "connection refused" in err and "3 reminder(s) not sent" in err
    assert "Traceback" not in err
    assert sent.sent(store).empty
    smtp.start()
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.OK
    assert sorted(smtp.inbox.to()) == ["chris@example.org", "olive@example.org", "otto@example.org"]
    assert recorded(store) == LISTED


def test_a_refused_recipient_is_reported_and_only_they_are_sent_next_run(
    store, smtp, tmp_path, capsys
):
    smtp.inbox.refused = {"otto@example.org"}
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.NOT_SENT
    err = capsys.readouterr().err
    assert "not sent to otto@example.org" in err and "550" in err
    assert sorted(smtp.inbox.to()) == ["chris@example.org", "olive@example.org"]
    assert set(recorded(store)) == {"chris@example.org", "olive@example.org"}
    smtp.inbox.refused = set()
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.OK
    assert smtp.inbox.to()[2:] == ["otto@example.org"]
    assert recorded(store) == LISTED


def test_a_dry_run_prints_who_would_get_what_and_sends_nothing(store, smtp, tmp_path, capsys):
    assert remind(store, tmp_path, smtp.port, "--today", TODAY, "--dry-run") == cli.OK
    out = capsys.readouterr().out
    assert sorted(out.splitlines()) == sorted(
        f"would send to {who}: {what}" for who, what in LISTED.items()
    )
    assert smtp.inbox.messages == []
    assert sent.sent(store).empty


def test_due_within_three_days_and_overdue_move_with_the_day(store):
    secrets = {"accounts": {"olive": {"email": "olive@example.org"}}}
    olive = lists.recipients(["olive", "olive@example.org"], secrets)[0]
    assert [(r.address, r.aliases) for r in olive] == [
        ("olive@example.org", ["olive", "olive@example.org"])
    ]

    def keys(frame):
        return [f"{i} {p}" for i, p in zip(frame["indicator_id"], frame["period"])]

    for day, due_soon, overdue in (
        (date(2020, 12, 6), [], ["ENG 2019/20", "CIC 2020-10"]),
        (date(2020, 12, 7), ["CIC 2020-11"], ["ENG 2019/20", "CIC 2020-10"]),
        (date(2020, 12, 10), ["CIC 2020-11"], ["ENG 2019/20", "CIC 2020-10"]),
        (date(2020, 12, 11), [], ["ENG 2019/20", "CIC 2020-10", "CIC 2020-11"]),
    ):
        with store.unit_of_work():  # one opening of the file, as the command has
            found = lists.reminder_for(store, olive[0], day)
        assert (keys(found.due_soon), keys(found.overdue)) == (due_soon, overdue), day
        assert found.to_sign_off.empty


def test_a_store_made_before_reminders_gains_their_table(store, smtp, tmp_path, capsys):
    with store.transaction() as con:  # as an earlier version left it
        con.execute("DROP TABLE reminders_sent")
    tables = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reminders_sent'"
    assert store.scalar(tables) == 0
    assert remind(store, tmp_path, smtp.port, "--today", TODAY) == cli.OK
    assert store.scalar(tables) == 1
    assert recorded(store) == LISTED


def test_without_the_apps_address_the_message_names_the_page(store):
    chris = lists.recipients(["chris"], {"accounts": {"chris": {"email": "c@example.org"}}})[0]
    with store.unit_of_work():
        late = lists.reminder_for(store, chris[0], date(2020, 12, 16))
    text = reminder_mail.body(late, date(2020, 12, 16), "")
    assert text.splitlines()[4:8] == [
        "Waiting for your sign-off (1):",
        "- FOST Number of active foster carers, Nov 2020: submitted by Olive Officer, sign-off "
        "was due 15 December 2020",
        "",
        "Check them on the Sign-off page of the performance app.",
    ]
    assert "My returns" not in text  # nothing for Chris to enter


def test_an_address_with_a_line_break_is_refused_not_sent_as_a_header(store):
    forged = {"accounts": {"olive": {"email": "olive@example.org\nBcc: all@example.org"}}}
    olive = lists.recipients(["olive"], forged)[0][0]
    with store.unit_of_work():
        found = lists.reminder_for(store, olive, date(2020, 12, 8))
    assert not found.is_empty()
    with pytest.raises(reminder_mail.MailError, match="cannot be written in an e-mail"):
        reminder_mail.message(found, date(2020, 12, 8), "performance@example.gov.uk", "")
