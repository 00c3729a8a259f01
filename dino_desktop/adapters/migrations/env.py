"""Alembic environment for the run log.

SqlRunLog runs it in code, handing over an open connection in `config.attributes`; the
alembic CLI may run it too (sqlalchemy.url set), online or offline (`--sql`, a script for
a DBA to run on Azure SQL).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection, make_url

from dino_desktop.adapters.migrations.schema import metadata
from dino_desktop.adapters.runlog_db import as_sql_server, make_engine

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")  # SQLite ALTERs
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def run_offline() -> None:
    url = make_url(config.get_main_option("sqlalchemy.url") or "")
    opts: dict[str, Any] = {"paramstyle": "named"}
    if url.get_backend_name() == "mssql":
        opts["deprecate_large_types"] = True
    context.configure(url=url, target_metadata=metadata, literal_binds=True,
                      dialect_opts=opts)
    if url.get_backend_name() == "mssql":  # render for Azure SQL, not a pre-2008 server
        as_sql_server(context.get_context().dialect)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
