"""Where an import keeps its checked rows until the short write that puts them in the workspace.

Reading, parsing, validating and de-duplicating a big file takes minutes; doing it inside the
write transaction would hold SQLite's single write lock that long, and every other writer
(the automations worker, `config set`, a rep's edit) would give up with "database is locked".
So the rows go to temporary tables of the import's own connection (SQLite keeps those in a
separate temporary file, PostgreSQL in the session's temporary schema: neither takes the
workspace's write lock), and the final transaction copies them with INSERT ... SELECT, in C,
without a row passing through Python again. A killed process takes its temporary tables with it.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, text
from sqlalchemy import Table as DbTable
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeEngine

logger = logging.getLogger(__name__)

PREFIX = "aic_import_"


class Staging:
    """Temporary tables on one connection, made on first use and dropped by `drop()`."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.tables: dict[str, Table] = {}
        self.counts: dict[str, int] = {}

    def table(self, name: str, columns: list[tuple[str, TypeEngine[Any]]]) -> Table:
        found = self.tables.get(name)
        if found is None:
            self.conn.execute(text(f"DROP TABLE IF EXISTS {PREFIX}{name}"))  # a leftover of a broken connection
            found = Table(f"{PREFIX}{name}", MetaData(), *(Column(c, t) for c, t in columns), prefixes=["TEMPORARY"])
            found.create(self.conn)
            self.tables[name] = found
            self.counts[name] = 0
        return found

    def like(self, name: str, source: DbTable, columns: list[str]) -> Table:
        """A staging table with these columns of a workspace table, with their types (no constraints)."""
        return self.table(name, [(c, source.c[c].type) for c in columns])

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(table.insert(), rows)
            self.counts[table.name[len(PREFIX):]] += len(rows)

    def count(self, name: str) -> int:
        return self.counts.get(name, 0)

    def drop(self) -> None:
        """Drop the tables; a connection that cannot even do that is not handed back to the pool."""
        try:
            if self.conn.in_transaction():
                self.conn.rollback()
            for table in self.tables.values():
                self.conn.execute(text(f"DROP TABLE IF EXISTS {table.name}"))
            self.conn.commit()
        except SQLAlchemyError:
            logger.warning("could not drop an import's staging tables; discarding the connection", exc_info=True)
            with suppress(SQLAlchemyError):
                self.conn.invalidate()
        self.tables.clear()
