"""Database tables (SQLAlchemy Core).

Answers are keyed by (respondent, item id), never by position, so a change in
the order items are shown cannot shift anybody's answers. The resume token is
stored only as a SHA-256 hash: a copy of the database does not hand out links.
"""
from __future__ import annotations

from sqlalchemy import (
    CheckConstraint, Column, DateTime, ForeignKey, Integer, MetaData, String, Table,
)

__all__ = ["metadata", "respondents", "answers", "results", "scenario_answers"]

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
