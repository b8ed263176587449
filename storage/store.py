"""Reading and writing respondents, answers (Part 1 and Part 2) and results.

Every answer is written the moment it is given, in its own transaction, so a
refresh, a closed tab or a server restart loses nothing. Writes are idempotent:
saving the same answer twice leaves one row (an upsert on the primary key).

A change that concerns a team member's privacy (finishing, sharing, deleting) runs in one
transaction with the round locked, and ends by settling the round (storage/teams.py).
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy import Engine, create_engine, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from analysis.norms import load_norms
from analysis.patterns import PATTERNS
from analysis.privacy import cohort_figures
from questionnaire import CHOICES, LANGUAGES, MODES, current_version, known_versions, load_instrument
from questionnaire.playbook import scenario_ids as playbook_scenario_ids

from .accounts import AccountStore
from .config import database_url, min_group_size
from .errors import AlreadyFinished, NotReady, Refused, StorageFull, StorageUnavailable
from .migrate import upgrade
from .organisation import OrganisationStore
from .schema import answers, respondents, results, scenario_answers, settings
from .sql import clean_text, hash_token, now as _now, upsert
from .teams import TeamStore, insert_cohort

__all__ = ["Store", "Respondent", "StoredResult", "make_engine", "clean_name", "NAME_MAX"]

NAME_MAX = 100
DEFAULT_MIN_GROUP = 3  # when neither the environment nor the database says otherwise
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class Respondent:
    id: int
    name: str | None
    lang: str
    created_at: datetime
    finished_at: datetime | None
    scenarios_finished_at: datetime | None = None
    round_id: int | None = None  # the team round they joined, if any
    share_with_lead: bool = False
    revealed: bool = False  # their lead has been able to see their result
    instrument_version: str = ""  # the questionnaire version it was started on (answered and read with it)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def scenarios_finished(self) -> bool:
        return self.scenarios_finished_at is not None


@dataclass(frozen=True)
class StoredResult:
    instrument_version: str
    scores: Mapping[str, int]
    created_at: datetime
    pattern: str | None = None  # answers that say little about the person (analysis.patterns)


def make_engine(url: str | None = None) -> Engine:
    """An engine whose connection failures surface as StorageUnavailable."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "handle_error")
    def _unavailable(context):
        if context.is_pre_ping:
            # A pooled connection found dead before use (PostgreSQL restarted): SQLAlchemy
            # replaces it and the caller never notices. Raising here would hand the dead
            # connection's error to the user and keep it in the pool.
            return
        # A lost or refused connection, a locked SQLite file, a timeout: the caller cannot fix
        # it, the user can retry. Constraint violations and programming errors stay as they are.
        if context.is_disconnect or isinstance(context.sqlalchemy_exception, (OperationalError, InterfaceError)):
            if disk_full(context.original_exception):
                raise StorageFull(str(context.original_exception).splitlines()[0][:200]) \
                    from context.original_exception
            raise StorageUnavailable(str(context.original_exception).splitlines()[0][:200]) \
                from context.original_exception

    return engine


SQLITE_FULL = 13  # "database or disk is full" (the low byte of an extended result code)
POSTGRES_DISK_FULL = "53100"  # SQLSTATE disk_full


def disk_full(error: BaseException) -> bool:
    """True when the database failed because its disk (or an SQLite size limit) is full."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == SQLITE_FULL:
        return True
    if getattr(error, "sqlstate", None) == POSTGRES_DISK_FULL:
        return True
    return "No space left on device" in str(error)


def clean_name(name: str | None) -> str | None:
    """Normalise a display name: no control characters, trimmed, at most NAME_MAX characters.

    HTML is kept as typed (it is escaped wherever a name is shown), so that
    "<Bo & Åsa>" is displayed exactly as the user wrote it.
    """
    return clean_text(name, NAME_MAX) or None


class Store:
    """The application's database. One instance per process is enough (it holds a pool)."""

    def __init__(
        self, url: str | None = None, *, item_ids: Iterable[str] | None = None,
        scenario_ids: Iterable[str] | None = None, create: bool = True, min_group: int | None = None,
    ):
        self.engine = make_engine(url)
        self.item_ids = frozenset(item_ids if item_ids is not None else load_instrument().ids)
        self.scenario_ids = tuple(scenario_ids if scenario_ids is not None else playbook_scenario_ids())
        if create:
            upgrade(self.engine)  # creates a new database, migrates an older one
        self.min_group = min_group if min_group is not None else self._shared_min_group(min_group_size())
        self.teams = TeamStore(self.engine, self.min_group)
        self.accounts = AccountStore(self.engine)
        self.organisation = OrganisationStore(self.engine)

    def reachable(self) -> bool:
        """Whether the database answers now (after an outage, the pool's dead connections are
        replaced as they are checked out: pool_pre_ping)."""
        try:
            with self.engine.connect() as conn:
                conn.execute(select(1))
            return True
        except StorageUnavailable:
            return False

    def _shared_min_group(self, configured: int | None) -> int:
        """The minimum group size, kept in the database: a process started with
        CSC_MIN_GROUP_SIZE records it; one started without (a command run by hand, another
        replica) uses the recorded one rather than the default, so it never settles a round
        under other rules (settling is permanent)."""
        with self.engine.begin() as conn:
            if configured is not None:
                upsert(conn, settings, {"key": "min_group_size"}, {"value": str(configured)})
                return configured
            row = conn.execute(select(settings.c.value).where(settings.c.key == "min_group_size")).first()
        return max(int(row.value), 2) if row and row.value.isdigit() else DEFAULT_MIN_GROUP

    # -- respondents -------------------------------------------------------

    def create_respondent(
        self, lang: str, name: str | None = None, *, round_id: int | None = None, share: bool = False,
        instrument_version: str | None = None,
    ) -> str:
        """Create a respondent and return their resume token (shown once, stored hashed).

        ``round_id`` makes them a member of a team round (from its invite link); ``share``
        is their own decision on whether the team lead may see their individual result.
        ``instrument_version``: the questionnaire they answer (default: the current one)."""
        _check_lang(lang)
        version = instrument_version or current_version()
        if version not in known_versions():
            raise ValueError(f"unknown instrument version {version!r}")
        token = secrets.token_urlsafe(32)  # 256 bits: unguessable
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(insert(respondents).values(
                token_hash=hash_token(token), name=clean_name(name), lang=lang, instrument_version=version,
                created_at=now, updated_at=now,
                round_id=round_id, share_with_lead=bool(share and round_id is not None),
            ))
        return token

    def find(self, token: str | None) -> Respondent | None:
        """The respondent behind a resume token, or None for an unknown or malformed token."""
        if not isinstance(token, str) or not _TOKEN_SHAPE.match(token):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(respondents.c.id, respondents.c.name, respondents.c.lang,
                       respondents.c.created_at, respondents.c.finished_at,
                       respondents.c.scenarios_finished_at, respondents.c.round_id,
                       respondents.c.share_with_lead, respondents.c.revealed, respondents.c.instrument_version)
                .where(respondents.c.token_hash == hash_token(token))
            ).first()
        return Respondent(*row) if row else None

    def set_language(self, token: str, lang: str) -> None:
        _check_lang(lang)
        respondent = self._require(token)
        with self.engine.begin() as conn:
            conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                         .values(updated_at=_now(), lang=lang))

    def set_sharing(self, token: str, share: bool) -> Respondent:
        """The member changes their mind on what the lead may see (either way, any time).
        Returns the member as they stand afterwards (``revealed`` says whether the lead
        can see the result now, or it is held back for a while)."""
        respondent = self._require(token)
        if respondent.round_id is None:
            raise Refused("not_a_member")
        with self.engine.begin() as conn, self.teams.changing(conn, respondent.round_id):
            conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                         .values(share_with_lead=bool(share), updated_at=_now()))
        return self._require(token)

    def delete(self, token: str) -> None:
        """Delete the respondent and everything of theirs (answers, result, Part 2).
        A team's figures that already hold them in a cohort's total keep that total."""
        respondent = self._require(token)
        with self.engine.begin() as conn, self.teams.changing(conn, respondent.round_id):
            conn.execute(delete(respondents).where(respondents.c.id == respondent.id))

    def replace_token(self, token: str) -> str:
        """Give the respondent a new resume token; the old one stops working at once."""
        respondent = self._require(token)
        new = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                         .values(token_hash=hash_token(new), updated_at=_now()))
        return new

    def _require(self, token: str) -> Respondent:
        respondent = self.find(token)
        if respondent is None:
            raise Refused("bad_link")
        return respondent

    # -- answers -------------------------------------------------------------

    def save_answer(self, token: str, item_id: str, choice: str) -> None:
        """Save (or change) one answer. Refuses unknown items, choices other than A/B, and
        changes once Part 1 is finished."""
        if item_id not in self.item_ids:
            raise ValueError(f"unknown item {item_id!r}")
        if choice not in CHOICES:
            raise ValueError(f"item {item_id}: answer must be 'A' or 'B', got {choice!r}")
        respondent = self._require(token)
        if respondent.finished:
            raise AlreadyFinished("answers_locked")
        self._write_answer(respondent, answers, {"item_id": item_id}, {"choice": choice})

    def answers(self, token: str) -> dict[str, str]:
        """The saved answers behind a token (empty for an unknown token), in one round trip."""
        return self._read_answers(token, answers.c.item_id, answers.c.choice)

    def _write_answer(self, respondent: Respondent, table, key: dict, values: dict) -> None:
        """Upsert one answer and touch the respondent, in one transaction."""
        now = _now()
        with self.engine.begin() as conn:
            upsert(conn, table, {"respondent_id": respondent.id, **key}, {**values, "answered_at": now})
            conn.execute(update(respondents).where(respondents.c.id == respondent.id).values(updated_at=now))

    def _read_answers(self, token: str, key_column, value_column) -> dict[str, str]:
        if not isinstance(token, str) or not _TOKEN_SHAPE.match(token):
            return {}
        table = key_column.table
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(key_column, value_column)
                .join(respondents, respondents.c.id == table.c.respondent_id)
                .where(respondents.c.token_hash == hash_token(token))
            )
            return {key: value for key, value in rows}

    # -- Part 2: scenarios ---------------------------------------------------------

    def save_scenario_answer(self, token: str, scenario_id: str, mode: str) -> None:
        """Save (or change) the response chosen in one scenario, stored as its mode.

        Refuses unknown scenarios and modes, answers before Part 1 is finished (NotReady)
        and changes after Part 2 is finished (AlreadyFinished)."""
        if scenario_id not in self.scenario_ids:
            raise ValueError(f"unknown scenario {scenario_id!r}")
        if mode not in MODES:
            raise ValueError(f"scenario {scenario_id}: unknown mode {mode!r}")
        respondent = self._require(token)
        if not respondent.finished:
            raise NotReady("part2_not_ready")
        if respondent.scenarios_finished:
            raise AlreadyFinished("part2_locked")
        self._write_answer(respondent, scenario_answers, {"scenario_id": scenario_id}, {"mode": mode})

    def scenario_answers(self, token: str) -> dict[str, str]:
        """Scenario id -> chosen mode (empty for an unknown token). Answers to scenarios that
        were later withdrawn from the playbook are left out."""
        found = self._read_answers(token, scenario_answers.c.scenario_id, scenario_answers.c.mode)
        return {sid: mode for sid, mode in found.items() if sid in self.scenario_ids}

    def finish_scenarios(self, token: str) -> None:
        """Finish Part 2 and lock its answers. Every scenario must be answered; finishing
        again is a no-op."""
        respondent = self._require(token)
        if respondent.scenarios_finished:
            return
        missing = [sid for sid in self.scenario_ids if sid not in self.scenario_answers(token)]
        if missing:
            raise ValueError(f"scenarios not answered: {', '.join(missing)}")
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(update(respondents)
                         .where(respondents.c.id == respondent.id, respondents.c.scenarios_finished_at.is_(None))
                         .values(scenarios_finished_at=now, updated_at=now))

    # -- results ---------------------------------------------------------------

    def finish(self, token: str, instrument_version: str, scores: Mapping[str, int], *,
               pattern: str | None = None) -> None:
        """Store the scored result and lock the answers, in one transaction; a team member's
        round is settled in the same transaction. Finishing again is a no-op (a double click
        or a rerun must not fail). ``pattern``: the answer pattern the result is flagged with
        (analysis.patterns), or None."""
        respondent = self._require(token)
        if respondent.finished:
            return
        if instrument_version != respondent.instrument_version:
            raise ValueError(f"answered on version {respondent.instrument_version!r}, not {instrument_version!r}")
        if set(scores) != set(MODES):
            raise ValueError("scores must name the five modes")
        if pattern is not None and pattern not in PATTERNS:
            raise ValueError(f"unknown answer pattern {pattern!r}")
        now = _now()
        try:
            with self.engine.begin() as conn, self.teams.changing(conn, respondent.round_id):
                conn.execute(insert(results).values(
                    respondent_id=respondent.id, instrument_version=instrument_version, created_at=now,
                    pattern=pattern, **{m: int(scores[m]) for m in MODES},
                ))
                conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                             .values(finished_at=now, updated_at=now))
        except IntegrityError:
            # A concurrent finish (a second tab) stored the result first: same answers, same result.
            if self.result(token) is None:
                raise

    def result(self, token: str) -> StoredResult | None:
        respondent = self._require(token)
        with self.engine.connect() as conn:
            row = conn.execute(select(results).where(results.c.respondent_id == respondent.id)).mappings().first()
        if row is None:
            return None
        return StoredResult(row["instrument_version"], {m: row[m] for m in MODES}, row["created_at"], row["pattern"])

    def reopen(self, token: str) -> None:
        """Take the result back so Part 1 can be answered again (a review of a flagged
        result): the result is deleted, the answers stay and can be changed, Part 2 stays as it
        is. Reopening an unfinished assessment is a no-op (a double click, another tab).

        For a team member it is a deletion of the old result followed by a new, unfinished
        membership with the same token and answers, in one transaction with the round settled,
        with one rule more: the new result may be the old one finished again (the same
        answers), so the lead must be assumed to know it exactly when they knew the old one,
        and it must not be shown when showing the old one would not be. Hence:

        - An old result in no figure yet (private, waiting for a cohort): simply gone; the new
          one waits for a cohort like any other.
        - An old result inside a cohort's frozen total stays there, as for a deleted member,
          and the member stays tied to that cohort (``cohort_id`` and ``revealed`` unchanged).
          The new result enters no figure (the member is counted once, by the old one). If the
          old one was unknown to the lead, a shared new result waits under the cohort's rule
          (analysis.privacy.revealable) and counts as shown there once it is: shown at once, the
          cohort's total minus the shown results could be the last private colleague's result.
          If the lead knew the old one, a shared new result is shown at once, exposing nobody.
        - An old result the lead knew outside any cohort (shared and shown) is frozen into the
          figures as a cohort of its own, already revealed, and the member is tied to it as
          above. Otherwise the new result would enter the figures the moment it is finished,
          and, kept private, it would be the difference between two looks; or, counted as a
          private result, it would pad a new cohort with a result the lead already knows.

        So a review never changes a figure the lead has seen."""
        respondent = self._require(token)
        if not respondent.finished:
            return
        with self.engine.begin() as conn, self.teams.changing(conn, respondent.round_id):
            # Read again inside the transaction (the round is locked now): another tab may have
            # reopened since the look above.
            row = conn.execute(
                select(respondents.c.finished_at, respondents.c.revealed, respondents.c.cohort_id,
                       *[results.c[m] for m in MODES])
                .join(results, results.c.respondent_id == respondents.c.id)
                .where(respondents.c.id == respondent.id)
            ).first()
            if row is None or row.finished_at is None:
                return
            cohort_id = row.cohort_id
            if respondent.round_id is not None and row.revealed and cohort_id is None:
                frozen = cohort_figures([{m: getattr(row, m) for m in MODES}], load_norms())
                cohort_id = insert_cohort(conn, respondent.round_id, frozen, revealed_count=frozen.size)
            conn.execute(delete(results).where(results.c.respondent_id == respondent.id))
            conn.execute(update(respondents).where(respondents.c.id == respondent.id)
                         .values(finished_at=None, cohort_id=cohort_id, updated_at=_now()))


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
