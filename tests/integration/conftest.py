"""Fixtures shared by the storage tests."""
from __future__ import annotations

import pytest

from storage import Store


@pytest.fixture
def store(database_url):
    """A Store on a fresh database (SQLite file or a PostgreSQL schema of its own)."""
    store = Store(database_url)
    yield store
    store.engine.dispose()
