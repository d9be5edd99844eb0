"""Analyst sign-in: Streamlit's OIDC st.login when [auth] is configured, else local accounts
from secrets with hashed passwords. Browsing needs neither."""
from __future__ import annotations

import math

import streamlit as st

from pmf_core.rules.accounts import SignInGuard
from ui.text import escape_markdown


@st.cache_resource
def sign_in_guard() -> SignInGuard:
    """One lockout record for the whole process: every session's wrong passwords count."""
    return SignInGuard()


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
        st.warning("No analyst accounts are configured. Add them to .streamlit/secrets.toml "
                   "(see .streamlit/secrets.example.toml) to upload data.")
        return None
    with st.form("sign_in"):
        st.write("Uploading and rollback are for analysts. Sign in to continue.")
        username = st.text_input("Username", key="username")
        password = st.text_input("Password", type="password", key="password")
        if st.form_submit_button("Sign in"):
            _try_sign_in(accounts, username, password)
    return None


def _try_sign_in(accounts: dict, username: str, password: str) -> None:
    """Sign in and rerun, or say why not: a wrong password, or a name that must wait."""
    guard = sign_in_guard()
    account = guard.sign_in(accounts, username, password)
    if account:
        st.session_state["analyst"] = account.get("name", username.strip())
        st.rerun()
    wait = guard.wait_left(username)
    if wait > 0:
        st.error(f"Too many wrong passwords for {escape_markdown(username.strip())}: "
                 f"wait {math.ceil(wait)} seconds, then try again.")
    else:
        st.error("That username and password do not match an analyst account.")
