"""Full-text search structures that differ per dialect, created by the migrations.

SQLite: FTS5 external-content tables over leads.search_text and interactions.notes, kept in
step by triggers, tokenised with diacritics removed. PostgreSQL: GIN indexes on tsvector
expressions; interaction notes are accent-folded with translate() so no extension is needed.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

# Objects the models do not describe; alembic's comparison ignores them (see alembic/env.py).
SQLITE_FTS_TABLES = ("lead_fts", "interaction_fts")
LEAD_TALLY = "lead_tally"
SQLITE_UNMODELED_TABLES = (*SQLITE_FTS_TABLES, LEAD_TALLY)
PG_SEARCH_INDEXES = ("ix_leads_search_tsv", "ix_interactions_notes_tsv")
# The first page of a search in name order matches the words against this index's search_text,
# walking it in order (migration 0011; app/services/leads/search.py, _text_walk).
LEAD_NAME_TEXT_INDEX = "ix_leads_live_name_text"
UNMODELED_INDEXES = (*PG_SEARCH_INDEXES, LEAD_NAME_TEXT_INDEX)

ACCENTED = "áàâãäåéèêëíìîïóòôõöúùûüçñýÿ"
PLAIN = "aaaaaaeeeeiiiiooooouuuucnyy"

# Prefix indexes: FTS5 stores every 1..5-letter prefix of every token, so a search for "m"* or
# "maria"* reads one doclist instead of merging every term that starts so (migration 0006;
# 0001 created the table with prefix='2 3', where a one-letter prefix cost 50-150 ms at 1M leads).
LEAD_FTS_PREFIX = "1 2 3 4 5"
LEAD_FTS_TRIGGERS = ("leads_fts_ai", "leads_fts_ad", "leads_fts_au")


def sqlite_lead_fts(prefix: str) -> list[str]:
    """The lead full-text table over leads.search_text and the triggers that keep it in step."""
    return [
        "CREATE VIRTUAL TABLE lead_fts USING fts5(search_text, content='leads', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics 2', prefix='{prefix}')",
        "CREATE TRIGGER leads_fts_ai AFTER INSERT ON leads BEGIN "
        "INSERT INTO lead_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
        "CREATE TRIGGER leads_fts_ad AFTER DELETE ON leads BEGIN "
        "INSERT INTO lead_fts(lead_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        "CREATE TRIGGER leads_fts_au AFTER UPDATE OF search_text ON leads BEGIN "
        "INSERT INTO lead_fts(lead_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO lead_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def sqlite_drop_lead_fts() -> list[str]:
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in LEAD_FTS_TRIGGERS), "DROP TABLE IF EXISTS lead_fts"]


# What migration 0001 creates (later migrations change it; keep this as it was).
SQLITE_UP = [
    *sqlite_lead_fts("2 3"),
    "CREATE VIRTUAL TABLE interaction_fts USING fts5(notes, content='interactions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions WHEN new.notes IS NOT NULL BEGIN "
    "INSERT INTO interaction_fts(rowid, notes) VALUES (new.id, new.notes); END",
    "CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions WHEN old.notes IS NOT NULL BEGIN "
    "INSERT INTO interaction_fts(interaction_fts, rowid, notes) VALUES ('delete', old.id, old.notes); END",
    "CREATE TRIGGER interactions_fts_au_old AFTER UPDATE OF notes ON interactions WHEN old.notes IS NOT NULL BEGIN "
    "INSERT INTO interaction_fts(interaction_fts, rowid, notes) VALUES ('delete', old.id, old.notes); END",
    "CREATE TRIGGER interactions_fts_au_new AFTER UPDATE OF notes ON interactions WHEN new.notes IS NOT NULL BEGIN "
    "INSERT INTO interaction_fts(rowid, notes) VALUES (new.id, new.notes); END",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS leads_fts_ai",
    "DROP TRIGGER IF EXISTS leads_fts_ad",
    "DROP TRIGGER IF EXISTS leads_fts_au",
    "DROP TRIGGER IF EXISTS interactions_fts_ai",
    "DROP TRIGGER IF EXISTS interactions_fts_ad",
    "DROP TRIGGER IF EXISTS interactions_fts_au_old",
    "DROP TRIGGER IF EXISTS interactions_fts_au_new",
    "DROP TABLE IF EXISTS lead_fts",
    "DROP TABLE IF EXISTS interaction_fts",
]

PG_NOTES_TSV = f"to_tsvector('simple', translate(lower(coalesce(notes, '')), '{ACCENTED}', '{PLAIN}'))"
PG_UP = [
    "CREATE INDEX ix_leads_search_tsv ON leads USING gin (to_tsvector('simple', search_text))",
    f"CREATE INDEX ix_interactions_notes_tsv ON interactions USING gin ({PG_NOTES_TSV})",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS ix_interactions_notes_tsv",
    "DROP INDEX IF EXISTS ix_leads_search_tsv",
]


def create_search(conn: Connection) -> None:
    for statement in _statements(conn, SQLITE_UP, PG_UP):
        conn.exec_driver_sql(statement)


def drop_search(conn: Connection) -> None:
    for statement in _statements(conn, SQLITE_DOWN, PG_DOWN):
        conn.exec_driver_sql(statement)


def _statements(conn: Connection, sqlite: list[str], pg: list[str]) -> list[str]:
    return sqlite if conn.dialect.name == "sqlite" else pg


# The number of live leads, kept by triggers (migration 0010): the plain list's count at start and
# after every change is one row instead of a walk over a million index entries (~90 ms warm, over a
# second with the file's pages not yet cached). Only SQLite: a team database's count depends on who
# asks. A batch migration that copies `leads` drops its triggers: such a migration must make these
# (and the FTS triggers) again.
LEAD_TALLY_TRIGGERS = ("leads_tally_ai", "leads_tally_ad", "leads_tally_au")


def sqlite_lead_tally() -> list[str]:
    return [
        f"CREATE TABLE {LEAD_TALLY} (id INTEGER PRIMARY KEY CHECK (id = 1), live INTEGER NOT NULL)",
        f"INSERT INTO {LEAD_TALLY} (id, live) SELECT 1, count(*) FROM leads WHERE deleted_at IS NULL",
        f"CREATE TRIGGER leads_tally_ai AFTER INSERT ON leads WHEN new.deleted_at IS NULL BEGIN "
        f"UPDATE {LEAD_TALLY} SET live = live + 1; END",
        f"CREATE TRIGGER leads_tally_ad AFTER DELETE ON leads WHEN old.deleted_at IS NULL BEGIN "
        f"UPDATE {LEAD_TALLY} SET live = live - 1; END",
        f"CREATE TRIGGER leads_tally_au AFTER UPDATE OF deleted_at ON leads "
        f"WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN "
        f"UPDATE {LEAD_TALLY} SET live = live + CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END; END",
    ]


def sqlite_drop_lead_tally() -> list[str]:
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in LEAD_TALLY_TRIGGERS), f"DROP TABLE IF EXISTS {LEAD_TALLY}"]
