"""Analyst sign-in: Streamlit's OIDC st.login when [auth] is configured, else local accounts
from secrets with hashed passwords. Browsing needs neither."""

from __future__ import annotations

import math

import streamlit as st

from pmf_core.analysis.sign_in import SignIn
from pmf_core.store import StoreBusyError, StoreError
from ui.store import current_store
from ui.text import escape_markdown


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except (FileNotFoundError, KeyError, Exception):
        return {}


def oidc_configured() -> bool:
    return "auth" in _secrets()


def analyst_accounts() -> dict:
    return dict(_secrets().get("analysts", {}))


def signed_in_analyst() -> str | None:
    """The analyst's name when signed in, else None."""
    if oidc_configured() and st.user.get("is_logged_in", False):
        return str(st.user.get("name") or st.user.get("email") or "analyst")
    return st.session_state.get("analyst")


def sign_in_panel() -> str | None:
    """Show the sign-in controls (or who is signed in) and return the analyst's name."""
    name = signed_in_analyst()
    if name:
        st.caption(f"Signed in as {escape_markdown(name)}")
        if st.button("Sign out", key="sign_out"):
            st.session_state.pop("analyst", None)
            if oidc_configured():
                st.logout()
            st.rerun()
        return name
    if oidc_configured():
        st.info("Uploading and rollback are for analysts. Sign in with your council account.")
        if st.button("Sign in", key="oidc_sign_in"):
            st.login()
        return None
    accounts = analyst_accounts()
    if not accounts:
        st.warning(
            "No analyst accounts are configured. Add them to .streamlit/secrets.toml "
            "(see .streamlit/secrets.example.toml) to upload data."
        )
        return None
    with st.form("sign_in"):
        st.write("Uploading and rollback are for analysts. Sign in to continue.")
        username = st.text_input("Username", key="username")
        password = st.text_input("Password", type="password", key="password")
        if st.form_submit_button("Sign in"):
            _try_sign_in(accounts, username, password)
    return None


def _try_sign_in(accounts: dict, username: str, password: str) -> None:
    """Sign in and rerun, or say why not: a wrong password, a name or an address that must
    wait, or too many sign-ins at once. The lockout is counted in the store (see SignIn)."""
    guard, address = SignIn(current_store()), client_address()
    try:
        outcome = guard.attempt(accounts, username, password, address)
        if outcome.account:
            st.session_state["analyst"] = outcome.account.get("name", username.strip())
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
    return "That username and password do not match an analyst account."


def client_address() -> str | None:
    """The address the browser connects from, as the server sees it (None when unknown)."""
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return None
    return address if isinstance(address, str) and address else None
