"""Teams: leads, teams, rounds with their invite codes, and sign-in throttling.

A respondent may belong to a round (joined through its invite link, or imported from
a paper form) and decides whether the team lead may see their individual result.
Deleting a team deletes its rounds, and deleting a round deletes its members' data.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("invite_code", sa.String(43), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("team_id", "number", name="uq_rounds_team_number"),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("email", sa.String(254), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("round_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("share_with_lead", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("source", sa.String(10), nullable=False, server_default="web"))
        batch.create_foreign_key("fk_respondents_round", "rounds", ["round_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_respondents_round_id", ["round_id"])


def downgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.drop_index("ix_respondents_round_id")
        batch.drop_constraint("fk_respondents_round", type_="foreignkey")
        batch.drop_column("source")
        batch.drop_column("share_with_lead")
        batch.drop_column("round_id")
    op.drop_table("sign_in_attempts")
    op.drop_table("rounds")
    op.drop_table("teams")
    op.drop_table("leads")
