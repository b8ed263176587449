"""Where the data lives: one SQLAlchemy URL, SQLite in the data folder by default.

CSC_DATABASE_URL  any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db
CSC_DATA_DIR      folder for the embedded SQLite file (default: ./var)
CSC_MIN_GROUP_SIZE  smallest group whose aggregates a team lead may see (default 3)
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["database_url", "data_dir", "min_group_size"]


def data_dir() -> Path:
    return Path(os.environ.get("CSC_DATA_DIR", "var")).resolve()


def database_url() -> str:
    url = os.environ.get("CSC_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'coach.db'}"


def min_group_size() -> int:
    """Aggregates of fewer finished members than this are hidden (never below 2)."""
    try:
        value = int(os.environ.get("CSC_MIN_GROUP_SIZE", "3"))
    except ValueError:
        value = 3
    return max(value, 2)
