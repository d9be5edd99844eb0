"""Roles and the session cookie through AppTest: sign-in from any page, a refresh signed in
again from the cookie (and not from an altered one), and every write refused on the server to
anyone but an analyst, even when its form is drawn for them."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pmf_core.rules.accounts import hash_password
from pmf_core.store import reads

SECRET = "a long random string for the tests"
ACCOUNTS = {
    "ana": {
        "name": "Ana Lyst",
        "password_hash": hash_password("pw-ana", iterations=1000),
        "roles": ["analyst"],
    },
    "olly": {
        "name": "Olly Officer",
        "password_hash": hash_password("pw-olly", iterations=1000),
        "roles": ["officer", "checker"],
    },
}


def app(**auth) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["accounts"] = ACCOUNTS
    at.secrets["auth"] = {"cookie_secret": SECRET, **auth}
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="username").input(name)
    at.text_input(key="password").input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def cookie_written(at: AppTest) -> dict:
    """The data the page sent to the cookie writer in the browser."""
    (writer,) = [
        c for c in at.get("bidi_component") if c.proto.component_name == "pmf_session_cookie"
    ]
    return json.loads(writer.proto.json)


def test_sign_in_from_the_scorecard_then_a_refresh_keeps_the_session(demo_db, monkeypatch):
    at = sign_in(app().run(), "ana", "pw-ana")  # the scorecard: the default page
    assert captions(at)[:2] == ["Signed in as Ana Lyst", "Roles: analyst"]
    written = cookie_written(at)
    value = at.session_state["session_cookie"]
    assert written["name"] == "pmf_session" and written["value"] == value
    assert 8 * 3600 - 60 < written["maxAge"] <= 8 * 3600 and written["path"] == "/"
    # A refresh: a new session, whose browser sends the cookie.
    monkeypatch.setattr("ui.auth.request_cookie", lambda: value)
    again = app().run()
    assert captions(again)[:2] == ["Signed in as Ana Lyst", "Roles: analyst"]
    again.switch_page("views/upload.py").run()
    assert again.get("file_uploader")  # the analyst's page, without signing in again


def test_an_altered_cookie_or_a_changed_password_signs_nobody_in(demo_db, monkeypatch):
    at = sign_in(app().run(), "olly", "pw-olly")
    value = at.session_state["session_cookie"]
    version, body, mac = value.split(".")
    altered = f"{version}.{body}.{mac[:-2]}xx"
    monkeypatch.setattr("ui.auth.request_cookie", lambda: altered)
    refreshed = app().run()
    assert not any(c.startswith("Signed in") for c in captions(refreshed))
    assert cookie_written(refreshed)["value"] == ""  # the browser is told to drop it
    monkeypatch.setattr("ui.auth.request_cookie", lambda: value)
    renewed = app()
    renewed.secrets["accounts"] = {
        **ACCOUNTS,
        "olly": {**ACCOUNTS["olly"], "password_hash": hash_password("new-pw", iterations=1000)},
    }
    assert not any(c.startswith("Signed in") for c in captions(renewed.run()))


def test_sign_out_drops_the_cookie_and_the_session_forgets_it(demo_db, monkeypatch):
    at = sign_in(app().run(), "ana", "pw-ana")
    monkeypatch.setattr("ui.auth.request_cookie", lambda: at.session_state["session_cookie"])
    at.button(key="sign_out").click().run()
    assert not any(c.startswith("Signed in") for c in captions(at))
    assert cookie_written(at)["value"] == ""
    at.run()  # the cookie this session opened with is not read again
    assert not any(c.startswith("Signed in") for c in captions(at))


def test_an_officer_sees_their_roles_and_no_upload(demo_db):
    at = sign_in(app().run(), "olly", "pw-olly")
    assert captions(at)[:2] == ["Signed in as Olly Officer", "Roles: officer, checker"]
    at.switch_page("views/upload.py").run()
    assert not at.get("file_uploader")
    assert at.info[0].value.startswith("Uploading and rolling back loads are for analysts.")


def test_without_browsing_every_page_but_the_public_view_asks_for_a_sign_in(demo_db):
    at = app(browse_without_sign_in=False).run()
    assert [i.value for i in at.info] == [
        "Sign in to see this page: use the sign-in in the sidebar."
    ]
    assert not at.metric and not at.dataframe
    at.switch_page("views/public.py").run()
    assert not [i for i in at.info if i.value.startswith("Sign in to see")]
    assert at.title[0].value and not at.exception
    at.switch_page("views/exceptions.py").run()
    assert [i.value for i in at.info] == [
        "Sign in to see this page: use the sign-in in the sidebar."
    ]
    at = sign_in(at, "olly", "pw-olly")  # any sign-in will do: an officer may browse
    assert not [i for i in at.info if i.value.startswith("Sign in to see")] and at.dataframe


def forced_write():
    """A page's write drawn and submitted by whoever is signed in (set by the test)."""
    import streamlit as st

    from ui import action_forms, auth, rollback
    from ui.store import current_store

    st.session_state[auth.USER] = st.session_state["who"]
    if st.session_state["what"] == "rollback":
        rollback.roll_back(current_store(), st.session_state["batch"])
    else:
        action_forms.add_action_form({"CH0101": "Children in care"}, "forced", "anyone")


@pytest.mark.parametrize("who", ["olly", "nobody"])
def test_a_rollback_called_directly_is_refused_to_anyone_but_an_analyst(demo_db, who):
    batch = int(reads.batches(demo_db)["batch_id"].max())
    at = AppTest.from_function(forced_write, default_timeout=30)
    at.secrets["accounts"] = ACCOUNTS
    at.session_state["who"], at.session_state["what"], at.session_state["batch"] = (
        who,
        "rollback",
        batch,
    )
    at.run()
    assert [e.value for e in at.error] == [
        "Only a signed-in analyst can roll back a load. Nothing was changed."
    ]
    assert demo_db.scalar("SELECT status FROM batches WHERE batch_id = ?", [batch]) == "active"


def test_an_action_form_forced_onto_an_officer_is_refused_on_submit(demo_db):
    before = demo_db.scalar("SELECT count(*) FROM actions")
    at = AppTest.from_function(forced_write, default_timeout=30)
    at.secrets["accounts"] = ACCOUNTS
    at.session_state["who"], at.session_state["what"] = "olly", "action"
    at.run()
    at.text_area(key="forced_plan").input("Recruit two social workers")
    next(b for b in at.button if b.label == "Save the action").click().run()
    assert [e.value for e in at.error] == [
        "Only a signed-in analyst can record an action. Nothing was changed."
    ]
    assert demo_db.scalar("SELECT count(*) FROM actions") == before
    at.session_state["who"] = "ana"  # the same form submitted by an analyst is written
    at.text_area(key="forced_plan").input("Recruit two social workers")
    next(b for b in at.button if b.label == "Save the action").click().run()
    assert demo_db.scalar("SELECT count(*) FROM actions") == before + 1
    assert (
        demo_db.scalar(
            "SELECT created_by FROM actions WHERE action_plan = ?", ["Recruit two social workers"]
        )
        == "Ana Lyst"
    )


def test_an_accounts_entry_is_locked_out_after_five_wrong_passwords(demo_db):
    at = app().run()
    for _ in range(4):
        at = sign_in(at, "olly", "wrong")
        assert [e.value for e in at.error] == [
            "That username and password do not match an account."
        ]
    at = sign_in(at, "olly", "wrong")
    assert [e.value for e in at.error] == [
        "Too many wrong passwords for olly: wait 60 seconds, then try again."
    ]
    at = sign_in(at, "olly", "pw-olly")  # the right one, too soon
    assert "Too many wrong passwords for olly" in at.error[0].value
    assert not any(c.startswith("Signed in") for c in captions(at))
    assert "session_cookie" not in at.session_state
