"""Settings read from the environment (the README's configuration table).

CSC_DATABASE_URL    any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db
CSC_DATA_DIR        folder for the embedded SQLite file (default: ./var)
CSC_MIN_GROUP_SIZE  smallest group of private results that enters a team's figures (default 3)
CSC_SESSION_HOURS   how long a lead stays signed in (default 8)
CSC_OPEN_SIGNUP     "false" turns sign-up off; an operator then creates leads (csc-admin)
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["database_url", "data_dir", "min_group_size", "open_signup", "session_hours"]


def data_dir() -> Path:
    return Path(os.environ.get("CSC_DATA_DIR", "var")).resolve()


def database_url() -> str:
    url = os.environ.get("CSC_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'coach.db'}"


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def min_group_size() -> int | None:
    """Private results enter a team's figures in groups of at least this many (never below 2);
    None when CSC_MIN_GROUP_SIZE is not set: then the database's own setting holds (Store)."""
    if not os.environ.get("CSC_MIN_GROUP_SIZE", "").strip():
        return None
    return max(int(_number("CSC_MIN_GROUP_SIZE", 3)), 2)


def session_hours() -> float:
    """How long a lead's sign-in lasts, in hours (between 5 minutes and 30 days)."""
    return min(max(_number("CSC_SESSION_HOURS", 8), 1 / 12), 24 * 30)


def open_signup() -> bool:
    return os.environ.get("CSC_OPEN_SIGNUP", "true").strip().lower() not in ("false", "0", "no", "off")
