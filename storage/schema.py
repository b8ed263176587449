"""Database tables (SQLAlchemy Core).

Answers are keyed by (respondent, item id), never by position, so a change in
the order items are shown cannot shift anybody's answers. Resume tokens and lead
session tokens are stored only as SHA-256 hashes: a copy of the database hands out
no links and no sign-ins.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, CheckConstraint, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint, false,
)

__all__ = [
    "coach_grants", "metadata", "respondents", "settings", "answers", "results", "scenario_answers", "leads", "teams", "rounds",
    "cohorts", "lead_sessions", "throttles", "org_snapshots", "norm_snapshots", "lead_identities", "MODE_COLUMNS",
]

# The tables as the code uses them. Changes go through a migration in
# storage/migrations/versions; a test checks that the two agree.

metadata = MetaData()

MODE_COLUMNS = ("competing", "collaborating", "compromising", "avoiding", "accommodating")

respondents = Table(
    "respondents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=True),
    Column("lang", String(5), nullable=False),
    # The questionnaire version the assessment was started on: answered, scored and read with it.
    Column("instrument_version", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),  # Part 1 finished: the result exists
    Column("scenarios_finished_at", DateTime(timezone=True), nullable=True),  # Part 2 finished
    # Team membership (None: an individual assessment) and the member's own decision on
    # whether the lead may see their individual result.
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE", name="fk_respondents_round"),
           nullable=True),
    Column("share_with_lead", Boolean, nullable=False, server_default=false()),
    Column("source", String(10), nullable=False, server_default="web"),  # "web" or "import"
    # The lead has been able to see this result on its own (it was shared and shown, or the
    # lead imported it). Never reset: what a lead saw once, they know (analysis/privacy.py).
    Column("revealed", Boolean, nullable=False, server_default=false()),
    # The group of private results this one entered the team's figures with (None: not yet,
    # or never, because the lead knows it).
    Column("cohort_id", Integer, ForeignKey("cohorts.id", ondelete="SET NULL", name="fk_respondents_cohort"),
           nullable=True),
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

results = Table(
    "results",
    metadata,
    Column("respondent_id", ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
    Column("instrument_version", String(20), nullable=False),
    *[Column(mode, Integer, CheckConstraint(f"{mode} BETWEEN 0 AND 12", name=f"ck_results_{mode}"), nullable=False)
      for mode in MODE_COLUMNS],
    Column("created_at", DateTime(timezone=True), nullable=False),
    # An answer pattern that says nothing about the person (all A, all B, alternating; see
    # analysis.patterns), or None. Such a result is left out of "who can back up whom".
    Column("pattern", String(20), nullable=True),
)

# Part 2: the mode of the response chosen in each scenario, keyed by scenario id.
scenario_answers = Table(
    "scenario_answers",
    metadata,
    Column("respondent_id", ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
    Column("scenario_id", String(8), primary_key=True),
    Column("mode", String(16), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("mode IN (%s)" % ", ".join(f"'{m}'" for m in MODE_COLUMNS), name="ck_scenario_answers_mode"),
)

leads = Table(
    "leads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("email", String(254), nullable=False, unique=True),  # stored lower-cased
    Column("password_hash", String(200), nullable=False),  # scrypt, see storage.passwords
    Column("created_at", DateTime(timezone=True), nullable=False),
    # "lead" (creates and runs teams) or "coach" (sees only the teams leads grant them).
    Column("role", String(10), nullable=False, server_default="lead"),
)

NAME_KEY_LENGTH = 300  # storage.sql.name_key of a name of at most 100 characters

teams = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    # The name as compared (case and spacing folded): a lead's team names are unique by it.
    Column("name_key", String(NAME_KEY_LENGTH), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("lead_id", "name_key", name="uq_teams_lead_name"),
)

# A lead lets a coach see one of their teams, by the coach's e-mail address (lower-cased). The
# grant takes effect when the coach, signed in with that address, opens the one-time link the
# lead sent them (its SHA-256 in claim_hash until then): an address alone proves nothing where
# anyone may sign up. Deleting the team or revoking ends it.
coach_grants = Table(
    "coach_grants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("email", String(254), nullable=False, index=True),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("claim_hash", String(64), nullable=True, unique=True),
    Column("claimed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("team_id", "email", name="uq_coach_grants_team_email"),
)

# Values the app and the command line must agree on (the minimum group size: a command run
# without the app's environment must not settle rounds with another one).
settings = Table(
    "settings",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("value", String(200), nullable=False),
)

# A round is one sitting of a team (the first, a re-test after training...). Its invite
# code (128 random bits) is the join link; it is shown to the lead, so it is kept as is.
# ``revision`` counts the changes to its members' privacy state; every such change starts
# by raising it, which also serialises concurrent changes to one round.
rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("invite_code", String(43), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("closed_at", DateTime(timezone=True), nullable=True),  # the invite link no longer lets anyone join
    UniqueConstraint("team_id", "number", name="uq_rounds_team_number"),
)

# A cohort: private results that entered a round's figures together, frozen when it was
# formed. Its totals stay as they were released even when a member later deletes their
# result, so a change in the figures never isolates one person (analysis/privacy.py). (Also,
# of size 1 and revealed: a known result frozen when its member reopened it, Store.reopen.)
cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("size", Integer, nullable=False),
    Column("revealed_count", Integer, nullable=False, server_default="0"),  # members the lead has seen since
    *[Column(f"total_{mode}", Integer, nullable=False) for mode in MODE_COLUMNS],
    *[Column(f"users_{mode}", Integer, nullable=False) for mode in MODE_COLUMNS],  # medium or high band
    *[Column(f"top_{mode}", Integer, nullable=False) for mode in MODE_COLUMNS],  # most used (ties count)
)

# A lead's sign-in. The browser holds the token in an HttpOnly cookie; here only its hash.
# Until the browser has claimed it, the row holds the hash of a one-time hand-over code.
lead_sessions = Table(
    "lead_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("handoff_hash", String(64), nullable=True, unique=True),
    Column("handoff_expires_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# A lead's identity at the organisation's OpenID Connect provider (company sign-in). The pair
# (issuer, subject) names one person for good, where an e-mail address can change hands; an
# account has at most one. ``last_token_at`` is when the provider issued the last ID token that
# signed in with it: a token signs in once (services/accounts.py).
lead_identities = Table(
    "lead_identities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("issuer", String(300), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_token_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("issuer", "subject", name="uq_lead_identities_issuer_subject"),
)

# Throttling by key: "signin:<e-mail>" for failed sign-ins, "signup:<client>" for sign-ups.
# Kept for addresses with no account too, so a lock reveals nothing.
throttles = Table(
    "throttles",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("strikes", Integer, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)

# The organisation's reference figures: differentially private snapshots, made rarely
# (analysis/organisation.py). ``generation`` is unique so two replicas cannot both add one.
org_snapshots = Table(
    "org_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("generation", Integer, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("count", Integer, nullable=False),
    Column("rho", Float, nullable=False),  # privacy loss of this release (zero-concentrated DP)
    Column("sigma", Float, nullable=False),  # standard deviation of the noise on each total
    *[Column(f"mean_{mode}", Float, nullable=False) for mode in MODE_COLUMNS],
)

# The organisation's item and score figures for one instrument version, released with noise
# (analysis/local_norms.py): a JSON document, written once and never changed.
norm_snapshots = Table(
    "norm_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("instrument_version", String(20), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("count", Integer, nullable=False),
    Column("rho", Float, nullable=False),  # privacy loss of this release (zero-concentrated DP)
    Column("figures", Text, nullable=False),
    UniqueConstraint("instrument_version", "generation", name="uq_norm_snapshots_generation"),
)
