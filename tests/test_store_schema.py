"""The store's tables: made twice without harm, and an older file brought up to date."""

from __future__ import annotations

from pathlib import Path

from pmf_core import cli
from pmf_core.ingest import load_bytes
from pmf_core.store import Store, reads
from pmf_core.store.schema import KIND_TABLES, MIGRATIONS, REVISION_KEYS
from tests.conftest import INDICATORS, TARGETS, csv_bytes

ADDED = {
    ("batches", "rows_unchanged"),
    ("actions", "withdrawn_by_batch"),
    ("indicators", "public"),
    ("indicators", "benchmark_metric"),
    ("group_members", "is_reference"),
    ("indicators", "lag_months"),
    ("indicators", "dot_threshold"),
    # year-to-date measures, profiled targets, ranges, rates
    ("indicators", "accumulation"),
    ("indicators", "scale"),
    ("targets", "period"),
    ("targets", "target_upper"),
    ("targets_unchanged", "period"),
    ("observations", "numerator"),
    ("observations", "denominator"),
    ("indicators", "inputter"),
    ("indicators", "checker"),
    # packs of the quarterly report beside a committee's exceptions
    ("packs", "kind"),
}
COLUMNS_SQL = (
    "SELECT table_name, column_name FROM duckdb_columns() "
    "WHERE NOT internal AND schema_name = 'main'"
)


def columns(store: Store) -> set[tuple[str, str]]:
    return set(store.query(COLUMNS_SQL).itertuples(index=False, name=None))


def test_create_makes_the_tables_the_loads_write(store):
    tables = set(store.query("SELECT table_name FROM duckdb_tables()")["table_name"])
    for name in (
        "batches",
        "indicators",
        "targets",
        "observations",
        "actions",
        "action_updates",
        "spc_rebases",
        "metrics",
        "benchmark_values",
        "group_members",
        "observations_unchanged",
    ):
        assert name in tables
    for written in KIND_TABLES.values():
        assert set(written) <= tables
    assert set(REVISION_KEYS) <= tables


def test_every_migration_is_a_column_the_tables_have(store):
    assert {(table, column) for table, column, _ in MIGRATIONS} == ADDED
    assert columns(store) >= ADDED


def test_create_twice_keeps_the_data(small_store):
    before = columns(small_store)
    small_store.create()
    small_store.create()
    assert columns(small_store) == before
    assert len(reads.indicators(small_store)) == 5
    assert list(reads.batches(small_store)["batch_id"]) == [2, 1]


def test_batch_ids_continue_after_create_again(small_store):
    small_store.create()
    report = load_bytes(
        small_store,
        "targets",
        csv_bytes("indicator_id,financial_year,target\nCIC,2021/22,58\n"),
        "t.csv",
        "me",
    )
    assert report.ok, report.problems
    assert list(reads.batches(small_store)["batch_id"]) == [3, 2, 1]


def test_an_older_store_gains_the_missing_columns_and_keeps_its_rows(tmp_path):
    store = Store(tmp_path / "old.duckdb", wait_seconds=2)
    store.create()
    assert load_bytes(store, "indicators", csv_bytes(INDICATORS), "i.csv", "me").ok
    with store.transaction() as con:  # make it as an earlier version left it
        for table, column in sorted(ADDED):
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    assert not ADDED & columns(store)

    store.create()

    assert columns(store) >= ADDED
    assert len(reads.indicators(store)) == 5
    frame = store.query("SELECT public, benchmark_metric FROM indicators")
    assert not frame["public"].any()  # the default, false, for the old rows
    assert frame["benchmark_metric"].isna().all()
    assert reads.batches(store)["rows_unchanged"].tolist() == [0]


def test_an_older_stores_targets_stay_the_years_targets(tmp_path):
    """Targets loaded before targets had periods read as their year's target once upgraded."""
    store = Store(tmp_path / "old.duckdb", wait_seconds=2)
    store.create()
    assert load_bytes(store, "indicators", csv_bytes(INDICATORS), "i.csv", "me").ok
    assert load_bytes(store, "targets", csv_bytes(TARGETS), "t.csv", "me").ok
    with store.transaction() as con:
        for table, column in (("targets", "period"), ("targets_unchanged", "period")):
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")

    store.create()

    found = reads.targets_for_year(store, "2020/21").set_index("indicator_id")["target"]
    assert found.to_dict() == {"CIC": 60, "FOST": 215, "HOMES": 75, "ENG": 68}
    again = load_bytes(store, "targets", csv_bytes(TARGETS + "\n"), "t2.csv", "me")
    assert again.batch is not None and again.batch.rows_unchanged == 5


def test_create_on_a_current_store_writes_nothing(small_store, capsys):
    """Every command's create() on a store already current leaves the file as it was: its
    stamp, which the app's caches are keyed by, is unchanged after commands that write nothing."""
    before = small_store.version()
    small_store.create()
    assert small_store.version() == before
    assert cli.main(["--db", small_store.path, "batches"]) == 0
    assert (
        cli.main(
            [
                "--db",
                small_store.path,
                "load",
                "targets",
                str(write_targets(small_store)),
                "--dry-run",
                "--user",
                "me",
            ]
        )
        == 0
    )
    assert small_store.version() == before


def write_targets(store: Store) -> Path:
    path = Path(store.path).with_name("targets.csv")
    path.write_text("indicator_id,financial_year,target\nCIC,2021/22,58\n")
    return path


def test_a_store_missing_a_table_or_a_sequence_gains_it(small_store):
    with small_store.transaction() as con:  # as a store made before these existed
        con.execute("DROP TABLE reminders_sent")
        con.execute("DROP SEQUENCE pack_ids")
    small_store.create()
    made = set(small_store.query("SELECT table_name FROM duckdb_tables()")["table_name"])
    sequences = set(
        small_store.query("SELECT sequence_name FROM duckdb_sequences()")["sequence_name"]
    )
    assert {"reminders_sent", "pack_ids"} <= made | sequences
    assert list(reads.batches(small_store)["batch_id"]) == [2, 1]
