"""Alembic environment: runs the migrations on the connection it is handed.

The app migrates itself at start-up (``storage.migrate.upgrade``), passing its
own connection in ``config.attributes["connection"]``. From the command line
(``alembic upgrade head`` in the project root) the database is the one
CSC_DATABASE_URL names, as for the app.
"""
from __future__ import annotations

from alembic import context

from storage.schema import metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # pragma: no cover - command-line use
    from storage.store import make_engine

    with make_engine().begin() as conn:
        _run(conn)
