"""Baseline: respondents, Part 1 answers and results (the schema of the first release).

Databases created before migrations existed hold exactly these tables; they are
stamped with this revision rather than created again (see storage.migrate).

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_MODES = ("competing", "collaborating", "compromising", "avoiding", "accommodating")


def upgrade() -> None:
    op.create_table(
        "respondents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=True),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "answers",
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("item_id", sa.String(8), primary_key=True),
        sa.Column("choice", sa.String(1), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("choice IN ('A', 'B')", name="ck_answers_choice"),
    )
    op.create_table(
        "results",
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("instrument_version", sa.String(20), nullable=False),
        *[
            sa.Column(mode, sa.Integer, sa.CheckConstraint(f"{mode} BETWEEN 0 AND 12", name=f"ck_results_{mode}"),
                      nullable=False)
            for mode in _MODES
        ],
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("results")
    op.drop_table("answers")
    op.drop_table("respondents")
