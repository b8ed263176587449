"""Bringing a database's schema up to date with Alembic.

The app calls ``upgrade`` when it opens its store, so ``make run`` on an old
SQLite file or a shared PostgreSQL database just works. A database created
before migrations existed (it has the baseline tables but no ``alembic_version``)
is stamped at the baseline first, then upgraded; nothing in it is rewritten.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

__all__ = ["upgrade", "current_revision", "head_revision", "BASELINE"]

BASELINE = "0001"
_SCRIPTS = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 73_612_026  # any constant: serialises concurrent start-ups on PostgreSQL


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = _config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys
            # on, that drop would cascade into the answers. Off for the migration (the pragma
            # only takes effect outside a transaction), checked and back on afterwards.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # Two replicas starting at once must not both create the same tables.
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                tables = set(inspect(conn).get_table_names())
                config.attributes["connection"] = conn
                if "respondents" in tables and "alembic_version" not in tables:
                    command.stamp(config, BASELINE)
                command.upgrade(config, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows without their parent: {broken[:3]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()
