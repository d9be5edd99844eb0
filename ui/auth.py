"""Sign-in on every page: Streamlit's OIDC st.login when [auth] names an identity provider, else
local accounts from secrets with hashed passwords; roles from either (pmf_core.rules.roles); a
local sign-in kept across a refresh by a signed cookie (pmf_core.rules.session_cookie). Every
write asks ``analyst_or_refuse`` on the server, whatever the page showed."""

from __future__ import annotations

import logging
import math
import time
from typing import NoReturn

import streamlit as st

from pmf_core.analysis.sign_in import SignIn
from pmf_core.rules import roles as rules
from pmf_core.rules import session_cookie
from pmf_core.rules.roles import ANALYST, Person
from pmf_core.store import StoreBusyError, StoreError
from ui import selection
from ui.store import current_store
from ui.text import escape_markdown

log = logging.getLogger("pmf.app")

USER, COOKIE, RESTORED, TRIED = (
    "signed_in_user",
    "session_cookie",
    "session_restored",
    "sign_in_tried",
)
PUBLIC_PAGES = ("public",)  # open to all even when browsing needs a sign-in
SIGN_IN_PAGES = (
    "upload",
    "my_returns",
    "sign_off",
    "collection",
)  # pages whose purpose needs a sign-in: the form starts open

# Sets or drops this app's session cookie in the browser (a cookie can only be written by the
# page: Streamlit sends no response of its own to a script run). Fixed text; the value comes
# as data. Each tab writes only a value it has not written before, so a tab left open does
# not bring back a cookie another tab's sign-out dropped.
COOKIE_JS = """
export default function ({ data }) {
  if (!data || window.pmfSessionCookie === data.value) return;
  window.pmfSessionCookie = data.value;
  const tail = "; Path=" + data.path + "; SameSite=Strict" +
    (window.location.protocol === "https:" ? "; Secure" : "");
  document.cookie = data.value
    ? data.name + "=" + data.value + "; Max-Age=" + data.maxAge + tail
    : data.name + "=; Max-Age=0" + tail;
}
"""
cookie_writer = st.components.v2.component("pmf_session_cookie", js=COOKIE_JS)


def _secrets() -> dict:
    """The app's secrets ({} when there is no secrets file)."""
    try:
        return dict(st.secrets)
    except (FileNotFoundError, KeyError, Exception):
        return {}


def _auth() -> dict:
    """The [auth] section: the identity provider, the cookie's secret and the settings."""
    auth = _secrets().get("auth", {})
    return dict(auth) if hasattr(auth, "items") else {}


def oidc_configured() -> bool:
    """Whether sign-in is through the council's identity provider (st.login)."""
    return rules.oidc_configured(_auth())


def local_accounts() -> dict:
    """The local accounts by sign-in name ([accounts.NAME] and [analysts.NAME])."""
    return rules.local_accounts(_secrets())


def sign_in_configured() -> bool:
    """Whether anyone can sign in at all."""
    return oidc_configured() or bool(local_accounts())


def _cookie_secret() -> str | None:
    """The secret that signs the session cookie, when long enough (else no cookie)."""
    secret = _auth().get("cookie_secret")
    return str(secret) if session_cookie.usable_secret(secret) else None


def _session_hours() -> float:
    """How long a local sign-in's cookie lasts ([auth] session_hours, default 8)."""
    try:
        hours = float(_auth().get("session_hours", session_cookie.DEFAULT_HOURS))
    except (TypeError, ValueError):
        return session_cookie.DEFAULT_HOURS
    return hours if math.isfinite(hours) and hours > 0 else session_cookie.DEFAULT_HOURS


def request_cookie() -> str | None:
    """The session cookie the browser sent when this session opened (None when none)."""
    try:
        value = st.context.cookies.get(session_cookie.NAME)
    except (AttributeError, RuntimeError):
        return None
    return value if isinstance(value, str) else None


def _restore_from_cookie() -> None:
    """Once per session: a valid cookie signs its local account in again (after a refresh)."""
    if st.session_state.get(RESTORED) or oidc_configured():
        return
    st.session_state[RESTORED] = True
    value, secret = request_cookie(), _cookie_secret()
    found = session_cookie.verify(value, secret, time.time())
    account = local_accounts().get(found.user) if found else None
    if found and account and found.stamp == _stamp(account):
        st.session_state[USER], st.session_state[COOKIE] = found.user, value
    elif value:
        st.session_state[COOKIE] = ""  # a cookie that signs nobody in: the browser drops it


def _stamp(account) -> str:
    """The account's password stamp, which a cookie must carry to be valid."""
    return session_cookie.stamp(str(account.get("password_hash", "")))


def current_person() -> Person | None:
    """Who is signed in, with their roles (None when nobody is)."""
    if oidc_configured():
        if not st.user.get("is_logged_in", False):
            return None
        return rules.person_from_claims(_secrets().get("roles", {}), st.user.to_dict())
    _restore_from_cookie()
    user = st.session_state.get(USER)
    account = local_accounts().get(user) if user else None
    return rules.person_from_account(user, account) if user and account else None


def signed_in_analyst() -> str | None:
    """The analyst's name when an analyst is signed in, else None."""
    person = current_person()
    return person.name if person and person.has(ANALYST) else None


def analyst_or_refuse(what: str) -> str:
    """The signed-in analyst's name, checked on the server at the moment of a write; anyone
    else is told plainly that nothing changed, and the run stops before the write."""
    name = signed_in_analyst()
    if name:
        return name
    person = current_person()
    log.warning("refused %s to %s", what, person.user if person else "a signed-out visitor")
    st.error(f"Only a signed-in analyst can {what}. Nothing was changed.")
    selection.stop()


def explain_analysts_only(what: str) -> None:
    """Tell someone who is not a signed-in analyst why a page offers them nothing to change."""
    person = current_person()
    if person:
        st.info(
            f"{what} are for analysts. You are signed in as {escape_markdown(person.name)} "
            "without the analyst role."
        )
    elif sign_in_configured():
        st.info(
            f"Browsing needs no sign-in. {what} are for signed-in analysts: use the sign-in "
            "in the sidebar."
        )
    else:
        st.warning(
            "No accounts are configured. Add them to .streamlit/secrets.toml (see "
            ".streamlit/secrets.example.toml) to upload data."
        )


def account_panel(where, path: str) -> None:
    """The sidebar's account panel on every page (who is signed in, their roles, sign out;
    or the sign-in), then, when browsing needs a sign-in, the page's refusal."""
    with where:
        person = current_person()
        if person:
            _signed_in(person)
        elif sign_in_configured():
            _sign_in(open_=path in SIGN_IN_PAGES or _must_sign_in(path))
        _keep_cookie()
    if person is None and _must_sign_in(path):
        st.info("Sign in to see this page: use the sign-in in the sidebar.")
        selection.stop()


def _must_sign_in(path: str) -> bool:
    """Whether the page at ``path`` is closed to signed-out visitors (a setting)."""
    return not rules.browse_without_sign_in(_auth()) and path not in PUBLIC_PAGES


def _signed_in(person: Person) -> None:
    """Who is signed in, their roles, and Sign out (which also drops the cookie)."""
    st.caption(f"Signed in as {escape_markdown(person.name)}")
    held = ", ".join(person.roles)
    st.caption(f"Roles: {held}" if held else "No role: you can browse.")
    if st.button("Sign out", key="sign_out"):
        st.session_state.pop(USER, None)
        st.session_state[COOKIE] = ""
        if oidc_configured():
            _sign_out_of_provider()
        st.rerun()


def _sign_out_of_provider() -> NoReturn:
    """End the identity provider's sign-in: st.logout() only queues the browser's visit to
    Streamlit's /auth/logout, which deletes the identity cookie; a rerun would clear that
    message from the queue before it is sent (the session forgets the person, the browser
    keeps the cookie and the next page load signs them in again), so the run stops instead
    and the message goes out with the end of the run."""
    st.logout()
    st.stop()


def _sign_in(open_: bool) -> None:
    """The identity provider's Sign in button, or the local form in an expander (open on a
    page that needs a sign-in, and after an attempt, so its message is seen)."""
    if oidc_configured():
        if st.button("Sign in", key="oidc_sign_in", help="With your council account."):
            st.login()
        return
    opened = open_ or bool(st.session_state.get(TRIED))
    with st.expander("Sign in", expanded=opened), st.form("sign_in"):
        username = st.text_input("Username", key="username")
        password = st.text_input("Password", type="password", key="password")
        if st.form_submit_button("Sign in"):
            st.session_state[TRIED] = True
            _try_sign_in(local_accounts(), username, password)


def _keep_cookie() -> None:
    """Write (or drop) the session cookie in the browser to match this session."""
    secret, value = _cookie_secret(), st.session_state.get(COOKIE)
    if secret is None or value is None:
        return
    cookie_writer(
        key="session_cookie_writer",
        data={
            "name": session_cookie.NAME,
            "value": value,
            "maxAge": session_cookie.max_age(value, secret, time.time()) if value else 0,
            "path": "/" + str(st.get_option("server.baseUrlPath") or "").strip("/"),
        },
        height=0,
    )


def _try_sign_in(accounts: dict, username: str, password: str) -> None:
    """Sign in and rerun, or say why not: a wrong password, a name or an address that must
    wait, or too many sign-ins at once. The lockout is counted in the store (see SignIn)."""
    guard, address = SignIn(current_store()), client_address()
    try:
        outcome = guard.attempt(accounts, username, password, address)
        if outcome.account:
            _start_session(username.strip(), outcome.account)
            st.rerun()
        kind, wait = (
            (outcome.wait_kind, outcome.wait_seconds)
            if outcome.wait_kind
            else guard.wait_left(username, address)
        )
    except StoreBusyError:
        st.error("Sign-in is busy: try again in a moment.")
        return
    except StoreError as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.error(_refusal(outcome.busy, kind, wait, username))


def _start_session(user: str, account) -> None:
    """Sign ``user`` in for this session and, with a cookie secret, for the next ones."""
    st.session_state[USER] = user
    st.session_state.pop(TRIED, None)
    secret = _cookie_secret()
    if secret:
        st.session_state[COOKIE] = session_cookie.sign(
            user, _stamp(account), secret, time.time(), _session_hours()
        )


def _refusal(busy: bool, kind: str, wait: float, username: str) -> str:
    """Why a sign-in was refused, in plain words."""
    if busy:
        return "Sign-in is busy: try again in a moment."
    if wait > 0 and kind == "address":
        return (
            f"Too many wrong passwords from this connection: wait {math.ceil(wait)} "
            "seconds, then try again."
        )
    if wait > 0:
        return (
            f"Too many wrong passwords for {escape_markdown(username.strip())}: "
            f"wait {math.ceil(wait)} seconds, then try again."
        )
    return "That username and password do not match an account."


def client_address() -> str | None:
    """The address the browser connects from, as the server sees it (None when unknown)."""
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return None
    return address if isinstance(address, str) and address else None
