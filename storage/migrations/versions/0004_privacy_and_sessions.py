"""Privacy by cohorts, lead sessions, throttles, organisation snapshots; "finished" everywhere.

- respondents: ``submitted_at`` becomes ``finished_at`` (one word for the concept), likewise
  for Part 2; ``revealed`` records that the lead could see a result on its own (shared and
  shown, or imported); ``cohort_id`` the group of private results it entered the figures with.
  Results shared before this release were shown to their lead, and imports were typed by the
  lead, so both are marked revealed.
- cohorts: frozen totals of private results (see analysis/privacy.py).
- lead_sessions: sign-ins that survive a refresh, held in an HttpOnly cookie.
- throttles replace sign_in_attempts (which held only short-lived counters).
- org_snapshots: differentially private organisation figures.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_MODES = ("competing", "collaborating", "compromising", "avoiding", "accommodating")


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("revealed_count", sa.Integer, nullable=False, server_default="0"),
        *[sa.Column(f"total_{mode}", sa.Integer, nullable=False) for mode in _MODES],
        *[sa.Column(f"users_{mode}", sa.Integer, nullable=False) for mode in _MODES],
        *[sa.Column(f"top_{mode}", sa.Integer, nullable=False) for mode in _MODES],
    )
    op.create_table(
        "lead_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("handoff_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("handoff_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "throttles",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("strikes", sa.Integer, nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "org_snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("generation", sa.Integer, nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("rho", sa.Float, nullable=False),
        sa.Column("sigma", sa.Float, nullable=False),
        *[sa.Column(f"mean_{mode}", sa.Float, nullable=False) for mode in _MODES],
    )
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("respondents") as batch:
        batch.alter_column("submitted_at", new_column_name="finished_at")
        batch.alter_column("scenarios_submitted_at", new_column_name="scenarios_finished_at")
        batch.add_column(sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("cohort_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_respondents_cohort", "cohorts", ["cohort_id"], ["id"], ondelete="SET NULL")
    respondents = sa.table("respondents", sa.column("revealed", sa.Boolean), sa.column("source", sa.String),
                           sa.column("share_with_lead", sa.Boolean), sa.column("finished_at", sa.DateTime))
    op.execute(respondents.update()
               .where(sa.or_(respondents.c.source == "import",
                             sa.and_(respondents.c.share_with_lead.is_(True), respondents.c.finished_at.isnot(None))))
               .values(revealed=True))


def downgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.drop_constraint("fk_respondents_cohort", type_="foreignkey")
        batch.drop_column("cohort_id")
        batch.drop_column("revealed")
        batch.alter_column("scenarios_finished_at", new_column_name="scenarios_submitted_at")
        batch.alter_column("finished_at", new_column_name="submitted_at")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("revision")
    op.create_table(
        "sign_in_attempts",
        sa.Column("email", sa.String(254), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.drop_table("org_snapshots")
    op.drop_table("throttles")
    op.drop_table("lead_sessions")
    op.drop_table("cohorts")
