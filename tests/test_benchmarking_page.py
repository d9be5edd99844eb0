"""The Benchmarking page, the drill-down's benchmark panel and the quartile column, in AppTest."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_cli import BENCHMARKS, GROUPS

from conftest import ROOT, csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.store import comparators
from ui.text import escape_markdown

SAMPLE = ROOT / "data" / "sample"
HOSTILE = "<b>Dorset</b> *[x](http://evil)*"
HOSTILE_AREA = "<i>Wiltshire</i> _[y](http://evil)_"


def open_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.switch_page(page).run()


@pytest.fixture
def bench_db(store, monkeypatch):
    """The CLI tests' residual waste data; the own area's name and Wiltshire's are markup."""
    comparators.set_area(store, "E06000059", HOSTILE, "tester")
    for kind, text in (
        ("benchmarks", BENCHMARKS.replace(",Wiltshire,", f",{HOSTILE_AREA},")),
        ("groups", GROUPS),
    ):
        assert load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester").ok
    monkeypatch.setenv("PMF_DB", store.path)
    return store


def numbers(data) -> list:
    """Plotly's JSON holds arrays as lists or as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def metrics_shown(at) -> dict:
    return {m.label: m.value for m in at.metric}


class TableCells(HTMLParser):
    """The rows of cells (header row first) of the first table in a block of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.depth, self.cell = 0, None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table" and not self.rows:
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("th", "td"):
            self.cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = 0
        elif self.depth and tag in ("th", "td"):
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell += data


def static_table(at, having: str = "Period") -> pd.DataFrame:
    """The page's first plain HTML table (ui/tables.static) with the column ``having``, as the
    words it shows."""
    for block in at.get("html"):
        parser = TableCells()
        parser.feed(block.proto.body)
        if parser.rows and having in parser.rows[0]:
            return pd.DataFrame(parser.rows[1:], columns=parser.rows[0])
    raise AssertionError("no table on the page")


def test_the_page_shows_rank_quartile_and_median_worked_by_hand(bench_db):
    at = open_page("views/benchmarking.py")
    assert not at.exception and at.title[0].value == "Benchmarking"
    # Default group: Region (3 members). 2022/23: only Wiltshire (470) besides 490: 2 of 2.
    assert metrics_shown(at) == {
        "Value, 2022/23": "490",
        "Rank": "2nd of 2",
        "Quartile": "Q4: bottom quarter",
        "Group median": "470",
    }
    at.selectbox(key="group").select("Nearest neighbours").run()
    # 470, 495, 510 besides 490: rank 2 of 4, ceil(8/4) = 2; median 495.
    assert metrics_shown(at) == {
        "Value, 2022/23": "490",
        "Rank": "2nd of 4",
        "Quartile": "Q2: second quarter",
        "Group median": "495",
    }
    assert at.query_params["group"] in ("Nearest neighbours", ["Nearest neighbours"])
    table = static_table(at)
    assert table["Period"].tolist() == ["2022/23", "2021/22"]
    assert table["Rank"].tolist() == ["2nd of 4", "3rd of 4"]
    # One precision for the metric: its loaded values are whole, so 482.5 shows as 483 (half
    # up), as the value and the median do.
    assert table["Lower quartile"].tolist() == ["483", "465"]


def test_the_ranked_chart_lists_areas_best_first_with_the_council_marked(bench_db):
    at = open_page("views/benchmarking.py", group="Nearest neighbours")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = charts[0]["data"][0]
    # Lower is better: Wiltshire 470, the council 490, Shropshire 495, Cornwall 510.
    assert numbers(bars["x"]) == [470.0, 490.0, 495.0, 510.0]
    assert bars["y"] == [
        "&lt;i&gt;Wiltshire&lt;/i&gt; _[y](http://evil)_",
        "▶ Dorset",
        "Shropshire",
        "Cornwall",
    ]
    assert charts[0]["layout"]["shapes"][0]["x0"] == 495.0  # the group median
    band = {trace.get("name"): trace for trace in charts[1]["data"]}
    assert numbers(band["Nearest neighbours: median"]["y"]) == [480.0, 495.0]


def test_names_are_shown_as_typed(bench_db):
    at = open_page("views/benchmarking.py")
    caption = at.caption[0].value
    assert escape_markdown("<b>Dorset</b> *[x](http://evil)*") in caption
    assert "<b>" not in caption.replace("\\<b\\>", "")


def test_the_page_follows_a_metric_in_the_url(demo_read):
    at = open_page("views/benchmarking.py", metric="FIN-CSP", group="South West")
    assert at.selectbox(key="metric").value == "FIN-CSP"
    assert metrics_shown(at)["Rank"] == "not ranked"  # polarity none: no rank
    assert metrics_shown(at)["Quartile"] == "–"


def test_an_empty_store_says_what_to_load(tmp_path, monkeypatch):
    monkeypatch.setenv("PMF_DB", str(tmp_path / "empty.duckdb"))
    at = open_page("views/benchmarking.py")
    assert not at.exception and "No comparator data yet" in at.info[0].value


def expected_from_the_sample(metric_id: str) -> tuple[str, int, int, int | None]:
    """The latest rank of the demo council among its CIPFA nearest neighbours, straight from the
    sample files (pandas only): (period, rank, areas, quartile)."""
    values = pd.read_csv(SAMPLE / "benchmarks.csv", dtype={"value": float})
    groups = pd.read_csv(SAMPLE / "groups.csv")
    peers = groups[
        (groups["group"] == "CIPFA nearest neighbours") & (groups["reference"] != "yes")
    ]  # England and the region are not peers
    members = set(peers["area_code"]) - {"E92000001"}
    latest = values[(values["metric_id"] == metric_id) & (values["period"] == "2025/26")]
    own = latest.loc[latest["area_code"] == "E06999999", "value"].iloc[0]
    others = latest[latest["area_code"].isin(members) & latest["value"].notna()]
    better = {"higher_is_better": others["value"] > own, "lower_is_better": others["value"] < own}[
        latest["polarity"].iloc[0]
    ]
    rank, areas = 1 + int(better.sum()), len(others) + 1
    return "2025/26", rank, areas, -(-4 * rank // areas)


def test_the_drilldown_of_a_linked_indicator_shows_its_position(demo_read):
    at = open_page("views/drilldown.py", indicator="PL0102")  # residual waste, kg
    assert not at.exception
    assert any(s.value == "Against comparable councils" for s in at.subheader)
    period, rank, areas, quartile = expected_from_the_sample("WASTE-RESIDUAL")
    shown = metrics_shown(at)
    assert shown["Rank"].endswith(f" of {areas}") and shown["Rank"].startswith(str(rank))
    assert shown["Quartile"].startswith(f"Q{quartile}:")
    band = json.loads(at.get("plotly_chart")[-1].proto.spec)
    names = [trace.get("name") for trace in band["data"]]
    assert "▶ Demo Council" in names and "CIPFA nearest neighbours: median" in names
    words = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}
    said = " ".join(m.value for m in at.markdown)  # the sentence, escaped for markdown
    # A monthly measure beside an annual benchmark: the sentence names the benchmark's year.
    assert (
        escape_markdown(f"in the {words[quartile]} of CIPFA nearest neighbours ({period}).") in said
    )


def test_an_unlinked_indicator_has_no_panel(demo_read):
    at = open_page("views/drilldown.py", indicator="AH0101")
    assert not at.exception
    assert not any(s.value == "Against comparable councils" for s in at.subheader)


@pytest.mark.parametrize("page", ["views/scorecard.py", "views/exceptions.py"])
def test_scorecard_and_exceptions_carry_the_quartile(demo_read, page):
    at = open_page(page)
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Benchmark" in d.value.columns)
    columns = list(table.columns)
    assert columns.index("Benchmark") == columns.index("DOT") + 1
    links = pd.read_csv(SAMPLE / "indicators.csv").dropna(subset=["benchmark_metric"])
    links = dict(zip(links["indicator_id"], links["benchmark_metric"]))
    linked = table[table["ID"].isin(list(links))]
    assert len(linked) and (linked["Benchmark"] != "").all()
    for indicator_id, shown in zip(linked["ID"], linked["Benchmark"]):
        _, rank, areas, quartile = expected_from_the_sample(links[indicator_id])
        assert shown.startswith(f"Q{quartile}:") and shown.endswith(f" of {areas}")
        assert f" · {rank}" in shown
    assert (table["Benchmark"] == "").any()  # unlinked measures: blank


def test_a_groups_file_uploaded_on_the_upload_page_changes_the_comparison(demo_db):
    from pmf_core.rules.accounts import hash_password

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["analysts"] = {
        "jo": {
            "name": "Jo Analyst",
            "password_hash": hash_password("correct horse 1", iterations=1000),
        }
    }
    at.run()
    at.switch_page("views/upload.py").run()
    at.text_input(key="username").input("jo")
    at.text_input(key="password").input("correct horse 1")
    at = at.button[0].click().run()
    at.radio(key="kind").set_value("groups").run()
    # The demo's nearest neighbours become Hartlepool and Darlington only.
    data = (
        b"group,area_code\nCIPFA nearest neighbours,E06000001\nCIPFA nearest neighbours,E06000005\n"
    )
    at.get("file_uploader")[0].upload("neighbours.csv", data, "text/csv").run()
    at.button(key="commit").click().run()
    assert not at.exception and any("Batch" in s.value for s in at.success)
    at.switch_page("views/benchmarking.py").run()
    assert at.selectbox(key="group").value == "CIPFA nearest neighbours"  # now the smallest
    assert metrics_shown(at)["Rank"].endswith(" of 3")


def test_every_figure_of_a_linked_metric_shows_the_indicators_decimals_and_unit(demo_read):
    # PLAN-MAJOR is linked to an indicator kept at 1 decimal place, in %.
    at = open_page("views/benchmarking.py", metric="PLAN-MAJOR")
    linked = demo_read.query(
        "SELECT decimals, unit FROM indicators WHERE benchmark_metric = ?", ["PLAN-MAJOR"]
    )
    assert linked["decimals"].tolist() == [1] and linked["unit"].tolist() == ["%"]
    one_place = re.compile(r"^\d+\.\d%$")
    shown = metrics_shown(at)
    assert one_place.match(shown["Value, 2025/26"]) and one_place.match(shown["Group median"])
    table = static_table(at)  # the positions by period, a plain table
    assert len(table) > 1
    for column in ("Value", "Group median", "Lower quartile", "Upper quartile"):
        assert all(one_place.match(v) for v in table[column]), column
    references = static_table(at, "Area")  # England and the region, listed apart
    assert len(references) and all(one_place.match(v) for v in references["Value"])
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)
    median = bars["layout"]["annotations"][0]["text"]
    assert median == f"group median {shown['Group median']}"
