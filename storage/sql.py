"""Small helpers shared by the stores: token hashing, time, text cleaning, upserts."""
from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime, timezone

from sqlalchemy import insert, update
from sqlalchemy.dialects import postgresql, sqlite

__all__ = ["clean_text", "hash_token", "name_key", "now", "upsert"]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# Characters that draw nothing yet are letters or symbols, not format characters: Hangul fillers,
# the Braille blank, the Mongolian vowel separator. Names that differ only by them are one name.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def clean_text(value: str | None, limit: int = 100) -> str:
    """NFC, no control characters, whitespace collapsed, at most ``limit`` characters.
    HTML is kept as typed: pages escape it wherever it is shown."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", value or "")
                   if unicodedata.category(ch)[0] != "C" and ch not in BLANK_LETTERS)
    return " ".join(text.split())[:limit]


def name_key(value: str | None) -> str:
    """A name as two names are compared: cleaned (clean_text) and case-folded, so that names
    differing only in case, spacing or invisible characters are the same name."""
    return clean_text(value).casefold()  # up to 3 x 100 characters: case folding may lengthen ("ß" -> "ss")


def now() -> datetime:
    return datetime.now(timezone.utc)


def upsert(conn, table, key: dict, changes: dict) -> None:
    """Insert a row, or update it when its primary key exists (one statement where the
    database supports it, so two tabs saving the same answer cannot collide)."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    if dialect is not None:
        stmt = dialect.insert(table).values(**key, **changes)
        conn.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=changes))
        return
    # Other databases: update first, insert when there was nothing to update.
    where = [table.c[name] == value for name, value in key.items()]
    if conn.execute(update(table).where(*where).values(**changes)).rowcount == 0:
        conn.execute(insert(table).values(**key, **changes))
