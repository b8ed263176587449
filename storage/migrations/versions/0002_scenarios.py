"""Part 2: scenario answers, and when a respondent finished Part 2.

A scenario answer is stored as the mode of the chosen response, keyed by
scenario id, never by the position it was shown in.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_MODES = ("competing", "collaborating", "compromising", "avoiding", "accommodating")


def upgrade() -> None:
    op.add_column("respondents", sa.Column("scenarios_submitted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "scenario_answers",
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("scenario_id", sa.String(8), primary_key=True),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("mode IN (%s)" % ", ".join(f"'{m}'" for m in _MODES), name="ck_scenario_answers_mode"),
    )


def downgrade() -> None:
    op.drop_table("scenario_answers")
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("scenarios_submitted_at")
