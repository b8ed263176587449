"""Shared fixtures: the instrument, and databases (SQLite always, PostgreSQL when reachable)."""
from __future__ import annotations

import os
import uuid

import pytest

from questionnaire import LANGUAGES, load_instrument

POSTGRES_URL = os.environ.get("CSC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("CSC_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def instrument():
    return load_instrument("en")


@pytest.fixture(params=LANGUAGES)
def lang(request):
    return request.param


@pytest.fixture(scope="session")
def postgres_engine():
    """An engine on the test server, or a skip when none is reachable.

    With CSC_REQUIRE_POSTGRES=1 (set by .ci/run) an unreachable server fails the
    run instead, so CI cannot pass on SQLite alone.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        message = f"PostgreSQL not reachable at {POSTGRES_URL} ({exc.orig}); storage tests ran on SQLite only"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A fresh, empty database per test: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'coach.db'}"
    return _schema_url(request)


@pytest.fixture
def postgres_url(request):
    """A fresh PostgreSQL schema of its own, for what only a server database has."""
    return _schema_url(request)


def _schema_url(request) -> str:
    from sqlalchemy import text

    engine = request.getfixturevalue("postgres_engine")
    schema = f"csc_test_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    request.addfinalizer(drop)
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
