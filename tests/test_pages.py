"""Every page driven through AppTest: widgets change what is shown, upload needs a sign-in."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pmf_core.analysis.status import status_as_at
from pmf_core.outputs.appendix import appendix_rows
from pmf_core.rules import narrative
from pmf_core.rules.accounts import hash_password
from pmf_core.rules.periods import month_index
from pmf_core.store import reads
from ui import help_page
from ui.text import escape_markdown

PAGES = [
    "views/scorecard.py",
    "views/drilldown.py",
    "views/exceptions.py",
    "views/actions.py",
    "views/my_returns.py",
    "views/sign_off.py",
    "views/collection.py",
    "views/upload.py",
    "views/data_quality.py",
    "views/help.py",
]
ANALYSTS = {
    "jo": {"name": "Jo Analyst", "password_hash": hash_password("correct horse 1", iterations=1000)}
}


def open_page(page: str, db, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(page).run()


def boundary_errors(at: AppTest) -> list[str]:
    """The page boundary's message: a failure it caught (AppTest no longer sees it raise)."""
    from ui.boundary import FAILED

    return [e.value for e in at.error if e.value == FAILED]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_demo_council(demo_read, page):
    at = open_page(page, demo_read)
    assert not at.exception and not at.error
    assert at.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_an_empty_store(tmp_path, monkeypatch, page):
    monkeypatch.setenv("PMF_DB", str(tmp_path / "empty.duckdb"))
    at = open_page(page, None)
    assert not at.exception and not boundary_errors(at)


def test_scorecard_counts_follow_the_directorate_filter(demo_read):
    at = open_page("views/scorecard.py", demo_read)
    red = int(at.metric[0].value)
    expected = status_as_at(demo_read, month_index(2026, 10))
    assert red == int((expected["rag"] == "Red").sum())
    at.selectbox(key="directorate").select("Place").run()
    place = expected[expected["directorate"] == "Place"]
    assert int(at.metric[0].value) == int((place["rag"] == "Red").sum())
    assert at.query_params["directorate"] in ("Place", ["Place"])


def test_scorecard_rows_carry_the_last_twelve_months_before_spc(demo_read):
    at = open_page("views/scorecard.py", demo_read)
    table = next(d.value for d in at.dataframe if "Last 12 months" in d.value.columns)
    columns = list(table.columns)
    assert columns.index("DOT") < columns.index("Last 12 months") < columns.index("SPC")
    monthly = reads.indicators(demo_read).query("frequency == 'monthly'")["indicator_id"]
    row = table[table["ID"].isin(set(monthly))].iloc[0]
    series = reads.series(demo_read, row["ID"])
    window = series[series["end_index"].between(month_index(2025, 11), month_index(2026, 10))]
    assert list(row["Last 12 months"]) == window["value"].tolist() and len(window) == 12


def test_month_comes_from_the_url(demo_read):
    at = open_page("views/scorecard.py", demo_read, month="2025-06")
    assert "As at Jun 2025" in at.caption[0].value


def test_exceptions_match_the_cli_rows_for_the_same_filters(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    at.selectbox(key="committee").select("People and Health").run()
    shown = at.dataframe[0].value["ID"].tolist()
    expected = status_as_at(
        demo_read, month_index(2026, 10), committee="People and Health", rags=["Red", "Amber"]
    )
    assert sorted(shown) == sorted(expected["indicator_id"]) and shown
    at.multiselect(key="rags").select("Blue").run()
    with_blue = status_as_at(
        demo_read,
        month_index(2026, 10),
        committee="People and Health",
        rags=["Red", "Amber", "Blue"],
    )
    assert sorted(at.dataframe[0].value["ID"]) == sorted(with_blue["indicator_id"])


def trend_images(at: AppTest) -> dict[str, tuple[str, str]]:
    """The drill-down's static charts by container (wide, phone): (alt text, SVG text)."""
    found = {}
    for container in at.get("flex_container"):
        for size in ("wide", "phone"):
            if container.proto.id.endswith(f"-{size}_trend_chart"):
                (image,) = [c for c in container.children.values() if c.type == "image"]
                (shown,) = image.proto.imgs
                head, data = shown.url.split(",", 1)
                assert head == "data:image/svg+xml;base64"
                found[size] = (shown.alt, base64.b64decode(data).decode())
    return found


def test_drilldown_follows_the_indicator_choice(demo_read):
    at = open_page("views/drilldown.py", demo_read, indicator="CH0101")
    assert at.header[0].value == escape_markdown("Rates of children in care per 10,000")
    images = trend_images(at)
    assert set(images) == {"wide", "phone"} and not at.get("plotly_chart")
    for alt, svg in images.values():
        assert "Process limits" in svg and "Target" in svg
        assert alt.startswith("Trend from ") and "Process limits" in alt
    at.selectbox(key="service").select("Housing").run()
    assert at.header[0].value.startswith(escape_markdown("New homelessness approaches"))


def test_drilldown_chart_is_an_image_with_alt_text_and_plotly_on_request(demo_read):
    at = open_page("views/drilldown.py", demo_read, indicator="CH0101", month="2025-06")
    series = reads.series(demo_read, "CH0101").set_index("end_index")
    meta = reads.indicator(demo_read, "CH0101").iloc[0].to_dict()
    june = narrative.figure(series.loc[month_index(2025, 6), "value"], meta)
    alt, svg = trend_images(at)["wide"]
    assert alt.startswith(f"Trend from Apr 2023 to Jun 2025: latest {june}, ")  # demo: Apr 2023
    assert f'<title id="trend-wide">{alt}</title>' in svg and "<script" not in svg
    assert 'class="spc-limits"' in svg and 'viewBox="0 0 960 ' in svg
    phone_alt, phone_svg = trend_images(at)["phone"]
    assert phone_alt == alt and 'viewBox="0 0 360 ' in phone_svg
    at.toggle(key="show_spc").set_value(False).run()
    alt, svg = trend_images(at)["wide"]
    assert "Process limits" not in alt and 'class="spc-limits"' not in svg
    assert 'class="target"' in svg and 'class="band"' in svg
    at.toggle(key="interactive_chart").set_value(True).run()
    assert not trend_images(at)
    (chart,) = at.get("plotly_chart")
    assert "Target" in chart.proto.spec and "Process limits" not in chart.proto.spec
    at.toggle(key="show_spc").set_value(True).run()
    assert "Process limits" in at.get("plotly_chart")[0].proto.spec


def test_drilldown_builds_only_the_open_tab(demo_read):
    def shown(at):
        return [set(d.value.columns) for d in at.dataframe]

    at = open_page("views/drilldown.py", demo_read, indicator="CH0101")
    (said,) = at.table  # the commentary, a table whose text wraps
    assert {"Period", "Commentary", "Action plan"} <= set(said.value.columns)
    assert not any("revision" in cols for cols in shown(at))
    at.session_state["drill_tab"] = "Revisions"
    at.run()
    revisions = next(d.value for d in at.dataframe if "revision" in d.value.columns)
    assert revisions["period"].tolist() == reads.revisions(demo_read, "CH0101")["period"].tolist()
    assert not at.table
    at.session_state["drill_tab"] = "Definition"
    at.run()
    assert "CH0101" in at.table[0].value["Value"].tolist()


def test_upload_shows_no_controls_when_signed_out(demo_read):
    at = open_page("views/upload.py", demo_read)
    assert not at.get("file_uploader")
    assert any("Sign in" in b.label for b in at.button) or at.warning


def uploader(at: AppTest):
    """The Upload page's file input (its key changes when the file kind does)."""
    return at.get("file_uploader")[0]


def sign_in(at: AppTest, password="correct horse 1") -> AppTest:
    at.text_input(key="username").input("jo")
    at.text_input(key="password").input(password)
    return at.button[0].click().run()


def signed_in_app(demo_db) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["analysts"] = ANALYSTS
    at.run()
    at.switch_page("views/upload.py").run()
    return sign_in(at)


def test_wrong_password_is_refused(demo_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["analysts"] = ANALYSTS
    at.run()
    at.switch_page("views/upload.py").run()
    at = sign_in(at, "wrong password")
    assert at.error and not at.get("file_uploader")


def test_upload_refuses_a_bad_file_and_commits_a_good_one(demo_db):
    at = signed_in_app(demo_db)
    assert "Signed in as Jo Analyst" in [c.value for c in at.sidebar.caption]
    at.radio(key="kind").set_value("observations").run()
    bad = b"indicator_id,period,value\nCH0101,Septem 2026,70\nNOPE,2026-10,1\n"
    uploader(at).upload("bad *draft*.csv", bad, "text/csv").run()
    problems = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    assert problems["row"].tolist() == [2, 3]
    assert at.error[0].value.startswith(escape_markdown("bad *draft*.csv") + " cannot be loaded")
    assert not [b for b in at.button if b.key == "commit"]
    before = demo_db.scalar("SELECT count(*) FROM batches")
    good = b"indicator_id,period,value,commentary\nAH0101,2026-10,41.5,Revised figure\n"
    uploader(at).upload("good.csv", good, "text/csv").run()
    at.button(key="commit").click().run()
    assert any("Batch" in s.value for s in at.success)
    batch = (
        demo_db.query(
            "SELECT loaded_by, file_name, rows_revised FROM batches ORDER BY batch_id DESC LIMIT 1"
        )
        .iloc[0]
        .tolist()
    )
    assert demo_db.scalar("SELECT count(*) FROM batches") == before + 1
    assert batch == ["Jo Analyst", "good.csv", 1]


def test_data_quality_lists_late_and_overridden_measures(demo_read):
    at = open_page("views/data_quality.py", demo_read)
    values = {m.label: int(m.value) for m in at.metric}
    expected = status_as_at(demo_read, month_index(2026, 10))
    # Four measures the demo makes late, and six whose October is still a return in progress.
    assert values["Late returns"] == int(expected["late"].sum()) == 4 + 6
    assert values["RAG overrides"] == int((expected["rag_source"] == "override").sum()) == 3


def row_name(store, indicator_id: str) -> str:
    return reads.indicators(store).set_index("indicator_id").loc[indicator_id, "name"]


def test_an_exception_shows_its_story_only_when_opened(demo_read):
    from pmf_core.analysis import history

    at = open_page("views/exceptions.py", demo_read)
    first = at.dataframe[0].value["ID"].iloc[0]
    assert len(at.expander) == min(15, len(at.dataframe[0].value))  # the first step
    assert not any(m.value == "**Path to green**" for m in at.markdown)
    at.session_state[f"detail_{first}"] = True
    at.run()
    opened = next(e for e in at.expander if any(m.value == "**Path to green**" for m in e.markdown))
    assert escape_markdown(row_name(demo_read, first)) in opened.label
    row = status_as_at(demo_read, month_index(2026, 10)).set_index("indicator_id").loc[first]
    projection = history.paths_to_green(
        demo_read, row.to_frame().T.reset_index(names="indicator_id"), month_index(2026, 10)
    )[first]
    texts = [m.value for m in opened.markdown]
    assert "Projection from the trend: " + projection.sentence() in texts
    assert [m.value for m in at.markdown].count("**Path to green**") == 1


def test_exceptions_filter_for_special_cause_concerning(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    at.toggle(key="concerning_only").set_value(True).run()
    shown = at.dataframe[0].value
    expected = status_as_at(demo_read, month_index(2026, 10), rags=["Red", "Amber"], with_spc=True)
    expected = expected[expected["variation"] == "Special cause concerning"]
    assert sorted(shown["ID"]) == sorted(expected["indicator_id"]) and len(shown)
    # Each reads as its Making Data Count icon: H or L for the side of the mean, never an arrow.
    assert all(t.startswith(("[H] concern", "[L] concern")) for t in shown["SPC"])


def test_an_analyst_rebases_the_limits_with_a_logged_reason(demo_db):
    from pmf_core.analysis import history

    at = signed_in_app(demo_db)
    at.switch_page("views/drilldown.py").run()
    at.selectbox(key="service").select("Housing").run()
    at.selectbox(key="indicator").select("AH0202").run()
    assert at.header[0].value.startswith(escape_markdown("Households accommodated in B&B"))
    at.session_state["drill_tab"] = "SPC rebases"
    at.run()
    before = history.spc_for(demo_db, "AH0202", month_index(2026, 10))
    at.selectbox(key="rebase_period").select("2026-02")
    at.text_input(key="rebase_reason").input("New temporary accommodation scheme")
    next(b for b in at.button if b.label == "Rebase the limits").click().run()
    log = history.rebase_log(demo_db, "AH0202")
    assert log[["period", "reason", "recorded_by"]].values.tolist() == [
        ["2026-02", "New temporary accommodation scheme", "Jo Analyst"]
    ]
    after = history.spc_for(demo_db, "AH0202", month_index(2026, 10))
    early = before["period"] < "2026-02"
    assert len(set(before["mean"])) == 1  # one set of limits before
    assert after.loc[early, "mean"].round(9).unique().tolist() == [
        round(before.loc[early, "value"].mean(), 9)
    ]
    assert after.loc[~early, "mean"].round(9).unique().tolist() == [
        round(before.loc[~early, "value"].mean(), 9)
    ]


def test_a_rebase_needs_a_reason(demo_read):
    from pmf_core.store import StoreError
    from pmf_core.store.writes import add_rebase

    with pytest.raises(StoreError, match="needs a reason"):
        add_rebase(demo_read, "AH0202", "2026-02", "  ", "jo")
    with pytest.raises(StoreError, match="no period"):
        add_rebase(demo_read, "AH0202", "1999-01", "why", "jo")


def test_tracker_counts_and_overdue_filter(demo_read):
    from datetime import date

    from pmf_core.analysis import actions

    at = open_page("views/actions.py", demo_read)
    expected = actions.tracker(demo_read, date.today())
    assert int(at.metric[2].value) == int((expected["effective_status"] == "overdue").sum())
    at.toggle(key="overdue_only").set_value(True).run()
    shown = at.dataframe[0].value
    assert set(shown["Status"]) == {"overdue"} and len(shown) == int(at.metric[2].value)


def test_an_analyst_adds_and_updates_an_action_from_the_drilldown(demo_db):
    at = signed_in_app(demo_db)
    at.switch_page("views/drilldown.py").run()
    at.selectbox(key="service").select("Planning").run()
    indicator = at.selectbox(key="indicator").value
    at.text_area(key="drill_explanation").input("Backlog after the system migration")
    at.text_area(key="drill_plan").input("Agency planners for 12 weeks; weekly backlog review")
    at.text_input(key="drill_officer").input("Head of Planning")
    next(b for b in at.button if b.label == "Save the action").click().run()
    saved = demo_db.query(
        "SELECT action_id, officer, status, created_by FROM actions "
        "WHERE indicator_id = ? AND action_plan LIKE 'Agency planners%'",
        [indicator],
    )
    assert saved[["officer", "status", "created_by"]].values.tolist() == [
        ["Head of Planning", "open", "Jo Analyst"]
    ]
    at.selectbox(key="drill_action").select(int(saved["action_id"].iloc[0]))
    at.selectbox(key="drill_new_status").select("on track")
    at.text_area(key="drill_note").input("Backlog down by a third")
    next(b for b in at.button if b.label == "Save the update").click().run()
    assert (
        demo_db.scalar(
            "SELECT status FROM actions WHERE action_id = ?", [int(saved["action_id"].iloc[0])]
        )
        == "on track"
    )
    assert (
        demo_db.scalar(
            "SELECT note FROM action_updates WHERE action_id = ? ORDER BY recorded_at DESC LIMIT 1",
            [int(saved["action_id"].iloc[0])],
        )
        == "Backlog down by a third"
    )


def test_exceptions_page_offers_the_appendix_in_three_formats(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Committee appendix (Excel)",
        "Committee appendix (Word)",
        "Committee appendix (CSV)",
    ]


def test_every_page_warms_streamlits_grid_widget_then_plotly_modules(demo_read):
    from ui.warmup import WARMED, lazy_chunk

    grid, chart = lazy_chunk("DataFrame"), lazy_chunk("PlotlyChart")
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    assert (folder / chart).stat().st_size > 1_000_000  # plotly.js itself, not a stub
    assert (folder / grid).stat().st_size > 100_000  # the data grid itself
    at = open_page("views/upload.py", demo_read)
    scripts = [h.proto.body for h in at.sidebar.get("html")]
    chunks = json.dumps([f"./{lazy_chunk(element)}" for element in WARMED])
    assert len(scripts) == 1 and chunks in scripts[0]
    assert chunks.startswith(f'["./{grid}", ') and chunks.endswith(f'"./{chart}"]')


def test_an_officer_named_in_markdown_shows_as_typed(demo_db):
    from pmf_core.ingest import load_bytes

    red = status_as_at(demo_db, month_index(2026, 10), rags=["Red"]).iloc[0]
    meta = reads.indicator(demo_db, red["indicator_id"]).iloc[0]
    owner = "**Head** of _Service_ [x](http://evil)"
    fields = [
        "indicator_id",
        "name",
        "directorate",
        "service",
        "unit",
        "frequency",
        "polarity",
        "committees",
        "owner",
        "decimals",
    ]
    values = [str(meta[f]) for f in fields[:7]] + [
        ";".join(meta["committees"]),
        owner,
        str(meta["decimals"]),
    ]
    csv = (",".join(fields) + "\n" + ",".join(f'"{v}"' for v in values) + "\n").encode()
    assert load_bytes(demo_db, "indicators", csv, "owner.csv", "test").ok
    at = open_page("views/exceptions.py", demo_db)
    at.session_state[f"detail_{red['indicator_id']}"] = True
    at.run()
    caption = next(c.value for e in at.expander for c in e.caption if "accountable" in c.value)
    assert caption.endswith("accountable: " + escape_markdown(owner))


HOSTILE = (
    "**bold** _em_ `code` $x^2$ [link](http://127.0.0.1:9/a) https://example.org "
    "www.example.com ![i](http://127.0.0.1:9/i.png) <b>html</b> &amp;"
)
DEFINITION = [
    "indicator_id",
    "name",
    "directorate",
    "service",
    "unit",
    "frequency",
    "polarity",
    "committees",
    "priority",
    "perspective",
    "owner",
    "decimals",
    "description",
]


def restate(store, indicator_id: str, **changes) -> None:
    """Load an indicator's definition again with some fields changed."""
    from pmf_core.ingest import load_bytes

    meta = reads.indicator(store, indicator_id).iloc[0]
    values = {f: meta[f] for f in DEFINITION}
    values["committees"] = ";".join(meta["committees"])
    values.update(changes)
    row = ",".join('"' + ("" if v is None or v != v else str(v)) + '"' for v in values.values())
    csv = (",".join(DEFINITION) + "\n" + row + "\n").encode()
    report = load_bytes(store, "indicators", csv, "restated.csv", "test")
    assert report.ok, report.problems


def override(store, indicator_id: str, reason: str) -> None:
    from pmf_core.ingest import load_bytes

    csv = (
        "indicator_id,period,value,rag_override,override_reason\n"
        f'{indicator_id},2026-10,61.5,Blue,"{reason}"\n'
    ).encode()
    assert load_bytes(store, "observations", csv, "override.csv", "test").ok


def test_priority_pills_show_the_priority_as_typed(demo_db):
    restate(demo_db, "CH0101", priority=HOSTILE)
    at = open_page("views/scorecard.py", demo_db)
    at.radio(key="panels_by").set_value("Council plan priority").run()
    pills = [o.content for o in at.get("button_group")[0].proto.options]
    assert escape_markdown(HOSTILE) in pills and HOSTILE not in pills


def test_definition_and_rag_tooltip_show_user_text_as_typed(demo_db):
    restate(
        demo_db,
        "CH0101",
        name=HOSTILE,
        directorate=HOSTILE + " d",
        owner=HOSTILE + " o",
        description=HOSTILE + " desc",
    )
    override(demo_db, "CH0101", HOSTILE + " reason")
    at = open_page("views/drilldown.py", demo_db, indicator="CH0101")
    rag = next(m for m in at.metric if m.label == "RAG")
    computed = (
        status_as_at(demo_db, month_index(2026, 10))
        .set_index("indicator_id")
        .loc["CH0101", "rag_computed"]
    )
    assert rag.value == "★ Blue (override)"  # marked as every table marks it
    assert rag.proto.help == help_page.hint(
        escape_markdown(f"Override: {HOSTILE} reason (computed {computed})"), "RAG status"
    )
    at.session_state["drill_tab"] = "Definition"
    at.run()
    values = at.table[0].value["Value"].tolist()
    for text in (HOSTILE + " d", HOSTILE + " o", HOSTILE + " desc"):
        assert escape_markdown(text) in values
    assert not any(HOSTILE in str(v) for v in values)


def test_an_exception_without_an_owner_opens(demo_db):
    red = status_as_at(demo_db, month_index(2026, 10), rags=["Red"]).iloc[0]
    restate(demo_db, red["indicator_id"], owner=None)
    at = open_page("views/exceptions.py", demo_db)
    at.session_state[f"detail_{red['indicator_id']}"] = True
    at.run()
    assert not at.exception and not at.error
    caption = next(c.value for e in at.expander for c in e.caption if "accountable" in c.value)
    # No owner: the officers of its open actions, as the print view and the appendix say.
    from datetime import date

    from pmf_core.analysis import actions

    plans = actions.open_plans(demo_db, date.today()).set_index("indicator_id")
    officers = plans["action_officer"].get(red["indicator_id"]) or "not set"
    assert caption.endswith("accountable: " + escape_markdown(officers))


def test_a_failing_page_says_so_plainly_and_logs_the_detail(demo_read, monkeypatch, caplog):
    import pmf_core.analysis.scorecard
    from ui.boundary import FAILED

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(pmf_core.analysis.scorecard, "worst_panel", broken)
    at = open_page("views/scorecard.py", demo_read)
    assert not at.exception
    assert [e.value for e in at.error] == [FAILED]
    assert "/srv/secret/path exploded" in caplog.text  # the detail is in the server log
    at.switch_page("views/data_quality.py").run()  # st.stop and switch_page still work
    assert at.title[0].value == "Data quality" and not at.error


def test_missing_optional_texts_break_no_page(demo_db):
    from pmf_core.ingest import load_bytes

    restate(
        demo_db,
        "CH0101",
        unit=None,
        priority=None,
        perspective=None,
        owner=None,
        description=None,
        committees=None,
        decimals=None,
    )
    csv = (
        b"indicator_id,period,value,commentary,action,rag_override,override_reason\n"
        b"CH0101,2026-10,61.5,,Recruit two carers,Red,Checked by hand\n"
    )
    assert load_bytes(demo_db, "observations", csv, "x.csv", "test").ok
    with demo_db.transaction() as con:  # as an extract's action opens with no owner
        con.execute("UPDATE actions SET officer = NULL WHERE indicator_id = 'CH0101'")
    at = open_page("views/scorecard.py", demo_db)
    at.radio(key="panels_by").set_value("Council plan priority").run()
    at.session_state["panel_priority"] = "(none)"
    at.run()
    assert not boundary_errors(at) and not at.exception
    panel = next(d.value for d in at.dataframe if "Last 12 months" in d.value.columns)
    assert "CH0101" in panel["ID"].tolist()
    at.switch_page("views/drilldown.py").run()
    service = reads.indicator(demo_db, "CH0101")["service"].iloc[0]
    at.selectbox(key="service").select(service).run()
    at.selectbox(key="indicator").select("CH0101").run()
    assert any(e.label.endswith("no officer") for e in at.expander)
    assert not boundary_errors(at) and not at.exception
    at.session_state["drill_tab"] = "Definition"
    at.run()
    values = dict(zip(at.table[0].value["Field"], at.table[0].value["Value"]))
    assert values["Owner"] == values["Description"] == values["Unit"] == ""
    assert values["Committees"] == "none"
    at.switch_page("views/exceptions.py").run()
    at.session_state["detail_CH0101"] = True
    at.run()
    assert "accountable: not set" in [c.value for e in at.expander for c in e.caption][0]
    for page in ("views/actions.py", "views/data_quality.py"):
        at.switch_page(page).run()
        assert not boundary_errors(at) and not at.exception and not at.error


def test_exceptions_page_and_appendix_show_the_same_action_for_every_exception(demo_read):
    from datetime import date

    from pmf_core.analysis import actions

    at = open_page("views/exceptions.py", demo_read)
    at.multiselect(key="rags").select("Blue").run()
    shown = at.dataframe[0].value.set_index("Measure")
    status = status_as_at(demo_read, month_index(2026, 10), rags=["Red", "Amber", "Blue"])
    appendix = appendix_rows(status, demo_read, date.today()).set_index("Indicator")
    assert len(shown) == len(appendix) == len(status) > 50
    # Each plan as the page prints it under its exception (the table leaves plans to them).
    printed = open_page("views/exceptions.py", demo_read, print="1", rag="Red,Amber,Blue")
    texts = [m.value for m in printed.markdown]
    planned = appendix["Action"][appendix["Action"] != ""]
    assert len(planned) > 20
    for name, action in planned.items():
        as_typed = "  \n".join(escape_markdown(line) for line in action.splitlines())
        assert as_typed in texts, name
    tracked = actions.tracker(demo_read, date.today())
    expected = tracked.groupby("name")["effective_status"].agg(lambda s: ", ".join(sorted(set(s))))
    assert (
        shown["Action status"].replace("", None).dropna().to_dict()
        == expected[expected.index.isin(shown.index)].to_dict()
    )
    assert "overdue" in set(shown["Action status"].str.split(", ").explode())


def test_exceptions_new_this_month_are_marked(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    at.multiselect(key="rags").select("Blue").run()
    shown = at.dataframe[0].value
    before = status_as_at(demo_read, month_index(2026, 9)).set_index("indicator_id")["rag"]
    now = status_as_at(demo_read, month_index(2026, 10), rags=["Red", "Amber", "Blue"])
    new = set(now[~now["indicator_id"].map(before).isin(["Red", "Amber", "Blue"])]["indicator_id"])
    assert set(shown.loc[shown["New"] == "✚ new", "ID"]) == new and new
    marked = [e.label for e in at.expander if e.label.startswith("✚ New · ")]
    assert len(marked) == len(new.intersection(shown["ID"].head(15)))  # details: first 15


def test_the_tracker_has_no_month_that_changes_nothing(demo_read):
    at = open_page("views/actions.py", demo_read)
    assert not [s for s in at.selectbox if s.key == "as_at"]
    assert at.caption[0].value.startswith("Actions as they stand today, ")


def test_data_quality_checks_carry_their_own_columns_and_help(demo_read):
    from ui import quality_checks

    status = status_as_at(demo_read, month_index(2026, 10))
    checks = {
        c.title: c for c in quality_checks.checks(status, month_index(2026, 10), status.head(0))
    }
    assert checks["Late returns"].topic == "late"
    assert {c.topic for t, c in checks.items() if t != "Late returns"} == {
        "where the data comes from"
    }
    overrides = quality_checks.table(checks["RAG overrides"])
    expected = status[status["rag_source"] == "override"]
    assert sorted(overrides["Computed"]) == sorted(expected["rag_computed"])
    assert "Computed" not in quality_checks.table(checks["Late returns"])
    at = open_page("views/data_quality.py", demo_read)
    shown = [d.value for d in at.dataframe if "Reason" in d.value.columns]
    assert len(shown) == 1 and sorted(shown[0]["Computed"]) == sorted(expected["rag_computed"])


def test_a_data_quality_card_carries_the_checks_own_columns(demo_read):
    from ui import quality_checks

    status = status_as_at(demo_read, month_index(2026, 10))
    checks = {
        c.key: c for c in quality_checks.checks(status, month_index(2026, 10), status.head(0))
    }
    overridden = status[status["rag_source"] == "override"]
    notes = quality_checks.card_notes(checks["overrides"])
    assert set(notes) == set(overridden["indicator_id"]) and len(notes) == 3
    for _, row in overridden.iterrows():
        said = f"Computed: {row['rag_computed']} · Reason: {row['override_reason']}"
        assert notes[row["indicator_id"]].endswith(said)
    assert quality_checks.card_notes(checks["notes"]) == {}  # no rows, nothing to add


def test_table_colours_come_from_the_status_words_not_the_badges(demo_read):
    from ui import tables

    status = (
        status_as_at(demo_read, month_index(2026, 10), with_spc=True)
        .head(3)
        .assign(
            rag=["Red", "Purple", "Amber"],
            rag_source=["override", "computed", "computed"],
            dot=["Improving", None, "Worsening"],
            variation_icon=["Concern (low)", "", "Common cause"],
        )
    )
    frame = tables.readable(status)
    frame["RAG"] = ["", "", ""]  # what a cell shows is never read back
    css = tables.styles(frame, status)
    assert css["RAG"].tolist() == [
        "background-color: #d4351c; color: #ffffff",
        "background-color: #b1b4b6; color: #0b0c0c",
        "background-color: #f47738; color: #0b0c0c",
    ]
    assert css["DOT"].str.split(";").str[0].tolist() == [
        "color: #00703c",
        "color: #505a5f",
        "color: #d4351c",
    ]
    assert css["SPC"].str.split(";").str[0].tolist() == [
        "color: #b94b12",
        "color: #505a5f",
        "color: #505a5f",
    ]
    assert (css["Measure"] == "").all()


def test_a_rerun_of_the_drilldown_and_tracker_reads_nothing_from_the_store(demo_read, monkeypatch):
    import pmf_core.analysis.actions
    from pmf_core.analysis import history

    running = set(
        reads.indicators(demo_read).query("accumulation == 'year_to_date'")["indicator_id"]
    )
    acted = reads.actions(demo_read)["indicator_id"]
    indicator = acted[~acted.isin(running)].iloc[0]  # a measure with SPC, so its toggle
    # The tracker's first visit, both ways, reads its actions once (whatever ran before).
    tracker = open_page("views/actions.py", demo_read)
    tracker.toggle(key="overdue_only").set_value(True).run()
    at = open_page("views/drilldown.py", demo_read, indicator=indicator)
    assert any(e.label.startswith("Action ") for e in at.expander)
    reads_made = []
    for module, name in (
        (reads, "action_updates"),
        (reads, "actions"),
        (history, "spc_for"),
        (pmf_core.analysis.actions, "with_status"),
        (pmf_core.analysis.actions, "changes_since"),
    ):
        real = getattr(module, name)
        monkeypatch.setattr(
            module,
            name,
            lambda *a, real=real, name=name, **kw: reads_made.append(name) or real(*a, **kw),
        )
    at.toggle(key="show_spc").set_value(False).run()  # only a widget changes
    at.switch_page("views/actions.py").run()
    at.toggle(key="overdue_only").set_value(True).run()
    assert not at.exception and reads_made.count("action_updates") == 0
    reads_made.clear()
    at.toggle(key="overdue_only").set_value(False).run()
    assert reads_made == []


def test_the_commentary_shows_only_the_columns_some_period_fills(demo_db):
    from pmf_core.ingest import load_bytes

    at = open_page("views/drilldown.py", demo_db, indicator="CH0101")
    assert list(at.table[0].value.columns) == ["Period", "Commentary", "Action plan"]
    csv = (
        b"indicator_id,period,value,commentary,note\n"
        b"CH0101,2026-10,61.5,Revised,Includes late returns from one team\n"
    )
    assert load_bytes(demo_db, "observations", csv, "x.csv", "test").ok
    at = open_page("views/drilldown.py", demo_db, indicator="CH0101")
    said = at.table[0].value
    assert list(said.columns) == ["Period", "Commentary", "Action plan", "Data note"]
    assert "Includes late returns from one team" in said["Data note"].tolist()


def test_drilldown_of_a_weekly_measure_reads_in_weeks(demo_read):
    at = open_page("views/drilldown.py", demo_read, indicator="CD0407", month="2026-10")
    assert not at.exception and not boundary_errors(at)
    assert at.header[0].value == escape_markdown("Calls answered within 60 seconds, weekly (%)")
    latest = at.metric[0]
    assert latest.label == "Latest" and "w/e 25 Oct 2026" in latest.proto.help
    alt, svg = trend_images(at)["wide"]
    # The drill-down draws every week since the first, 2 Apr 2023 (2023-W13).
    assert alt.startswith("Trend from w/e 2 Apr 2023 to w/e 25 Oct 2026: latest ")
    assert "w/e 25 Oct 2026" in svg and 'class="target"' in svg
    assert "the previous week" in " ".join(m.value for m in at.markdown)
    assert "Path to green" in [h.value for h in at.subheader]


def test_drilldown_of_a_place_measure_shows_no_target_rag_or_path(demo_read):
    at = open_page("views/drilldown.py", demo_read, indicator="PL0507", month="2026-10")
    assert not at.exception and not boundary_errors(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Target"] == "–" and metrics["RAG"].endswith("Not rated")
    assert "w/e" not in metrics["Latest"]
    assert at.metric[0].proto.help.startswith("H1 2026/27")
    alt, svg = trend_images(at)["wide"]
    assert alt.startswith("Trend from H2 2020/21 to H1 2026/27")
    assert 'class="target"' not in svg and 'class="band"' not in svg
    assert "Path to green" not in [h.value for h in at.subheader]


def test_drilldown_of_a_year_to_date_measure(demo_read):
    """Council tax collected: its profiled target, no SPC, a year-end forecast."""
    at = open_page("views/drilldown.py", demo_read, indicator="CD0201", month="2026-10")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Latest"] == "64.16%"
    assert metrics["Target"] == "64.27%"
    captions = " ".join(c.value for c in at.caption)
    assert "Target profiled for the year to date" in captions
    assert "SPC does not apply to cumulative figures" in captions
    alt, svg = trend_images(at)["wide"]
    assert "Process limits" not in alt and 'class="spc-limits"' not in svg
    assert "show_spc" not in [t.key for t in at.toggle]
    said = " ".join(m.value for m in at.markdown)
    assert "year-end forecast" in said
    at.toggle(key="interactive_chart").set_value(True).run()
    charts = [c for c in at.get("plotly_chart") if "Same period last year" in c.proto.spec]
    assert len(charts) == 1  # the trend (the benchmark panel draws its own chart)
    assert "Target" in charts[0].proto.spec and "Process limits" not in charts[0].proto.spec


def test_drilldown_of_a_range_and_of_a_rate_from_its_counts(demo_read):
    at = open_page("views/drilldown.py", demo_read, indicator="CD0302", month="2026-10")
    assert {m.label: m.value for m in at.metric}["Target range"] == "8.0–12.0%"
    at = open_page("views/drilldown.py", demo_read, indicator="CH0103", month="2026-10")
    assert {m.label: m.value for m in at.metric}["Latest"] == "50.20"
    assert "Latest: 311 of 61,950" in [c.value for c in at.caption]
