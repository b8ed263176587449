"""Team leads, their teams and rounds: who may see what.

Every read and write that concerns a team takes the signed-in lead's id and first looks
the team or round up among that lead's own, so a team's id or a round's id from another
lead finds nothing: the answer is the same as for an id that does not exist.

Errors a user can cause carry a ``code`` that the pages translate
(``TeamError("email_taken")``), never a message in one language.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable, Mapping

from sqlalchemy import Engine, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from questionnaire import MODES

from .passwords import DUMMY_HASH, MIN_LENGTH, hash_password, verify_password
from .schema import answers, leads, respondents, results, rounds, sign_in_attempts, teams
from .sql import clean_text, hash_token, now as _now, upsert

__all__ = [
    "TeamStore", "TeamError", "SignInRefused", "Lead", "Team", "Round", "Invite", "Member", "ImportedPerson",
    "MAX_FAILURES", "LOCK_MINUTES",
]

MAX_FAILURES = 5
LOCK_MINUTES = 15
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TeamError(ValueError):
    """A request the pages report in the user's language; ``code`` names the message."""

    def __init__(self, code: str, **values):
        self.code = code
        self.values = values
        super().__init__(code)


class SignInRefused(TeamError):
    """Wrong e-mail or password (``code`` "wrong"), or too many failures ("locked", with minutes)."""


@dataclass(frozen=True)
class Lead:
    id: int
    name: str
    email: str


@dataclass(frozen=True)
class Round:
    id: int
    team_id: int
    number: int
    invite_code: str
    created_at: datetime


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    created_at: datetime
    rounds: tuple[Round, ...]  # oldest first

    @property
    def latest(self) -> Round:
        return self.rounds[-1]


@dataclass(frozen=True)
class Invite:
    """What an agent opening an invite link is told: which team, whose, which round."""
    round_id: int
    team_name: str
    lead_name: str
    number: int


@dataclass(frozen=True)
class Member:
    respondent_id: int
    name: str | None
    started_at: datetime
    finished: bool
    shared: bool
    source: str
    scores: Mapping[str, int] | None  # None until finished


@dataclass(frozen=True)
class ImportedPerson:
    name: str
    scores: Mapping[str, int]
    answers: Mapping[str, str] | None  # the paper answers, when the file held them


def normalise_email(email: str) -> str:
    return clean_text(email, 254).lower()


def new_invite_code() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: a link nobody can guess


class TeamStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    # -- leads ------------------------------------------------------------------------

    def create_lead(self, name: str, email: str, password: str) -> Lead:
        name, email = clean_text(name), normalise_email(email)
        if not name:
            raise TeamError("name_missing")
        if not _EMAIL.match(email):
            raise TeamError("bad_email")
        if len(password) < MIN_LENGTH:
            raise TeamError("weak_password", min=MIN_LENGTH)
        try:
            with self.engine.begin() as conn:
                lead_id = conn.execute(insert(leads).values(
                    name=name, email=email, password_hash=hash_password(password), created_at=_now(),
                )).inserted_primary_key[0]
        except IntegrityError:
            raise TeamError("email_taken") from None
        return Lead(lead_id, name, email)

    def sign_in(self, email: str, password: str) -> Lead:
        """The lead for these credentials, or SignInRefused. After MAX_FAILURES failures in a
        row an address is locked for LOCK_MINUTES, whether or not it has an account."""
        email = normalise_email(email)
        now = _now()
        with self.engine.begin() as conn:
            attempt = conn.execute(select(sign_in_attempts).where(sign_in_attempts.c.email == email)).first()
            locked_until = _aware(attempt.locked_until) if attempt else None
            if locked_until and locked_until > now:
                minutes = max(1, -int(-(locked_until - now).total_seconds() // 60))
                raise SignInRefused("locked", minutes=minutes)
            row = conn.execute(select(leads).where(leads.c.email == email)).first()
            ok = verify_password(password, row.password_hash if row else DUMMY_HASH) and row is not None
            if ok:
                conn.execute(delete(sign_in_attempts).where(sign_in_attempts.c.email == email))
                return Lead(row.id, row.name, row.email)
            failures = (attempt.failures if attempt and locked_until is None else 0) + 1
            lock = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            values = {"failures": 0 if lock else failures, "locked_until": lock}
            if attempt:
                conn.execute(update(sign_in_attempts).where(sign_in_attempts.c.email == email).values(**values))
            else:
                conn.execute(insert(sign_in_attempts).values(email=email, **values))
        if lock:
            raise SignInRefused("locked", minutes=LOCK_MINUTES)
        raise SignInRefused("wrong")

    # -- teams and rounds -----------------------------------------------------------------

    def create_team(self, lead_id: int, name: str) -> Team:
        name = clean_text(name)
        if not name:
            raise TeamError("team_name_missing")
        now = _now()
        with self.engine.begin() as conn:
            team_id = conn.execute(insert(teams).values(lead_id=lead_id, name=name, created_at=now)
                                   ).inserted_primary_key[0]
            conn.execute(insert(rounds).values(team_id=team_id, number=1, invite_code=new_invite_code(),
                                               created_at=now))
        return self.team(lead_id, team_id)

    def teams(self, lead_id: int) -> tuple[Team, ...]:
        with self.engine.connect() as conn:
            team_rows = conn.execute(select(teams).where(teams.c.lead_id == lead_id).order_by(teams.c.id)).all()
            round_rows = conn.execute(
                select(rounds).join(teams, teams.c.id == rounds.c.team_id)
                .where(teams.c.lead_id == lead_id).order_by(rounds.c.number)
            ).all()
        by_team: dict[int, list[Round]] = {}
        for r in round_rows:
            by_team.setdefault(r.team_id, []).append(Round(r.id, r.team_id, r.number, r.invite_code, r.created_at))
        return tuple(Team(t.id, t.name, t.created_at, tuple(by_team.get(t.id, ()))) for t in team_rows)

    def team(self, lead_id: int, team_id: int) -> Team | None:
        """The lead's team with this id; None for another lead's team or an unknown id."""
        return next((t for t in self.teams(lead_id) if t.id == team_id), None)

    def new_round(self, lead_id: int, team_id: int) -> Round:
        team = self._own_team(lead_id, team_id)
        with self.engine.begin() as conn:
            number = team.latest.number + 1
            round_id = conn.execute(insert(rounds).values(
                team_id=team.id, number=number, invite_code=new_invite_code(), created_at=_now(),
            )).inserted_primary_key[0]
        return self._own_round(lead_id, round_id)

    def delete_team(self, lead_id: int, team_id: int) -> None:
        team = self._own_team(lead_id, team_id)
        with self.engine.begin() as conn:
            # Members first, explicitly: their answers and results go with them by cascade.
            conn.execute(delete(respondents).where(respondents.c.round_id.in_([r.id for r in team.rounds])))
            conn.execute(delete(rounds).where(rounds.c.team_id == team.id))
            conn.execute(delete(teams).where(teams.c.id == team.id))

    def delete_round(self, lead_id: int, round_id: int) -> None:
        chosen = self._own_round(lead_id, round_id)
        team = self._own_team(lead_id, chosen.team_id)
        if len(team.rounds) == 1:
            raise TeamError("last_round")
        with self.engine.begin() as conn:
            conn.execute(delete(respondents).where(respondents.c.round_id == chosen.id))
            conn.execute(delete(rounds).where(rounds.c.id == chosen.id))

    def _own_team(self, lead_id: int, team_id: int) -> Team:
        team = self.team(lead_id, team_id)
        if team is None:
            raise TeamError("not_found")
        return team

    def _own_round(self, lead_id: int, round_id: int) -> Round:
        for team in self.teams(lead_id):
            for r in team.rounds:
                if r.id == round_id:
                    return r
        raise TeamError("not_found")

    # -- joining ------------------------------------------------------------------------

    def invite(self, code: str | None) -> Invite | None:
        """The round an invite code opens, or None for a wrong or deleted code."""
        if not code or len(code) > 43:
            return None
        return self._invite(rounds.c.invite_code == code)

    def membership(self, round_id: int) -> Invite | None:
        """What a member is told about the round they belong to."""
        return self._invite(rounds.c.id == round_id)

    def _invite(self, condition) -> Invite | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(rounds.c.id, teams.c.name, leads.c.name.label("lead_name"), rounds.c.number)
                .join(teams, teams.c.id == rounds.c.team_id).join(leads, leads.c.id == teams.c.lead_id)
                .where(condition)
            ).first()
        return Invite(row.id, row.name, row.lead_name, row.number) if row else None

    # -- members and results --------------------------------------------------------------

    def members(self, lead_id: int, round_id: int) -> tuple[Member, ...]:
        """Everyone in one of the lead's rounds. Scores are there for the aggregates; pages
        show a person's name and scores only when ``shared`` (analysis.team enforces it)."""
        self._own_round(lead_id, round_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(respondents.c.id, respondents.c.name, respondents.c.created_at, respondents.c.submitted_at,
                       respondents.c.share_with_lead, respondents.c.source, *[results.c[m] for m in MODES])
                .outerjoin(results, results.c.respondent_id == respondents.c.id)
                .where(respondents.c.round_id == round_id).order_by(respondents.c.id)
            ).all()
        return tuple(
            Member(r.id, r.name, r.created_at, r.submitted_at is not None, r.share_with_lead, r.source,
                   {m: getattr(r, m) for m in MODES} if r.submitted_at is not None else None)
            for r in rows
        )

    def organisation_scores(self) -> list[dict[str, int]]:
        """Every stored result in this installation: the organisation's reference group."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(*[results.c[m] for m in MODES])).all()
        return [dict(zip(MODES, row)) for row in rows]

    def import_results(
        self, lead_id: int, round_id: int, people: Iterable[ImportedPerson], *, shared: bool,
        instrument_version: str, lang: str = "en",
    ) -> int:
        """Store results from a paper round, all or nothing; returns how many were stored."""
        self._own_round(lead_id, round_id)
        people = list(people)
        now = _now()
        with self.engine.begin() as conn:
            for person in people:
                respondent_id = conn.execute(insert(respondents).values(
                    token_hash=hash_token(secrets.token_urlsafe(32)), name=clean_text(person.name) or None, lang=lang,
                    created_at=now, updated_at=now, submitted_at=now, round_id=round_id,
                    share_with_lead=shared, source="import",
                )).inserted_primary_key[0]
                for item_id, choice in (person.answers or {}).items():
                    upsert(conn, answers, {"respondent_id": respondent_id, "item_id": item_id},
                            {"choice": choice, "answered_at": now})
                conn.execute(insert(results).values(
                    respondent_id=respondent_id, instrument_version=instrument_version, created_at=now,
                    **{m: int(person.scores[m]) for m in MODES},
                ))
        return len(people)

    def round_counts(self, lead_id: int) -> dict[int, tuple[int, int]]:
        """Round id -> (started, finished) for all the lead's rounds, in one query."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(respondents.c.round_id, func.count(), func.count(respondents.c.submitted_at))
                .join(rounds, rounds.c.id == respondents.c.round_id).join(teams, teams.c.id == rounds.c.team_id)
                .where(and_(teams.c.lead_id == lead_id)).group_by(respondents.c.round_id)
            ).all()
        return {round_id: (started, finished) for round_id, started, finished in rows}


def _aware(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; they are UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value
