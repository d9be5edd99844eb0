"""The Upload page through AppTest: one file checked once and loaded at most once, rollback with
a confirmation and its summary, a picker without stale batches, and the sign-in lockout."""

from __future__ import annotations

import math
import re
import time

import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pmf_core.rules.accounts import hash_password
from pmf_core.store import reads
from pmf_core.store.writes import rollback_batch
from ui.text import escape_markdown

ANALYSTS = {
    "jo": {"name": "Jo Analyst", "password_hash": hash_password("correct horse 1", iterations=1000)}
}
GOOD = b"indicator_id,period,value,commentary\nAH0101,2026-10,41.5,Revised figure\n"


def upload_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["analysts"] = ANALYSTS
    at.run()
    return at.switch_page("views/upload.py").run()


def sign_in(at: AppTest, password: str = "correct horse 1", name: str = "jo") -> AppTest:
    at.text_input(key="username").input(name)
    at.text_input(key="password").input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


def signed_in(kind: str = "observations") -> AppTest:
    at = sign_in(upload_page())
    return at.radio(key="kind").set_value(kind).run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return at.get("file_uploader")[0].upload(name, data, "text/csv").run()


def buttons(at: AppTest, key: str) -> list:
    return [b for b in at.button if b.key == key]


def batch_count(store) -> int:
    return store.scalar("SELECT count(*) FROM batches")


def test_a_file_is_committed_once_even_when_commit_is_clicked_twice(demo_db):
    before = batch_count(demo_db)
    at = upload(signed_in(), "good.csv", GOOD)
    commit = at.button(key="commit")
    commit.click().run()
    commit.click().run()  # the second click of a double click, after the first run
    assert batch_count(demo_db) == before + 1
    assert not buttons(at, "commit")
    latest = int(reads.batches(demo_db)["batch_id"].max())
    assert [s.value for s in at.success] == [
        escape_markdown(f"Batch {latest} loaded from good.csv: 0 new rows, 1 revised, 0 unchanged.")
    ]
    at = upload(at, "good.csv", GOOD)  # the same file chosen again in this session
    assert not buttons(at, "commit") and batch_count(demo_db) == before + 1


def test_a_file_already_in_force_says_so_instead_of_offering_a_commit(demo_db, monkeypatch):
    from pmf_core import ingest

    real = ingest.check_file

    def already(*args, **kwargs):
        report = real(*args, **kwargs)
        report.already_loaded = "already loaded as batch 7 (1 Nov 2026, Jo); nothing changed"
        return report

    monkeypatch.setattr(ingest, "check_file", already)
    before = batch_count(demo_db)
    at = upload(signed_in(), "good.csv", GOOD)
    assert not buttons(at, "commit")
    assert [i.value for i in at.info] == [
        escape_markdown("good.csv: already loaded as batch 7 (1 Nov 2026, Jo); nothing changed")
    ]
    assert batch_count(demo_db) == before


def test_switching_the_kind_after_a_commit_does_not_check_the_old_file_again(demo_db):
    at = upload(signed_in(), "good.csv", GOOD)
    at.button(key="commit").click().run()
    before = batch_count(demo_db)
    at.radio(key="kind").set_value("targets").run()
    assert at.get("file_uploader")[0].value is None  # the uploader is empty again
    assert not at.error and not buttons(at, "commit")
    assert not [d for d in at.dataframe if "problem" in d.value.columns]
    assert batch_count(demo_db) == before


def test_rollback_asks_first_then_says_what_it_restored(demo_db):
    at = upload(signed_in(), "good.csv", GOOD)
    at.button(key="commit").click().run()
    batch = int(reads.batches(demo_db)["batch_id"].max())
    label = at.selectbox(key="rollback_id")
    assert any(
        o.startswith(f"Batch {batch} · observations · good.csv · ") for o in _option_labels(at)
    )
    label.select(batch).run()
    at.button(key="rollback_ask").click().run()
    assert _status(demo_db, batch) == "active"  # nothing happens before 'Yes'
    yes = at.button(key="rollback_yes")
    assert yes.label == f"Yes, roll back batch {batch}"
    yes.click().run()
    assert _status(demo_db, batch) == "rolled_back"
    said = escape_markdown(f"Batch {batch} rolled back: 1 observations row withdrawn, ")
    assert [s.value for s in at.success if s.value.startswith(said)]  # RollbackResult.summary
    assert not any(o.startswith(f"Batch {batch} ") for o in _option_labels(at))
    assert at.selectbox(key="rollback_id").value is None


def test_cancel_leaves_the_batch_in_force(demo_db):
    at = signed_in()
    batch = int(reads.batches(demo_db)["batch_id"].max())
    at.selectbox(key="rollback_id").select(batch).run()
    at.button(key="rollback_ask").click().run()
    at.button(key="rollback_cancel").click().run()
    assert _status(demo_db, batch) == "active" and not buttons(at, "rollback_yes")


def test_a_batch_rolled_back_elsewhere_is_no_longer_offered(demo_db):
    at = signed_in()
    batch = int(reads.batches(demo_db)["batch_id"].max())
    at.selectbox(key="rollback_id").select(batch).run()
    rollback_batch(demo_db, batch, "someone else")
    at.run()
    assert not any(o.startswith(f"Batch {batch} ") for o in _option_labels(at))
    assert at.selectbox(key="rollback_id").value is None and not buttons(at, "rollback_yes")


def test_a_refused_rollback_is_said_in_plain_words(demo_db, monkeypatch):
    import ui.rollback
    from pmf_core.store import StoreError

    def refuse(store, batch_id, user):
        raise StoreError(f"Batch {batch_id} defines indicators that batch 9 (*x*.csv) uses.")

    monkeypatch.setattr(ui.rollback, "rollback_batch", refuse)
    at = signed_in()
    batch = int(reads.batches(demo_db)["batch_id"].min())
    at.selectbox(key="rollback_id").select(batch).run()
    at.button(key="rollback_ask").click().run()
    at.button(key="rollback_yes").click().run()
    assert [e.value for e in at.error] == [
        escape_markdown(f"Batch {batch} defines indicators that batch 9 (*x*.csv) uses.")
    ]
    assert not at.exception and _status(demo_db, batch) == "active"


def test_five_wrong_passwords_make_the_name_wait(demo_db):
    at = upload_page()
    for _ in range(4):
        at = sign_in(at, "wrong")
        assert [e.value for e in at.error] == [
            "That username and password do not match an account."
        ]
    started = time.monotonic()
    at = sign_in(at, "wrong")
    took = time.monotonic() - started
    # The wait runs from the attempt: the page says what is left of 60 s when it answers.
    said = re.fullmatch(
        r"Too many wrong passwords for jo: wait (\d+) seconds, then try again\.", at.error[0].value
    )
    assert said and 60 - math.ceil(took) <= int(said.group(1)) <= 60
    assert len(at.error) == 1
    at = sign_in(at, "correct horse 1")  # the right one, too soon
    assert "Too many wrong passwords for jo" in at.error[0].value
    assert not at.get("file_uploader")
    st.cache_resource.clear()  # the app restarted: no memory
    at = sign_in(upload_page(), "correct horse 1")
    assert "Too many wrong passwords for jo" in at.error[0].value
    assert not at.get("file_uploader")


def _option_labels(at: AppTest) -> list[str]:
    return list(at.selectbox(key="rollback_id").proto.options)


def _status(store, batch_id: int) -> str:
    return store.scalar("SELECT status FROM batches WHERE batch_id = ?", [batch_id])
