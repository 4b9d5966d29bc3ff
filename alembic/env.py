"""Alembic environment: the URL and connection come from app.db.migrate, never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from app.db.engine import make_engine
from app.db.models import Base
from app.db.search_ddl import SQLITE_UNMODELED_TABLES, UNMODELED_INDEXES

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave the dialect-specific search objects (made by the migrations) out of comparisons."""
    if type_ == "table" and name and (name.startswith(SQLITE_UNMODELED_TABLES) or name == "alembic_version"):
        return False
    if type_ == "index" and name in UNMODELED_INDEXES:
        return False
    return True


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run `aiconnect db upgrade`")
run_migrations_online()
