"""Coaches: an account's role, and the teams leads let a coach see.

- leads.role: "lead" for every existing account; "coach" accounts see only granted teams.
- coach_grants: one row per team and coach e-mail address; it takes effect when the coach,
  signed in with that address, opens the one-time link the lead sent them (claim_hash).
- settings: values the app and the command line must share, such as the minimum group size.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("role", sa.String(10), nullable=False, server_default="lead"))
    op.create_table(
        "coach_grants",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("email", sa.String(254), nullable=False, index=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("team_id", "email", name="uq_coach_grants_team_email"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("coach_grants")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("role")
