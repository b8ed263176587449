"""Reading and writing respondents, answers and results.

Every answer is written the moment it is given, in its own transaction, so a
refresh, a closed tab or a server restart loses nothing. Writes are idempotent:
saving the same answer twice leaves one row (an upsert on the primary key).
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Mapping

from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.dialects import postgresql, sqlite

from questionnaire import CHOICES, LANGUAGES, MODES, load_instrument

from .config import database_url
from .schema import answers, metadata, respondents, results

__all__ = ["Store", "Respondent", "StoredResult", "AlreadySubmitted", "make_engine", "clean_name", "NAME_MAX"]

NAME_MAX = 100
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class AlreadySubmitted(ValueError):
    """The respondent has submitted; their answers can no longer change."""


@dataclass(frozen=True)
class Respondent:
    id: int
    name: str | None
    lang: str
    created_at: datetime
    submitted_at: datetime | None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class StoredResult:
    instrument_version: str
    scores: Mapping[str, int]
    created_at: datetime


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def clean_name(name: str | None) -> str | None:
    """Normalise a display name: no control characters, trimmed, at most NAME_MAX characters.

    HTML is kept as typed (it is escaped wherever a name is shown), so that
    "<Bo & Åsa>" is displayed exactly as the user wrote it.
    """
    if name is None:
        return None
    text = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())[:NAME_MAX]
    return text or None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    """The application's database. One instance per process is enough (it holds a pool)."""

    def __init__(self, url: str | None = None, *, item_ids: Iterable[str] | None = None, create: bool = True):
        self.engine = make_engine(url)
        self.item_ids = frozenset(item_ids if item_ids is not None else load_instrument().ids)
        if create:
            metadata.create_all(self.engine)

    # -- respondents -------------------------------------------------------

    def create_respondent(self, lang: str, name: str | None = None) -> str:
        """Create a respondent and return their resume token (shown once, stored hashed)."""
        _check_lang(lang)
        token = secrets.token_urlsafe(32)  # 256 bits: unguessable
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(insert(respondents).values(
                token_hash=_hash(token), name=clean_name(name), lang=lang, created_at=now, updated_at=now,
            ))
        return token

    def find(self, token: str | None) -> Respondent | None:
        """The respondent behind a resume token, or None for an unknown or malformed token."""
        if not token or not _TOKEN_SHAPE.match(token):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(respondents.c.id, respondents.c.name, respondents.c.lang,
                       respondents.c.created_at, respondents.c.submitted_at)
                .where(respondents.c.token_hash == _hash(token))
            ).first()
        return Respondent(*row) if row else None

    def set_language(self, token: str, lang: str) -> None:
        _check_lang(lang)
        self._update_respondent(token, lang=lang)

    def _update_respondent(self, token: str, **values) -> None:
        respondent = self._require(token)
        with self.engine.begin() as conn:
            conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                         .values(updated_at=_now(), **values))

    def _require(self, token: str) -> Respondent:
        respondent = self.find(token)
        if respondent is None:
            raise LookupError("unknown resume token")
        return respondent

    # -- answers -------------------------------------------------------------

    def save_answer(self, token: str, item_id: str, choice: str) -> None:
        """Save (or change) one answer. Refuses unknown items, choices other than A/B, and
        changes after submission, with a ValueError naming the item."""
        if item_id not in self.item_ids:
            raise ValueError(f"unknown item {item_id!r}")
        if choice not in CHOICES:
            raise ValueError(f"item {item_id}: answer must be 'A' or 'B', got {choice!r}")
        respondent = self._require(token)
        if respondent.submitted:
            raise AlreadySubmitted(f"item {item_id}: answers are locked after submission")
        now = _now()
        with self.engine.begin() as conn:
            self._upsert_answer(conn, {"respondent_id": respondent.id, "item_id": item_id,
                                       "choice": choice, "answered_at": now})
            conn.execute(update(respondents).where(respondents.c.id == respondent.id).values(updated_at=now))

    def answers(self, token: str) -> dict[str, str]:
        """The saved answers behind a token (empty for an unknown token), in one round trip."""
        if not token or not _TOKEN_SHAPE.match(token):
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(answers.c.item_id, answers.c.choice)
                .join(respondents, respondents.c.id == answers.c.respondent_id)
                .where(respondents.c.token_hash == _hash(token))
            )
            return {item_id: choice for item_id, choice in rows}

    @staticmethod
    def _upsert_answer(conn, values: dict) -> None:
        dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
        changes = {"choice": values["choice"], "answered_at": values["answered_at"]}
        if dialect is not None:
            stmt = dialect.insert(answers).values(**values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["respondent_id", "item_id"], set_=changes))
            return
        # Other databases: update first, insert when there was nothing to update.
        key = (answers.c.respondent_id == values["respondent_id"]) & (answers.c.item_id == values["item_id"])
        if conn.execute(update(answers).where(key).values(**changes)).rowcount == 0:
            conn.execute(insert(answers).values(**values))

    # -- results ---------------------------------------------------------------

    def submit(self, token: str, instrument_version: str, scores: Mapping[str, int]) -> None:
        """Store the scored result and lock the answers, in one transaction.

        Submitting again is a no-op (a double click or a rerun must not fail)."""
        respondent = self._require(token)
        if respondent.submitted:
            return
        if set(scores) != set(MODES):
            raise ValueError("scores must name the five modes")
        now = _now()
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(results).values(
                    respondent_id=respondent.id, instrument_version=instrument_version, created_at=now,
                    **{m: int(scores[m]) for m in MODES},
                ))
                conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                             .values(submitted_at=now, updated_at=now))
        except IntegrityError:
            # A concurrent submit (a second tab) stored the result first: same answers, same result.
            if self.result(token) is None:
                raise

    def result(self, token: str) -> StoredResult | None:
        respondent = self._require(token)
        with self.engine.connect() as conn:
            row = conn.execute(select(results).where(results.c.respondent_id == respondent.id)).mappings().first()
        if row is None:
            return None
        return StoredResult(row["instrument_version"], {m: row[m] for m in MODES}, row["created_at"])


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
