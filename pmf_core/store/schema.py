"""Table definitions. Indicators, targets and observations keep every revision; one is current.

A revision belongs to the load batch that wrote it, so rolling a batch back can make the
revisions it replaced current again. A reloaded row equal to the current revision is not a new
revision: the batch confirms it (``<table>_unchanged``), so that rolling back the batch that wrote
it keeps the value the later batch still says. ``batch_actions`` records what each extract did to
each action, and the text before, so that a rollback can put it back.
"""

import re

# A pack's row: each exception as the appendix presented it (the figures rounded as shown, the
# words as shown), with the raw value and the keys that "changed since this pack" compares by.
PACK_ROW_TYPES = (
    ("position", "INTEGER NOT NULL"),
    ("indicator_id", "VARCHAR NOT NULL"),
    ("period_key", "VARCHAR"),
    ("value", "DOUBLE"),
    ("indicator", "VARCHAR"),
    ("service", "VARCHAR"),
    ("period", "VARCHAR"),
    ("unit", "VARCHAR"),
    ("frequency", "VARCHAR"),
    ("data", "DOUBLE"),
    ("counts", "VARCHAR"),
    ("rag", "VARCHAR"),
    ("rag_source", "VARCHAR"),
    ("dot", "VARCHAR"),
    ("target", "DOUBLE"),
    ("target_upper", "DOUBLE"),
    ("last_year", "DOUBLE"),
    ("commentary", "VARCHAR"),
    ("action", "VARCHAR"),
    ("action_status", "VARCHAR"),
    ("officer", "VARCHAR"),
    ("path_to_green", "DATE"),
    ("decimals", "INTEGER"),
)
PACK_ROW_COLUMNS = tuple(name for name, _ in PACK_ROW_TYPES)
PACK_COLUMNS = (
    "pack_id",
    "committee",
    "as_at",
    "meeting",
    "frozen_by",
    "frozen_at",
    "title",
    "cover",
    "rows_total",
    "kind",
)

SCHEMA = (
    "CREATE SEQUENCE IF NOT EXISTS batch_ids START 1",
    "CREATE SEQUENCE IF NOT EXISTS action_ids START 1",
    "CREATE SEQUENCE IF NOT EXISTS pack_ids START 1",
    """CREATE TABLE IF NOT EXISTS batches (
        batch_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR,
        sha256 VARCHAR, loaded_by VARCHAR, loaded_at TIMESTAMP NOT NULL,
        rows_total BIGINT, rows_new BIGINT, rows_revised BIGINT,
        rows_unchanged BIGINT DEFAULT 0, status VARCHAR NOT NULL DEFAULT 'active',
        rolled_back_at TIMESTAMP, rolled_back_by VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS indicators (
        indicator_id VARCHAR NOT NULL, name VARCHAR, directorate VARCHAR, service VARCHAR,
        unit VARCHAR, frequency VARCHAR, polarity VARCHAR, kind VARCHAR, level VARCHAR,
        perspective VARCHAR, priority VARCHAR, committees VARCHAR[], owner VARCHAR,
        amber_tolerance DOUBLE, tolerance_type VARCHAR, stretch DOUBLE, decimals INTEGER,
        description VARCHAR, public BOOLEAN DEFAULT false,
        benchmark_metric VARCHAR,
        lag_months INTEGER DEFAULT 0, dot_threshold DOUBLE DEFAULT 0,
        accumulation VARCHAR, scale DOUBLE,
        inputter VARCHAR, checker VARCHAR,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    # A target's period is '' for the year's target, else the period key it is profiled for.
    """CREATE TABLE IF NOT EXISTS targets (
        indicator_id VARCHAR NOT NULL, financial_year VARCHAR NOT NULL, target DOUBLE,
        period VARCHAR NOT NULL DEFAULT '', target_upper DOUBLE,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS observations (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, end_index INTEGER NOT NULL,
        financial_year VARCHAR NOT NULL, value DOUBLE, target DOUBLE, commentary VARCHAR,
        action VARCHAR, rag_override VARCHAR, override_reason VARCHAR, note VARCHAR,
        numerator DOUBLE, denominator DOUBLE,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL,
        loaded_by VARCHAR, loaded_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS actions (
        action_id BIGINT PRIMARY KEY, indicator_id VARCHAR NOT NULL, explanation VARCHAR,
        action_plan VARCHAR, officer VARCHAR, path_to_green DATE,
        status VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, created_by VARCHAR,
        source VARCHAR NOT NULL DEFAULT 'manual',
        withdrawn_by_batch BIGINT)""",
    """CREATE TABLE IF NOT EXISTS batch_actions (
        batch_id BIGINT NOT NULL, action_id BIGINT NOT NULL, did VARCHAR NOT NULL,
        explanation_before VARCHAR, action_plan_before VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS indicators_unchanged (
        indicator_id VARCHAR NOT NULL, batch_id BIGINT NOT NULL, revision INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS targets_unchanged (
        indicator_id VARCHAR NOT NULL, financial_year VARCHAR NOT NULL,
        period VARCHAR NOT NULL DEFAULT '',
        batch_id BIGINT NOT NULL, revision INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS observations_unchanged (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL,
        batch_id BIGINT NOT NULL, revision INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS action_updates (
        action_id BIGINT NOT NULL, update_date DATE NOT NULL, status VARCHAR NOT NULL,
        note VARCHAR, updated_by VARCHAR, recorded_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS settings (
        key VARCHAR NOT NULL, value VARCHAR, set_by VARCHAR, set_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS council_area (
        area_code VARCHAR NOT NULL, area_name VARCHAR, set_by VARCHAR, set_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS metrics (
        metric_id VARCHAR NOT NULL, metric_name VARCHAR, unit VARCHAR, polarity VARCHAR,
        source VARCHAR, frequency VARCHAR,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS benchmark_values (
        metric_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
        end_index INTEGER NOT NULL, area_name VARCHAR, value DOUBLE,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS group_members (
        group_name VARCHAR NOT NULL, area_code VARCHAR NOT NULL, area_name VARCHAR,
        is_member BOOLEAN NOT NULL, is_reference BOOLEAN DEFAULT false,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    *(
        f"""CREATE TABLE IF NOT EXISTS {table}_unchanged (
        {", ".join(f"{key} VARCHAR NOT NULL" for key in keys)},
        batch_id BIGINT NOT NULL, revision INTEGER NOT NULL)"""
        for table, keys in (
            ("metrics", ("metric_id",)),
            ("benchmark_values", ("metric_id", "area_code", "period")),
            ("group_members", ("group_name", "area_code")),
        )
    ),
    """CREATE TABLE IF NOT EXISTS spc_rebases (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        recorded_by VARCHAR, recorded_at TIMESTAMP NOT NULL)""",
    # Sign-in attempts counted per user name and per client address (each kept only as a
    # hash), so that a lockout outlives the app's process; last_at is in seconds since 1970.
    """CREATE TABLE IF NOT EXISTS sign_in_attempts (
        kind VARCHAR NOT NULL, key VARCHAR NOT NULL, attempts INTEGER NOT NULL,
        last_at DOUBLE NOT NULL)""",
    # A paper as presented at a meeting: written once, in one transaction, and never changed
    # (there is no update of a pack; freezing again makes a new one). Its kind is a
    # committee's exceptions (its rows in pack_rows) or the quarterly report (its whole model
    # in pack_reports; committee is the meeting the cover names, as_at the quarter's last
    # month, rows_total its measures). The cover is kept as written (JSON), so the pack's
    # Word file opens as it did.
    """CREATE TABLE IF NOT EXISTS packs (
        pack_id BIGINT PRIMARY KEY, committee VARCHAR NOT NULL, as_at INTEGER NOT NULL,
        meeting DATE NOT NULL, frozen_by VARCHAR NOT NULL, frozen_at TIMESTAMP NOT NULL,
        title VARCHAR NOT NULL, cover VARCHAR NOT NULL, rows_total INTEGER NOT NULL,
        kind VARCHAR NOT NULL DEFAULT 'exceptions')""",
    # A frozen quarterly report: what it said (summary, each measure's figures, words and
    # trend, each exception's plan) as JSON, so it is written again exactly as presented.
    """CREATE TABLE IF NOT EXISTS pack_reports (
        pack_id BIGINT NOT NULL, model VARCHAR NOT NULL)""",
    # The monthly cycle: one row per measure and period an officer has entered, in its state
    # (draft, submitted, returned, approved), with who did each step and when; every step is
    # also logged in return_steps. An approval's value reaches observations as a batch.
    """CREATE TABLE IF NOT EXISTS returns (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, end_index INTEGER NOT NULL,
        state VARCHAR NOT NULL, value DOUBLE, numerator DOUBLE, denominator DOUBLE,
        commentary VARCHAR, note VARCHAR, explanation VARCHAR, action_plan VARCHAR,
        saved_by VARCHAR, saved_at TIMESTAMP, submitted_by VARCHAR, submitted_at TIMESTAMP,
        late BOOLEAN, returned_by VARCHAR, returned_at TIMESTAMP, return_reason VARCHAR,
        approved_by VARCHAR, approved_at TIMESTAMP, batch_id BIGINT)""",
    """CREATE TABLE IF NOT EXISTS return_steps (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, step VARCHAR NOT NULL,
        done_by VARCHAR NOT NULL, done_at TIMESTAMP NOT NULL, reason VARCHAR,
        entered_by VARCHAR, batch_id BIGINT)""",
    # Each reminder e-mail sent: to whom (the address), for which day, what it listed, when.
    # A person listed for a day is not sent another that day; a failed send records nothing.
    """CREATE TABLE IF NOT EXISTS reminders_sent (
        person VARCHAR NOT NULL, day DATE NOT NULL, listed VARCHAR NOT NULL,
        sent_at TIMESTAMP NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS pack_rows (
        pack_id BIGINT NOT NULL,
        {", ".join(f"{name} {kind}" for name, kind in PACK_ROW_TYPES)})""",
)


def _made_by(statement: str) -> str:
    """The name of the table or sequence a CREATE statement of SCHEMA makes."""
    found = re.match(r"\s*CREATE (?:TABLE|SEQUENCE) IF NOT EXISTS (\w+)", statement)
    if found is None:
        raise ValueError(f"not a CREATE ... IF NOT EXISTS statement: {statement[:60]!r}")
    return found.group(1)


# The tables and sequences the schema makes, by name: a store holding them all (and every
# migration's column) is current and needs no write.
SCHEMA_OBJECTS = tuple(map(_made_by, SCHEMA))

# Columns added since the first stores were made: (table, column, type), added when missing.
MIGRATIONS = (
    ("batches", "rows_unchanged", "BIGINT DEFAULT 0"),
    ("actions", "withdrawn_by_batch", "BIGINT"),
    ("indicators", "public", "BOOLEAN DEFAULT false"),
    ("indicators", "benchmark_metric", "VARCHAR"),
    ("group_members", "is_reference", "BOOLEAN DEFAULT false"),
    ("indicators", "lag_months", "INTEGER DEFAULT 0"),
    ("indicators", "dot_threshold", "DOUBLE DEFAULT 0"),
    # Year-to-date measures, profiled targets, target ranges, rates from their counts.
    ("indicators", "accumulation", "VARCHAR"),
    ("indicators", "scale", "DOUBLE"),
    ("targets", "period", "VARCHAR NOT NULL DEFAULT ''"),
    ("targets", "target_upper", "DOUBLE"),
    ("targets_unchanged", "period", "VARCHAR NOT NULL DEFAULT ''"),
    ("observations", "numerator", "DOUBLE"),
    ("observations", "denominator", "DOUBLE"),
    ("indicators", "inputter", "VARCHAR"),
    ("indicators", "checker", "VARCHAR"),
    # Packs of the quarterly report beside a committee's exceptions.
    ("packs", "kind", "VARCHAR NOT NULL DEFAULT 'exceptions'"),
)

# The key of each revisioned table: what "the same row, reloaded" means.
REVISION_KEYS = {
    "indicators": ("indicator_id",),
    "targets": ("indicator_id", "financial_year", "period"),
    "observations": ("indicator_id", "period"),
    "metrics": ("metric_id",),
    "benchmark_values": ("metric_id", "area_code", "period"),
    "group_members": ("group_name", "area_code"),
}

# The tables a load of each kind of file writes; the first is the one its row counts describe.
KIND_TABLES = {
    "indicators": ("indicators",),
    "targets": ("targets",),
    "observations": ("observations",),
    "benchmarks": ("benchmark_values", "metrics"),
    "groups": ("group_members",),
}

# An indicator's columns, in order: the indicators file's, the table's and every read's.
INDICATOR_COLUMNS = (
    "indicator_id",
    "name",
    "directorate",
    "service",
    "unit",
    "frequency",
    "polarity",
    "kind",
    "level",
    "perspective",
    "priority",
    "committees",
    "owner",
    "amber_tolerance",
    "tolerance_type",
    "stretch",
    "decimals",
    "description",
    "public",
    "benchmark_metric",
    "lag_months",
    "dot_threshold",
    "accumulation",
    "scale",
    "inputter",
    "checker",
)

# The stored columns of each revisioned table, as a load writes them (besides batch and revision).
STORED_COLUMNS = {
    "indicators": INDICATOR_COLUMNS,
    "targets": ("indicator_id", "financial_year", "period", "target", "target_upper"),
    "observations": (
        "indicator_id",
        "period",
        "end_index",
        "financial_year",
        "value",
        "target",
        "commentary",
        "action",
        "rag_override",
        "override_reason",
        "note",
        "numerator",
        "denominator",
        "loaded_by",
        "loaded_at",
    ),
    "metrics": ("metric_id", "metric_name", "unit", "polarity", "source", "frequency"),
    "benchmark_values": ("metric_id", "area_code", "period", "end_index", "area_name", "value"),
    "group_members": ("group_name", "area_code", "area_name", "is_member", "is_reference"),
}

# Per revisioned table, the columns whose equality makes a reloaded row "unchanged" (not the
# loader or the time: the same values loaded again by someone else are still the same values).
COMPARED = {
    "indicators": INDICATOR_COLUMNS[1:],
    "targets": ("target", "target_upper"),
    "observations": (
        "value",
        "target",
        "commentary",
        "action",
        "rag_override",
        "override_reason",
        "note",
        "numerator",
        "denominator",
    ),
    "metrics": ("metric_name", "unit", "polarity", "source", "frequency"),
    "benchmark_values": ("end_index", "area_name", "value"),
    "group_members": ("area_name", "is_member", "is_reference"),
}
