"""A reminder as an e-mail: plain text only (a measure's name goes in as text, never HTML),
with a link to the page that deals with each list, and its sending by SMTP with the settings
in the secrets' ``[smtp]`` table; a failure is a MailError in plain words (no password)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

import pandas as pd

from pmf_core.ingest.reminders import DUE_SOON_DAYS, Reminder
from pmf_core.ingest.return_lists import OVERDUE
from pmf_core.rules.cover import long_date

MY_RETURNS, SIGN_OFF = ("My returns", "my_returns"), ("Sign-off", "sign_off")
_STATES = {"not started": "not started", "draft": "a draft", "returned": "returned to you"}
TIMEOUT_SECONDS = 30


class MailError(Exception):
    """A reminder that could not be sent, in plain words."""


class SettingsError(ValueError):
    """An ``[smtp]`` table that cannot be used, in plain words."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how reminders are sent."""

    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    starttls: bool = True


def smtp_settings(table: object) -> SmtpSettings:
    """The ``[smtp]`` table checked: host and from needed, port 1 to 65535 (default 587 with
    STARTTLS, else 25), user and password both or neither."""
    if not isinstance(table, Mapping) or not table:
        raise SettingsError("the secrets have no [smtp] table: give host, port and from")
    host, sender = str(table.get("host") or "").strip(), str(table.get("from") or "").strip()
    starttls = table.get("starttls", True)
    if not host or not sender:
        raise SettingsError("[smtp] needs host and from (the address reminders come from)")
    if not isinstance(starttls, bool):
        raise SettingsError("[smtp] starttls is true or false")
    port = table.get("port", 587 if starttls else 25)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise SettingsError("[smtp] port is a whole number from 1 to 65535")
    user, password = str(table.get("user") or ""), str(table.get("password") or "")
    if bool(user) != bool(password):
        raise SettingsError("[smtp] needs both user and password, or neither")
    return SmtpSettings(host, port, sender, user, password, starttls)


def _text(value: object) -> str:
    """Stored text on one line: a name's line breaks and runs of spaces made single spaces."""
    return " ".join(str(value).split())


def _line(row: pd.Series) -> str:
    """One return: the measure, its period and its state."""
    return f"- {_text(row['indicator_id'])} {_text(row['name'])}, {_text(row['period_label'])}"


def _page(page: tuple[str, str], app_url: str, doing: str) -> str:
    """Where to go: the page's link when the app's address is known, else its name."""
    title, path = page
    if app_url:
        return f"{doing} on the {title} page: {app_url.rstrip('/')}/{path}"
    return f"{doing} on the {title} page of the performance app."


def _officer_part(reminder: Reminder, app_url: str) -> list[str]:
    """The overdue and due-soon returns, and where to enter them."""
    lines: list[str] = []
    if len(reminder.overdue):
        lines += [f"Overdue, not yet submitted ({len(reminder.overdue)}):"]
        lines += [
            f"{_line(r)}: {_STATES[r['state']]}, was due {long_date(r['due'])}"
            for _, r in reminder.overdue.iterrows()
        ]
        lines.append("")
    if len(reminder.due_soon):
        lines += [f"Due within {DUE_SOON_DAYS} days ({len(reminder.due_soon)}):"]
        lines += [
            f"{_line(r)}: {_STATES[r['state']]}, due {long_date(r['due'])}"
            for _, r in reminder.due_soon.iterrows()
        ]
        lines.append("")
    if lines:
        lines += [_page(MY_RETURNS, app_url, "Enter them"), ""]
    return lines


def _checker_part(reminder: Reminder, app_url: str) -> list[str]:
    """The returns waiting for sign-off, and where to check them."""
    waiting = reminder.to_sign_off
    if waiting.empty:
        return []
    lines = [f"Waiting for your sign-off ({len(waiting)}):"]
    lines += [
        f"{_line(r)}: submitted by {_text(r['submitted_by'])}, sign-off "
        f"{'was due' if r['mark'] == OVERDUE else 'due'} {long_date(r['sign_off_due'])}"
        for _, r in waiting.iterrows()
    ]
    return [*lines, "", _page(SIGN_OFF, app_url, "Check them"), ""]


def subject(reminder: Reminder) -> str:
    """The subject: how many of each (no measure's text)."""
    counts = (
        (len(reminder.overdue), "overdue"),
        (len(reminder.due_soon), f"due within {DUE_SOON_DAYS} days"),
        (len(reminder.to_sign_off), "to sign off"),
    )
    return "Performance returns: " + ", ".join(f"{n} {what}" for n, what in counts if n)


def body(reminder: Reminder, today: date, app_url: str) -> str:
    """The message's text."""
    lines = [
        f"{_text(reminder.recipient.name)},",
        "",
        f"Your performance returns as at {long_date(today)}.",
        "",
        *_officer_part(reminder, app_url),
        *_checker_part(reminder, app_url),
        "You get this reminder at most once a day, while you have returns due, overdue or "
        "waiting for your sign-off.",
    ]
    return "\n".join(lines) + "\n"


def message(reminder: Reminder, today: date, sender: str, app_url: str) -> EmailMessage:
    """The reminder as an e-mail, plain text, from ``sender``; MailError for an address that
    cannot be a header."""
    mail = EmailMessage()
    try:
        mail["From"] = sender
        mail["To"] = formataddr((_text(reminder.recipient.name), reminder.recipient.address))
    except ValueError:
        raise MailError(
            "the address cannot be written in an e-mail (check [smtp] from and "
            "the person's address)"
        ) from None
    mail["Subject"] = subject(reminder)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(body(reminder, today, app_url))
    return mail


def listed(reminder: Reminder) -> str:
    """What a reminder listed, as the store keeps it: each list's measures and periods."""
    parts = (
        ("overdue", reminder.overdue),
        ("due soon", reminder.due_soon),
        ("sign-off", reminder.to_sign_off),
    )
    return "; ".join(
        f"{what}: " + ", ".join(f"{i} {p}" for i, p in zip(f["indicator_id"], f["period"]))
        for what, f in parts
        if len(f)
    )


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """A connection to the mail server, secured by STARTTLS and signed in as configured."""
    where = f"the mail server {settings.host}:{settings.port}"
    try:
        server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    except Exception as exc:
        raise MailError(f"could not connect to {where} ({_reason(exc)})") from None
    try:
        if settings.starttls:
            server.starttls(context=ssl.create_default_context())
        if settings.user:
            server.login(settings.user, settings.password)
    except Exception as exc:
        _close(server)
        raise MailError(f"{where} refused the connection: {_reason(exc)}") from None
    return server


def send(server: smtplib.SMTP, mail: EmailMessage) -> None:
    """Hand one message to the server; MailError when it does not take it."""
    try:
        server.send_message(mail)
    except Exception as exc:
        raise MailError(f"the mail server did not take the message ({_reason(exc)})") from None


def _close(server: smtplib.SMTP) -> None:
    """End a connection, whatever state it is in."""
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def disconnect(server: smtplib.SMTP) -> None:
    """End the connection when every message is handed over."""
    _close(server)


def _answer(code: int, said: object) -> str:
    """A server's reply as it gave it: its code and its words, on one line."""
    words = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
    return f"{code} {_text(words)[:200]}".rstrip()


def _reason(exc: Exception) -> str:
    """Why a send failed, in plain words (never a password: the server's reply at most)."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: is the server running and the port right?"
    if isinstance(exc, socket.gaierror):
        return "no such host"
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {TIMEOUT_SECONDS} s"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "the user name or password in [smtp] was not accepted"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return "it does not offer STARTTLS; set starttls = false only on a trusted network"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, said = next(iter(exc.recipients.values()), (0, b""))
        return f"the recipient's address was refused: {_answer(code, said)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"it answered {_answer(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, ssl.SSLError):
        return "the secure connection failed (check the server's certificate)"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return type(exc).__name__
