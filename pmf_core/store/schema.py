"""Table definitions. Indicators, targets and observations keep every revision; one is current.

A revision belongs to the load batch that wrote it, so rolling a batch back can make the
revisions it replaced current again.
"""

SCHEMA = (
    "CREATE SEQUENCE IF NOT EXISTS batch_ids START 1",
    "CREATE SEQUENCE IF NOT EXISTS action_ids START 1",
    """CREATE TABLE IF NOT EXISTS batches (
        batch_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR,
        sha256 VARCHAR, loaded_by VARCHAR, loaded_at TIMESTAMP NOT NULL,
        rows_total BIGINT, rows_new BIGINT, rows_revised BIGINT,
        status VARCHAR NOT NULL DEFAULT 'active', rolled_back_at TIMESTAMP,
        rolled_back_by VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS indicators (
        indicator_id VARCHAR NOT NULL, name VARCHAR, directorate VARCHAR, service VARCHAR,
        unit VARCHAR, frequency VARCHAR, polarity VARCHAR, kind VARCHAR, level VARCHAR,
        perspective VARCHAR, priority VARCHAR, committees VARCHAR[], owner VARCHAR,
        amber_tolerance DOUBLE, tolerance_type VARCHAR, stretch DOUBLE, decimals INTEGER,
        description VARCHAR,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS targets (
        indicator_id VARCHAR NOT NULL, financial_year VARCHAR NOT NULL, target DOUBLE,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS observations (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, end_index INTEGER NOT NULL,
        financial_year VARCHAR NOT NULL, value DOUBLE, target DOUBLE, commentary VARCHAR,
        action VARCHAR, rag_override VARCHAR, override_reason VARCHAR, note VARCHAR,
        batch_id BIGINT, revision INTEGER NOT NULL, is_current BOOLEAN NOT NULL,
        loaded_by VARCHAR, loaded_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS actions (
        action_id BIGINT PRIMARY KEY, indicator_id VARCHAR NOT NULL, explanation VARCHAR,
        action_plan VARCHAR, officer VARCHAR, path_to_green DATE,
        status VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, created_by VARCHAR,
        source VARCHAR NOT NULL DEFAULT 'manual')""",
    """CREATE TABLE IF NOT EXISTS action_updates (
        action_id BIGINT NOT NULL, update_date DATE NOT NULL, status VARCHAR NOT NULL,
        note VARCHAR, updated_by VARCHAR, recorded_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS spc_rebases (
        indicator_id VARCHAR NOT NULL, period VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        recorded_by VARCHAR, recorded_at TIMESTAMP NOT NULL)""",
)

# The key of each revisioned table: what "the same row, reloaded" means.
REVISION_KEYS = {
    "indicators": ("indicator_id",),
    "targets": ("indicator_id", "financial_year"),
    "observations": ("indicator_id", "period"),
}
