"""The scorecard's counts with their change since last month, and what changed, core and page."""

from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest
from test_changes import load_extract
from test_months import early_store

from conftest import ROOT, csv_bytes
from pmf_core.analysis.changes import change_words
from pmf_core.analysis.scorecard import (
    NEW_EXCEPTION,
    RECOVERED,
    TURNED_RED,
    changes_table,
    count_changes,
    movements,
)


def status_of(*rags, late=()):
    return pd.DataFrame({"rag": list(rags), "late": [i in late for i in range(len(rags))]})


def test_each_count_with_its_change():
    before = status_of("Red", "Red", "Green", "Not rated", late=(0,))
    after = status_of("Red", "Amber", "Blue", "No data", late=(0, 1, 3))
    assert count_changes(before, after) == {
        "Red": (1, -1),
        "Amber": (1, 1),
        "Green": (0, -1),
        "Blue": (1, 1),
        "Not rated": (0, -1),
        "No data": (1, 1),
        "Late": (3, 2),
    }


def pairs(*moves):
    """A changes frame from (from_rag, to_rag) pairs, ids A, B, C..."""
    frame = pd.DataFrame(moves, columns=["from_rag", "to_rag"])
    frame.insert(0, "indicator_id", [chr(65 + i) for i in range(len(moves))])
    frame["change"] = change_words(frame["from_rag"], frame["to_rag"])
    return frame


def test_turned_red_recovered_and_new_to_exception():
    moved = movements(
        pairs(
            ("Green", "Red"),
            ("Amber", "Red"),
            ("Red", "Amber"),
            ("Amber", "Blue"),
            ("Not rated", "Amber"),
            ("No data", "Blue"),
            ("Red", "No data"),
            ("Blue", "Amber"),
            ("Red", "Green"),
        )
    )
    assert {k: v["indicator_id"].tolist() for k, v in moved.items()} == {
        TURNED_RED: ["A", "B"],
        RECOVERED: ["C", "D", "I"],
        NEW_EXCEPTION: ["A", "E", "F"],
    }


def test_changes_read_as_words_symbols_and_periods():
    frame = pd.DataFrame(
        [
            {
                "indicator_id": "H",
                "name": "**Homes** [built](x)",
                "service": "Housing",
                "from_period": None,
                "from_rag": "No data",
                "to_period": "2020/21 Q2",
                "to_rag": "Blue",
                "frequency": "quarterly",
            }
        ]
    )
    assert changes_table(frame).to_dict("records") == [
        {
            "ID": "H",
            "Measure": "**Homes** [built](x)",
            "Service": "Housing",
            "Was": "– No data · never reported",
            "Now": "★ Blue · Q2 2020/21",
        }
    ]


def open_scorecard(store, monkeypatch, **query) -> AppTest:
    monkeypatch.setenv("PMF_DB", store.path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.run()
    return at.switch_page("views/scorecard.py").run()


class TableReader(HTMLParser):
    """The cells of the first plain HTML table in a block, row by row, as the words shown (the
    phone's cards beside it hold the same rows and are left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tables = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        elif self.tables == 1 and tag == "tr":
            self.rows.append([])
        elif self.tables == 1 and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        elif tag == "table" and self.tables == 1:
            self.tables = 2  # past the first table: read no more

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(block: str, columns: list[str]) -> list[tuple[str, ...]]:
    """The named columns of each body row of a block's table, by its header row."""
    reader = TableReader()
    reader.feed(block)
    head, *body = reader.rows
    return [tuple(row[head.index(c)] for c in columns) for row in body]


def tables_in(tab) -> list[str]:
    """The HTML blocks in a tab that hold a table."""
    return [h.proto.body for h in tab.get("html") if "<table" in h.proto.body]


def shown_tabs(at):
    """Each change tab's rows, opening one tab at a time (only the open one is built)."""
    shown = {}
    for label in [tab.label for tab in at.tabs]:
        at.session_state["changes_tab"] = label
        at.run()
        tab = next(t for t in at.tabs if t.label == label)
        blocks = tables_in(tab)
        shown[label] = table_rows(blocks[0], ["Measure", "Was", "Now"]) if blocks else []
    return shown


def test_only_the_open_change_tab_is_built(small_store, monkeypatch):
    at = open_scorecard(load_extract(small_store), monkeypatch, month="2020-10")
    built = [tab.label for tab in at.tabs if tables_in(tab)]
    assert built == ["Turned Red (1)"]  # the first tab, open by default


def test_scorecard_shows_each_count_change_and_what_changed(small_store, monkeypatch):
    # As at Sep-20: CIC Green, FOST Amber, HOMES Green, CTX Not rated, ENG Green. As at Oct-20:
    # CIC Red, FOST Green, HOMES Green, CTX No data (no value), ENG Green (test_changes).
    at = open_scorecard(load_extract(small_store), monkeypatch, month="2020-10")
    assert not at.exception
    got = {m.label: (m.value, m.proto.delta, m.proto.delta_description) for m in at.metric}
    since = "vs Sep"
    assert got == {
        "✖ Red": ("1", "1", since),
        "◆ Amber": ("0", "-1", since),
        "✔ Green": ("3", "0", since),
        "★ Blue": ("0", "0", since),
        "○ Not rated": ("0", "-1", since),
        "– No data": ("1", "1", since),
        "Late returns": ("0", "0", since),
    }
    colours = {m.label: m.proto.color for m in at.metric}
    assert colours["✖ Red"] == colours["– No data"] != colours["◆ Amber"]  # more Red is bad
    assert "change since Sep 2020" in at.caption[1].value
    cic = ("Rates of children in care per 10000", "✔ Green · Sep 2020", "✖ Red · Oct 2020")
    assert shown_tabs(at) == {
        "Turned Red (1)": [cic],
        "New to exception (1)": [cic],
        "Recovered (1)": [
            ("Number of active foster carers", "◆ Amber · Sep 2020", "✔ Green · Oct 2020")
        ],
    }


def test_scorecard_changes_follow_the_directorate(small_store, monkeypatch):
    at = open_scorecard(
        load_extract(small_store),
        monkeypatch,
        month="2020-10",
        directorate="People - Adults and Housing",
    )
    assert shown_tabs(at) == {"Turned Red (0)": [], "Recovered (0)": [], "New to exception (0)": []}
    assert at.metric[5].label == "– No data" and at.metric[5].proto.delta == "1"  # CTX


def test_scorecard_opens_on_the_default_month(small_store, monkeypatch):
    at = open_scorecard(early_store(small_store, ["CIC", "FOST"]), monkeypatch)
    assert "As at Oct 2020" in at.caption[0].value
    assert at.selectbox(key="as_at").options[0] == "Nov 2020"  # still there to choose


def test_the_scorecard_opens_on_the_panel_with_most_red_then_amber():
    from pmf_core.analysis.scorecard import panel_counts, worst_panel

    status = pd.DataFrame(
        {
            "perspective": ["Customer", "Finance", "Finance", None, None],
            "rag": ["Red", "Amber", "Red", "Red", "Amber"],
            "late": [False] * 5,
        }
    )
    counts = panel_counts(status, "perspective")
    # Red 1 each; Amber 1 beats 0; Finance and (none) tie, and (none) comes last.
    assert worst_panel(counts, "perspective") == "Finance"
    assert worst_panel(panel_counts(status, "perspective", ["Customer"]), "perspective") == (
        "Finance"
    )
    assert worst_panel(panel_counts(status.head(3), "perspective"), "perspective") == "Finance"
    assert worst_panel(panel_counts(status.head(0), "perspective"), "perspective") is None


def test_panels_follow_the_councils_order_then_a_to_z_then_none():
    from pmf_core.analysis.scorecard import panel_counts

    status = pd.DataFrame(
        {
            "perspective": ["internal Process", None, "Customer", "apples", "Zeta", "Financial"],
            "rag": ["Red", "Green", "Green", "Amber", "Green", "Green"],
            "late": [False, True, False, False, False, False],
        }
    )
    ordered = panel_counts(status, "perspective", ["Financial", "Customer", "Internal  Process"])
    # The set order (matched in any case and spacing), then the rest A to Z in any case, then
    # the measures with no perspective.
    assert ordered["perspective"].tolist() == [
        "Financial",
        "Customer",
        "internal Process",
        "apples",
        "Zeta",
        "(none)",
    ]
    assert ordered.set_index("perspective").loc["(none)", "Late"] == 1
    alphabetical = panel_counts(status, "perspective")["perspective"].tolist()
    assert alphabetical == ["apples", "Customer", "Financial", "internal Process", "Zeta", "(none)"]


def test_a_panels_rows_are_its_measures_worst_first_and_none_means_no_panel():
    from pmf_core.analysis.scorecard import NO_PANEL, panel_rows

    status = pd.DataFrame(
        {
            "indicator_id": ["A", "B", "C", "D"],
            "name": ["a", "b", "c", "d"],
            "priority": ["Homes", None, "Homes", None],
            "rag": ["Green", "Amber", "Red", "Blue"],
            "directorate": ["X"] * 4,
            "service": ["S"] * 4,
        }
    )
    assert panel_rows(status, "priority", "Homes")["indicator_id"].tolist() == ["C", "A"]
    assert panel_rows(status, "priority", NO_PANEL)["indicator_id"].tolist() == ["B", "D"]


COUNCIL_PERSPECTIVES = """\
indicator_id,name,directorate,service,unit,frequency,polarity,kind,perspective
W1,Calls answered in 60s,Corp,Contact,%,weekly,higher_is_better,kpi,Customer
P1,Residents satisfied,Place,Env,%,six_monthly,higher_is_better,place,Learning and Growth
L1,Staff trained,Corp,HR,No.,monthly,higher_is_better,kpi,Learning and Growth
I1,Invoices paid on time,Corp,Finance,%,monthly,higher_is_better,kpi,Internal Process
"""


def test_the_scorecard_panels_follow_the_councils_perspectives(store, monkeypatch):
    from pmf_core.ingest import load_bytes
    from pmf_core.store import settings

    for kind, text in (
        ("indicators", COUNCIL_PERSPECTIVES),
        ("targets", "indicator_id,financial_year,target\nW1,2020/21,80\nI1,2020/21,95\n"),
        (
            "observations",
            "indicator_id,period,value\nW1,2020-W43,70\nW1,2020-W42,72\nP1,2020/21 H1,81\n"
            "L1,2020-10,40\nI1,2020-10,96\n",
        ),
    ):
        assert load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "me").ok
    settings.set_perspectives(store, "Internal Process;Customer;Learning and Growth", "me")
    at = open_scorecard(store, monkeypatch, month="2020-10")
    assert not at.exception
    (panels,) = [b for b in tables_in(at) if "Measures by status in each perspective" in b]
    # The council's order, not A to Z.
    assert [r[0] for r in table_rows(panels, ["Panel"])] == [
        "Internal Process",
        "Customer",
        "Learning and Growth",
    ]
    # Customer is worst (W1's 70 against 80 is Red) and opens first, with its weekly measure.
    assert "1 measures in Customer" in " ".join(c.value for c in at.caption)
    assert at.session_state["panel_perspective"] == "Customer"
