"""Where the data lives: one SQLAlchemy URL, SQLite in the data folder by default.

CSC_DATABASE_URL  any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db
CSC_DATA_DIR      folder for the embedded SQLite file (default: ./var)
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["database_url", "data_dir"]


def data_dir() -> Path:
    return Path(os.environ.get("CSC_DATA_DIR", "var")).resolve()


def database_url() -> str:
    url = os.environ.get("CSC_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'coach.db'}"
