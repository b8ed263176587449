"""Teams, their rounds and members: who may see what.

Every read and write that concerns a team takes the signed-in lead's id and first looks
the team or round up among that lead's own, so a team's id or a round's id from another
lead finds nothing: the answer is the same as for an id that does not exist.

Every change to a round's members that matters for privacy (a member finishes, shares or
stops sharing, deletes their result; the lead imports) locks the round and ends with
``settle``, which applies analysis.privacy's rules in the same transaction: results the lead
may now see are marked revealed, and enough private results form a new frozen cohort.
"""
from __future__ import annotations

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable, Mapping

from sqlalchemy import Connection, Engine, and_, case, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from analysis.norms import load_norms
from analysis.patterns import answer_pattern
from analysis.privacy import CohortFigures, CohortState, MemberState, cohort_figures, settle
from questionnaire import MODES

from .errors import Refused
from .accounts import normalise_email
from .schema import answers, coach_grants, cohorts, leads, respondents, results, rounds, scenario_answers, teams
from .sql import clean_text, hash_token, name_key, now as _now, upsert

__all__ = ["TeamStore", "Team", "Grant", "Round", "Invite", "Member", "ImportedPerson", "StoredCohort"]


@dataclass(frozen=True)
class Round:
    id: int
    team_id: int
    number: int
    invite_code: str
    created_at: datetime
    closed_at: datetime | None = None  # the invite link no longer lets anyone join

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    created_at: datetime
    rounds: tuple[Round, ...]  # oldest first
    lead_id: int = 0  # whose team it is
    lead_name: str = ""

    @property
    def latest(self) -> Round:
        return self.rounds[-1]


@dataclass(frozen=True)
class Grant:
    """A coach's access to a team, by e-mail address. ``claimed``: the coach has opened the
    lead's link, signed in with that address; ``coach`` is then their account's name."""
    email: str
    granted_at: datetime
    coach: str | None
    claimed: bool = False
    expired: bool = False  # not claimed, and its link too old to work (the lead can make a new one)


@dataclass(frozen=True)
class Invite:
    """What an agent opening an invite link is told: which team, whose, which round."""
    round_id: int
    team_name: str
    lead_name: str
    number: int
    closed: bool = False  # the lead closed the link: nobody joins through it any more


@dataclass(frozen=True)
class Member:
    respondent_id: int
    name: str | None
    started_at: datetime
    finished: bool
    shared: bool  # the member's current decision (imports: what the lead ticked)
    revealed: bool  # the lead may see this result on its own (see analysis.privacy)
    cohort_id: int | None
    source: str
    scores: Mapping[str, int] | None  # None until finished
    lang: str = "en"  # the language the member last used (a report is printed in it)
    finished_at: datetime | None = None
    scenarios_finished: bool = False
    pattern: str | None = None  # answers that say little about the person (analysis.patterns)
    instrument_version: str = ""  # the questionnaire version the member answers (or answered) on


@dataclass(frozen=True)
class StoredCohort:
    state: CohortState
    figures: CohortFigures


@dataclass(frozen=True)
class ImportedPerson:
    name: str
    scores: Mapping[str, int]
    answers: Mapping[str, str] | None  # the paper answers, when the file held them


def insert_cohort(conn: Connection, round_id: int, figures: CohortFigures, revealed_count: int) -> int:
    """Freeze a cohort's totals into the round's figures; its id."""
    return conn.execute(insert(cohorts).values(
        round_id=round_id, created_at=_now(), size=figures.size, revealed_count=revealed_count,
        **{f"total_{m}": figures.total[m] for m in MODES}, **{f"users_{m}": figures.users[m] for m in MODES},
        **{f"top_{m}": figures.top[m] for m in MODES},
    )).inserted_primary_key[0]


COACH_LINK_DAYS = 7  # an unopened coach link stops working; the lead can make a new one


def _aware(value: datetime) -> datetime:
    """In UTC (SQLite gives naive datetimes, which are UTC)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def new_invite_code() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: a link nobody can guess


class TeamStore:
    def __init__(self, engine: Engine, min_group: int):
        self.engine = engine
        self.min_group = min_group

    # -- teams and rounds -----------------------------------------------------------------

    def create_team(self, lead_id: int, name: str) -> Team:
        """A new team with its first round. Refused("team_name_missing"), or
        ("team_name_taken", name=...) when the lead has a team of that name (case, spacing and
        invisible characters aside)."""
        name = self._team_name(lead_id, name)
        now = _now()
        try:
            with self.engine.begin() as conn:
                team_id = conn.execute(insert(teams).values(lead_id=lead_id, name=name, name_key=name_key(name),
                                                            created_at=now)).inserted_primary_key[0]
                conn.execute(insert(rounds).values(team_id=team_id, number=1, invite_code=new_invite_code(),
                                                   created_at=now))
        except IntegrityError:  # the unique (lead, name) constraint: another tab was quicker
            raise Refused("team_name_taken", name=name) from None
        return self.team(lead_id, team_id)

    def rename_team(self, lead_id: int, team_id: int, name: str) -> Team:
        """Rename one of the lead's teams (same rules as a new name; the same name is no change)."""
        team = self._own_team(lead_id, team_id)
        name = self._team_name(lead_id, name, except_id=team.id)
        try:
            with self.engine.begin() as conn:
                conn.execute(update(teams).where(teams.c.id == team.id).values(name=name, name_key=name_key(name)))
        except IntegrityError:
            raise Refused("team_name_taken", name=name) from None
        return self._own_team(lead_id, team.id)

    def _team_name(self, lead_id: int, name: str, except_id: int | None = None) -> str:
        """The cleaned name, when the lead has no other team called so."""
        name = clean_text(name)
        if not name:
            raise Refused("team_name_missing")
        with self.engine.connect() as conn:
            clash = conn.execute(select(teams.c.name).where(teams.c.lead_id == lead_id, teams.c.name_key == name_key(name),
                                                            teams.c.id != (except_id or 0))).first()
        if clash is not None:
            raise Refused("team_name_taken", name=clash.name)  # the team that has it, as it is written
        return name

    def teams(self, lead_id: int) -> tuple[Team, ...]:
        """The lead's own teams, oldest first."""
        return self._teams(teams.c.lead_id == lead_id)

    def granted_teams(self, email: str) -> tuple[Team, ...]:
        """The teams leads have let the account with this address see as a coach (claimed grants)."""
        granted = select(coach_grants.c.team_id).where(coach_grants.c.email == normalise_email(email),
                                                       coach_grants.c.claimed_at.is_not(None))
        return self._teams(teams.c.id.in_(granted))

    def _teams(self, condition) -> tuple[Team, ...]:
        with self.engine.connect() as conn:
            team_rows = conn.execute(select(teams, leads.c.name.label("lead_name"))
                                     .join(leads, leads.c.id == teams.c.lead_id)
                                     .where(condition).order_by(teams.c.id)).all()
            round_rows = conn.execute(
                select(rounds).join(teams, teams.c.id == rounds.c.team_id).where(condition).order_by(rounds.c.number)
            ).all()
        by_team: dict[int, list[Round]] = {}
        for r in round_rows:
            by_team.setdefault(r.team_id, []).append(Round(r.id, r.team_id, r.number, r.invite_code, r.created_at,
                                                           r.closed_at))
        return tuple(Team(t.id, t.name, t.created_at, tuple(by_team.get(t.id, ())), t.lead_id, t.lead_name)
                     for t in team_rows)

    # -- coaches ------------------------------------------------------------------------

    def grant(self, lead_id: int, team_id: int, email: str) -> str | None:
        """Let the coach with this address see the lead's team once they open the link made of
        the returned one-time code. Granting again makes a new link (the old one stops
        working); for a grant already claimed it changes nothing and returns None."""
        team = self._own_team(lead_id, team_id)
        email = normalise_email(email)
        code = new_invite_code()
        for _ in range(2):  # a second pass if another tab inserted the same grant meanwhile
            with self.engine.begin() as conn:
                row = conn.execute(select(coach_grants.c.id, coach_grants.c.claimed_at)
                                   .where(coach_grants.c.team_id == team.id, coach_grants.c.email == email)).first()
                if row is not None and row.claimed_at is not None:
                    return None
                if row is not None:
                    conn.execute(update(coach_grants).where(coach_grants.c.id == row.id)
                                 .values(claim_hash=hash_token(code), granted_at=_now()))
                    return code
                try:
                    with conn.begin_nested():
                        conn.execute(insert(coach_grants).values(team_id=team.id, email=email, granted_at=_now(),
                                                                 claim_hash=hash_token(code)))
                    return code
                except IntegrityError:
                    continue
        raise Refused("unexpected")

    def claim_grant(self, email: str, code: str) -> Team:
        """The coach signed in with ``email`` opens a lead's link: the grant takes effect and its
        team comes back. Refused("coach_link_invalid") for an unknown, used or expired code
        (COACH_LINK_DAYS), ("coach_link_other") when the link was made for another address."""
        if not isinstance(code, str) or not 20 <= len(code) <= 64:
            raise Refused("coach_link_invalid")
        with self.engine.begin() as conn:
            row = conn.execute(select(coach_grants).where(coach_grants.c.claim_hash == hash_token(code))
                               .with_for_update()).first()
            if row is None or _aware(row.granted_at) + timedelta(days=COACH_LINK_DAYS) < _now():
                raise Refused("coach_link_invalid")
            if row.email != normalise_email(email):
                raise Refused("coach_link_other")  # without the address: the link alone must not tell it
            conn.execute(update(coach_grants).where(coach_grants.c.id == row.id)
                         .values(claim_hash=None, claimed_at=_now()))
        return next(t for t in self.granted_teams(email) if t.id == row.team_id)

    def revoke(self, lead_id: int, team_id: int, email: str) -> None:
        team = self._own_team(lead_id, team_id)
        with self.engine.begin() as conn:
            conn.execute(delete(coach_grants).where(coach_grants.c.team_id == team.id,
                                                    coach_grants.c.email == normalise_email(email)))

    def coach_names(self, round_id: int) -> tuple[str, ...]:
        """The names of the coaches who see this round's team (with an account), for its members."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(leads.c.name).join(coach_grants, coach_grants.c.email == leads.c.email)
                .join(rounds, rounds.c.team_id == coach_grants.c.team_id)
                .where(rounds.c.id == round_id, coach_grants.c.claimed_at.is_not(None)).order_by(leads.c.name)
            ).all()
        return tuple(row.name for row in rows)

    def grants(self, lead_id: int, team_id: int) -> tuple[Grant, ...]:
        team = self._own_team(lead_id, team_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(coach_grants.c.email, coach_grants.c.granted_at, coach_grants.c.claimed_at, leads.c.name)
                .outerjoin(leads, leads.c.email == coach_grants.c.email)
                .where(coach_grants.c.team_id == team.id).order_by(coach_grants.c.email)
            ).all()
        limit = _now() - timedelta(days=COACH_LINK_DAYS)
        return tuple(Grant(row.email, row.granted_at, row.name if row.claimed_at else None, row.claimed_at is not None,
                           row.claimed_at is None and _aware(row.granted_at) < limit) for row in rows)

    def team(self, lead_id: int, team_id: int) -> Team | None:
        """The lead's team with this id; None for another lead's team or an unknown id."""
        return next((t for t in self.teams(lead_id) if t.id == team_id), None)

    def new_round(self, lead_id: int, team_id: int, close_previous: bool = False) -> Round:
        """The team's next round, with a new invite link; ``close_previous`` closes the link of
        the round that was the latest (its members can still finish)."""
        team = self._own_team(lead_id, team_id)
        with self.engine.begin() as conn:
            number = team.latest.number + 1
            round_id = conn.execute(insert(rounds).values(
                team_id=team.id, number=number, invite_code=new_invite_code(), created_at=_now(),
            )).inserted_primary_key[0]
            if close_previous:
                conn.execute(update(rounds).where(rounds.c.id == team.latest.id, rounds.c.closed_at.is_(None))
                             .values(closed_at=_now()))
        return self.own_round(lead_id, round_id)

    def set_link_open(self, lead_id: int, round_id: int, open_: bool) -> Round:
        """Close a round's invite link (nobody new joins through it; members who joined carry
        on with their own links) or open it again."""
        chosen = self.own_round(lead_id, round_id)
        with self.engine.begin() as conn:
            conn.execute(update(rounds).where(rounds.c.id == chosen.id)
                         .values(closed_at=None if open_ else (chosen.closed_at or _now())))
        return self.own_round(lead_id, round_id)

    def delete_team(self, lead_id: int, team_id: int) -> None:
        team = self._own_team(lead_id, team_id)
        with self.engine.begin() as conn:
            # Members first, explicitly: their answers and results go with them by cascade.
            round_ids = [r.id for r in team.rounds]
            conn.execute(delete(respondents).where(respondents.c.round_id.in_(round_ids)))
            conn.execute(delete(cohorts).where(cohorts.c.round_id.in_(round_ids)))
            conn.execute(delete(rounds).where(rounds.c.team_id == team.id))
            conn.execute(delete(coach_grants).where(coach_grants.c.team_id == team.id))
            conn.execute(delete(teams).where(teams.c.id == team.id))

    def delete_round(self, lead_id: int, round_id: int) -> None:
        chosen = self.own_round(lead_id, round_id)
        team = self._own_team(lead_id, chosen.team_id)
        if len(team.rounds) == 1:
            raise Refused("last_round")
        with self.engine.begin() as conn:
            conn.execute(delete(respondents).where(respondents.c.round_id == chosen.id))
            conn.execute(delete(cohorts).where(cohorts.c.round_id == chosen.id))
            conn.execute(delete(rounds).where(rounds.c.id == chosen.id))

    def _own_team(self, lead_id: int, team_id: int) -> Team:
        team = self.team(lead_id, team_id)
        if team is None:
            raise Refused("not_found")
        return team

    def own_round(self, lead_id: int, round_id: int) -> Round:
        """The lead's round with this id, or Refused("not_found")."""
        for team in self.teams(lead_id):
            for r in team.rounds:
                if r.id == round_id:
                    return r
        raise Refused("not_found")

    # -- joining ------------------------------------------------------------------------

    def invite(self, code: str | None) -> Invite | None:
        """The round an invite code opens, or None for a wrong or deleted code."""
        if not isinstance(code, str) or not code or len(code) > 43:
            return None
        return self._invite(rounds.c.invite_code == code)

    def membership(self, round_id: int) -> Invite | None:
        """What a member is told about the round they belong to."""
        return self._invite(rounds.c.id == round_id)

    def _invite(self, condition) -> Invite | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(rounds.c.id, teams.c.name, leads.c.name.label("lead_name"), rounds.c.number, rounds.c.closed_at)
                .join(teams, teams.c.id == rounds.c.team_id).join(leads, leads.c.id == teams.c.lead_id)
                .where(condition)
            ).first()
        return Invite(row.id, row.name, row.lead_name, row.number, row.closed_at is not None) if row else None

    # -- members, cohorts and results ---------------------------------------------------------

    def members(self, lead_id: int, round_id: int) -> tuple[Member, ...]:
        """Everyone in one of the lead's rounds. Scores are here for analysis.team, which
        decides what the lead may see; nothing else reads them."""
        self.own_round(lead_id, round_id)
        with self.engine.connect() as conn:
            return self._members(conn, round_id)

    def _members(self, conn: Connection, round_id: int) -> tuple[Member, ...]:
        rows = conn.execute(
            select(respondents.c.id, respondents.c.name, respondents.c.created_at, respondents.c.finished_at,
                   respondents.c.share_with_lead, respondents.c.revealed, respondents.c.cohort_id,
                   respondents.c.source, respondents.c.lang, respondents.c.scenarios_finished_at,
                   respondents.c.instrument_version, results.c.pattern, *[results.c[m] for m in MODES])
            .outerjoin(results, results.c.respondent_id == respondents.c.id)
            .where(respondents.c.round_id == round_id).order_by(respondents.c.id)
        ).all()
        return tuple(
            Member(r.id, r.name, r.created_at, r.finished_at is not None, r.share_with_lead, r.revealed,
                   r.cohort_id, r.source,
                   {m: getattr(r, m) for m in MODES} if r.finished_at is not None else None,
                   r.lang, r.finished_at, r.scenarios_finished_at is not None,
                   r.pattern if r.finished_at is not None else None, r.instrument_version)
            for r in rows
        )

    def scenario_choices(self, lead_id: int, round_id: int, respondent_ids: Iterable[int]) -> dict[int, dict[str, str]]:
        """The Part 2 choices of members of the lead's round who finished Part 2, by member.
        The caller decides whose it may read (services.reports: members who share)."""
        self.own_round(lead_id, round_id)
        ids = list(respondent_ids)
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(scenario_answers.c.respondent_id, scenario_answers.c.scenario_id, scenario_answers.c.mode)
                .join(respondents, respondents.c.id == scenario_answers.c.respondent_id)
                .where(respondents.c.round_id == round_id, respondents.c.id.in_(ids),
                       respondents.c.scenarios_finished_at.is_not(None))
            ).all()
        choices: dict[int, dict[str, str]] = {}
        for row in rows:
            choices.setdefault(row.respondent_id, {})[row.scenario_id] = row.mode
        return choices

    def cohorts(self, lead_id: int, round_id: int) -> tuple[StoredCohort, ...]:
        """The round's cohorts with their frozen totals, oldest first."""
        self.own_round(lead_id, round_id)
        with self.engine.connect() as conn:
            rows = conn.execute(select(cohorts).where(cohorts.c.round_id == round_id)
                                .order_by(cohorts.c.id)).mappings().all()
        return tuple(StoredCohort(
            CohortState(r["id"], r["size"], r["revealed_count"]),
            CohortFigures(r["size"], {m: r[f"total_{m}"] for m in MODES}, {m: r[f"users_{m}"] for m in MODES},
                          {m: r[f"top_{m}"] for m in MODES}),
        ) for r in rows)

    @contextmanager
    def changing(self, conn: Connection, round_id: int | None):
        """Wrap a change to a round's members (a finish, a sharing decision, a deletion, an
        import) inside the caller's transaction: the round is locked first, which serialises
        concurrent changes (the round's row lock on PostgreSQL, the write lock on SQLite), and
        settled last. A respondent outside any round (``None``) needs neither."""
        if round_id is None:
            yield
            return
        conn.execute(update(rounds).where(rounds.c.id == round_id).values(revision=rounds.c.revision + 1))
        yield
        self._settle(conn, round_id)

    def _plan(self, members, cohort_states):
        states = [MemberState(m.respondent_id, m.finished, m.shared, m.revealed, m.cohort_id) for m in members]
        return settle(states, cohort_states, self.min_group)

    def _settle(self, conn: Connection, round_id: int) -> None:
        """Apply analysis.privacy.settle to the round, inside the caller's transaction."""
        members = self._members(conn, round_id)
        cohort_rows = conn.execute(select(cohorts.c.id, cohorts.c.size, cohorts.c.revealed_count)
                                   .where(cohorts.c.round_id == round_id)).all()
        plan = self._plan(members, [CohortState(*row) for row in cohort_rows])
        if plan.reveal:
            conn.execute(update(respondents).where(respondents.c.id.in_(plan.reveal)).values(revealed=True))
        for cohort_id, count in plan.revealed_in.items():
            conn.execute(update(cohorts).where(cohorts.c.id == cohort_id)
                         .values(revealed_count=cohorts.c.revealed_count + count))
        if plan.new_cohort:
            by_id = {m.respondent_id: m for m in members}
            figures = cohort_figures([by_id[i].scores for i in plan.new_cohort], load_norms())
            cohort_id = insert_cohort(conn, round_id, figures, revealed_count=0)
            conn.execute(update(respondents).where(respondents.c.id.in_(plan.new_cohort)).values(cohort_id=cohort_id))

    def round_state(self, lead_id: int, round_id: int) -> tuple[tuple[Member, ...], tuple[StoredCohort, ...]]:
        """One of the lead's rounds as the rules leave it: its members and cohorts. A round out
        of step with the rules (from before cohorts existed, or after the minimum group changed)
        is settled first; otherwise this only reads."""
        members, found = self.members(lead_id, round_id), self.cohorts(lead_id, round_id)
        if self._plan(members, [c.state for c in found]).empty:
            return members, found
        with self.engine.begin() as conn, self.changing(conn, round_id):
            pass
        return self.members(lead_id, round_id), self.cohorts(lead_id, round_id)

    def import_results(
        self, lead_id: int, round_id: int, people: Iterable[ImportedPerson], *, shared: bool,
        instrument_version: str, lang: str = "en",
    ) -> int:
        """Store results from a paper round, all or nothing; returns how many were stored.
        The lead typed them, so they are known to the lead (revealed) from the start."""
        self.own_round(lead_id, round_id)
        people = list(people)
        now = _now()
        with self.engine.begin() as conn, self.changing(conn, round_id):
            for person in people:
                respondent_id = conn.execute(insert(respondents).values(
                    token_hash=hash_token(secrets.token_urlsafe(32)), name=clean_text(person.name) or None, lang=lang,
                    instrument_version=instrument_version, created_at=now, updated_at=now, finished_at=now, round_id=round_id,
                    share_with_lead=shared, source="import", revealed=True,
                )).inserted_primary_key[0]
                for item_id, choice in (person.answers or {}).items():
                    upsert(conn, answers, {"respondent_id": respondent_id, "item_id": item_id},
                           {"choice": choice, "answered_at": now})
                conn.execute(insert(results).values(
                    respondent_id=respondent_id, instrument_version=instrument_version, created_at=now,
                    # Paper answers can follow a pattern too; a score-only row cannot be judged.
                    pattern=answer_pattern(person.answers) if person.answers else None,
                    **{m: int(person.scores[m]) for m in MODES},
                ))
        return len(people)

    def round_counts(self, lead_id: int) -> dict[int, tuple[int, int]]:
        """Round id -> (started, finished) for all the lead's rounds, in one query. A member
        reviewing a flagged result whose old one is in a cohort counts as finished, as in
        analysis.team.team_report."""
        counted = case((or_(respondents.c.finished_at.is_not(None), respondents.c.cohort_id.is_not(None)), 1))
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(respondents.c.round_id, func.count(), func.count(counted))
                .join(rounds, rounds.c.id == respondents.c.round_id).join(teams, teams.c.id == rounds.c.team_id)
                .where(and_(teams.c.lead_id == lead_id)).group_by(respondents.c.round_id)
            ).all()
        return {round_id: (started, finished) for round_id, started, finished in rows}
