"""Database tables (SQLAlchemy Core).

Answers are keyed by (respondent, item id), never by position, so a change in
the order items are shown cannot shift anybody's answers. The resume token is
stored only as a SHA-256 hash: a copy of the database does not hand out links.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table,
    UniqueConstraint, false,
)

__all__ = [
    "metadata", "respondents", "answers", "results", "scenario_answers", "leads", "teams", "rounds",
    "sign_in_attempts",
]

# The tables as the code uses them. Changes go through a migration in
# storage/migrations/versions; a test checks that the two agree.

metadata = MetaData()

respondents = Table(
    "respondents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=True),
    Column("lang", String(5), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=True),
    Column("scenarios_submitted_at", DateTime(timezone=True), nullable=True),
    # Team membership (None: an individual assessment) and the member's own decision on
    # whether the lead may see their individual result; aggregates count them either way.
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE", name="fk_respondents_round"),
           nullable=True),
    Column("share_with_lead", Boolean, nullable=False, server_default=false()),
    Column("source", String(10), nullable=False, server_default="web"),  # "web" or "import"
    Index("ix_respondents_round_id", "round_id"),
)

answers = Table(
    "answers",
    metadata,
    Column("respondent_id", ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", String(8), primary_key=True),
    Column("choice", String(1), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("choice IN ('A', 'B')", name="ck_answers_choice"),
)

_MODES = ("competing", "collaborating", "compromising", "avoiding", "accommodating")

_MODE_COLUMNS = [
    Column(mode, Integer, CheckConstraint(f"{mode} BETWEEN 0 AND 12", name=f"ck_results_{mode}"), nullable=False)
    for mode in _MODES
]

results = Table(
    "results",
    metadata,
    Column("respondent_id", ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
    Column("instrument_version", String(20), nullable=False),
    *_MODE_COLUMNS,
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Part 2: the mode of the response chosen in each scenario, keyed by scenario id.
scenario_answers = Table(
    "scenario_answers",
    metadata,
    Column("respondent_id", ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
    Column("scenario_id", String(8), primary_key=True),
    Column("mode", String(16), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("mode IN (%s)" % ", ".join(f"'{m}'" for m in _MODES), name="ck_scenario_answers_mode"),
)

leads = Table(
    "leads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("email", String(254), nullable=False, unique=True),  # stored lower-cased
    Column("password_hash", String(200), nullable=False),  # scrypt, see storage.passwords
    Column("created_at", DateTime(timezone=True), nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A round is one sitting of a team (the first, a re-test after training...). Its invite
# code (128 random bits) is the join link; it is shown to the lead, so it is kept as is.
rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("invite_code", String(43), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("team_id", "number", name="uq_rounds_team_number"),
)

# Failed sign-ins per e-mail address, known or not, so throttling does not reveal accounts.
sign_in_attempts = Table(
    "sign_in_attempts",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)
