"""The public site: only public measures, never a forbidden field, text escaped, no script or
fetch. Distinctive text is planted in every forbidden field and searched for in every
file written."""

import re
from datetime import date

import pytest
from test_report import HOSTILE, TARGETS, load

from conftest import copied, csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.outputs import site as site_module
from pmf_core.outputs.site import publish
from pmf_core.rules.periods import month_index
from pmf_core.store import reads
from pmf_core.store.writes import update_action

INDICATORS = (
    "indicator_id,name,directorate,service,unit,frequency,polarity,level,priority,decimals,"
    "public,owner\n"
    "SAT,Residents satisfied <i>overall</i> (%),Corporate,Customer,%,quarterly,"
    "higher_is_better,strategic,Responsive council,1,yes,Jo PlantedOfficer\n"
    "HOMES,Affordable homes delivered,Place,Housing,No.,quarterly,higher_is_better,strategic,"
    "Suitable housing,0,YES,\n"
    "BINS,PlantedPrivate missed bins,Place,Waste,No.,monthly,lower_is_better,service,"
    "Unique environment,0,no,\n"
)
FIRST = """\
indicator_id,period,value,commentary,note
HOMES,2020/21 Q2,79,PlantedRevision commentary,PlantedRevision note
"""
EXTRACT = f"""\
indicator_id,period,value,commentary,action,rag_override,override_reason,note
SAT,2020/21 Q1,57.14,,,,,
SAT,2020/21 Q2,55.2,"{HOSTILE.replace('"', '""')}",PlantedAction plan,,,PlantedNote one
HOMES,2020/21 Q1,70,,,,,
HOMES,2020/21 Q2,80,Ahead of plan.,,Amber,PlantedReason for override,
BINS,2020-09,38,PlantedPrivate commentary,,,,
"""
FORBIDDEN = (
    "PlantedOfficer",
    "PlantedPrivate",
    "PlantedRevision",
    "PlantedNote",
    "PlantedAction",
    "PlantedReason",
    "PlantedUser",
    "PlantedUpdate",
    "PlantedUpdater",
)
SEP_20 = month_index(2020, 9)
FETCH = re.compile(r"""(src|href|url|action)\s*[=(]\s*["']?\s*(https?:)?//""", re.I)


@pytest.fixture(scope="module")
def site_store(empty_store_file, tmp_path_factory):
    """The planted store, built once: publishing only reads it."""
    store = copied(empty_store_file, tmp_path_factory.mktemp("site") / "pmf.duckdb")
    load(store, "indicators", INDICATORS, "PlantedUser")
    load(store, "targets", TARGETS)
    load(store, "observations", FIRST, "PlantedUser")
    load(store, "observations", EXTRACT, "PlantedUser")
    action = reads.actions(store, "SAT")["action_id"].iloc[0]
    update_action(
        store,
        int(action),
        status="on track",
        note="PlantedUpdate text",
        user="PlantedUpdater",
        update_date=date(2020, 10, 2),
    )
    return store


@pytest.fixture(scope="module")
def site(site_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("published") / "site"
    folder.mkdir()
    (folder / "measure-GONE.html").write_text("a measure no longer public")
    publish(site_store, SEP_20, folder)
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}


def test_only_public_measures_are_written(site):
    assert sorted(site) == ["index.html", "measure-HOMES.html", "measure-SAT.html"]
    assert 'href="measure-SAT.html"' in site["index.html"]


def test_no_forbidden_field_in_any_file(site):
    for name, text in site.items():
        for planted in FORBIDDEN:
            assert planted.lower() not in text.lower(), (name, planted)


def test_text_is_escaped_and_nothing_runs_or_fetches(site):
    for name, text in site.items():
        assert "<script" not in text.lower(), name
        assert not re.search(r"<[^>]+\son\w+\s*=", text, re.I), name
        assert not FETCH.search(text), name
        assert not re.search(r"<(img|link|iframe|object|embed|form)\b", text, re.I), name
        assert "<i>overall</i>" not in text and "<b>bold</b>" not in text
    assert "Residents satisfied &lt;i&gt;overall&lt;/i&gt; (%)" in site["index.html"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in site["measure-SAT.html"]


def test_measure_page_carries_figures_sentence_and_commentary(site):
    page = site["measure-HOMES.html"]
    assert (
        "80 in Q2 2020/21 against a target of 75: Amber (set by the service; computed "
        "Green), better than the previous quarter (70)."
    ) in page
    assert "Ahead of plan." in page and "◆ Amber" in page and "▲ Improving" in page
    assert re.search(
        r'<svg [^>]*role="img"[^>]*><title id="c-measure">Trend from Q1 2020/21 '
        r"to Q2 2020/21: latest 80, lowest 70, highest 80; target 75\.</title>",
        page,
    )
    assert "The trend shows up to the last eight quarters." in page


def test_pages_are_accessible_html(site):
    for name, text in site.items():
        assert text.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in text
        levels = [int(h) for h in re.findall(r"<h([1-6])\b", text)]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), name
        headers = re.findall(r"<th\b[^>]*>", text)
        assert all('scope="' in h for h in headers), name
    index = site["index.html"]
    assert index.index("Responsive council") < index.index("Suitable housing")


def test_public_column_is_checked_and_defaults_to_no(store):
    text = (
        "indicator_id,name,directorate,service,unit,frequency,polarity,public\n"
        "A,One,D,S,No.,monthly,none,\nB,Two,D,S,No.,monthly,none,perhaps\n"
    )
    refused = load_bytes(store, "indicators", csv_bytes(text), "i.csv", "tester")
    assert [(p.row, p.column, p.value) for p in refused.problems] == [(3, "public", "perhaps")]
    load(store, "indicators", text.replace("perhaps", "Yes"))
    got = reads.indicators(store).set_index("indicator_id")["public"].to_dict()
    assert got == {"A": False, "B": True}


def test_an_older_store_gains_the_public_column(store):
    with store.transaction() as con:
        con.execute("ALTER TABLE indicators DROP COLUMN public")
    store.create()
    load(store, "indicators", INDICATORS)
    got = reads.indicators(store).set_index("indicator_id")["public"].to_dict()
    assert got == {"SAT": True, "HOMES": True, "BINS": False}


def test_publish_never_writes_through_a_link(site_store, tmp_path):
    web = tmp_path / "web"
    folder, victim = web / "site", web / "victim.txt"
    folder.mkdir(parents=True)
    victim.write_text("not the site's")
    (folder / "index.html").symlink_to(victim)
    with pytest.raises(site_module.PublishRefused, match="'index.html', which is a link"):
        publish(site_store, SEP_20, folder)
    assert victim.read_text() == "not the site's"
    (folder / "index.html").unlink()
    (folder / "measure-SAT.html").symlink_to(web / "created.txt")  # dangling
    with pytest.raises(site_module.PublishRefused, match="'measure-SAT.html'"):
        publish(site_store, SEP_20, folder)
    assert not (web / "created.txt").exists()
    assert sorted(p.name for p in web.iterdir()) == ["site", "victim.txt"]
    linked = web / "linked-site"
    linked.symlink_to(folder)
    with pytest.raises(site_module.PublishRefused, match="is a link"):
        publish(site_store, SEP_20, linked)


def test_publish_replaces_its_own_folder_whole_and_refuses_one_holding_other_files(
    site_store, tmp_path
):
    folder = tmp_path / "web" / "site"
    folder.mkdir(parents=True)
    folder.chmod(0o750)
    (folder / "measure-GONE.html").write_text("a measure no longer public")
    written = publish(site_store, SEP_20, folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "index.html",
        "measure-HOMES.html",
        "measure-SAT.html",
    ]
    assert written == sorted(folder.iterdir()) and folder.stat().st_mode & 0o777 == 0o750
    assert [p.name for p in folder.parent.iterdir()] == ["site"]  # nothing left beside
    (folder / "notes.txt").write_text("kept")
    refused = "'notes.txt', which publish did not write"
    with pytest.raises(site_module.PublishRefused, match=refused):
        publish(site_store, SEP_20, folder)
    assert (folder / "notes.txt").read_text() == "kept"


def test_an_overridden_status_is_marked_on_the_site_as_in_the_public_view(site, site_store):
    # HOMES: 80 against 75 computes Green; the extract sets Amber. The app's Public view shows
    # the MeasureView's badge; the site's table and the measure's page show the same words.
    views = {v.indicator_id: v for v in site_module.site(site_store, SEP_20).views}
    assert (views["HOMES"].rag_badge, views["SAT"].rag_badge) == ("◆ Amber (override)", "✖ Red")
    for name in ("index.html", "measure-HOMES.html"):
        assert ">◆ Amber (override)</span>" in site[name], name
    assert ">✖ Red</span>" in site["measure-SAT.html"]
    assert site["index.html"].count("(override)") == 1  # HOMES only
