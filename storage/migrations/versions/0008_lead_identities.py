"""Company sign-in: a lead's identity at the organisation's OpenID Connect provider.

- lead_identities: one row per account that signs in with the provider, keyed by the
  provider's (issuer, subject); an account has at most one. ``last_token_at`` keeps the issue
  time of the last ID token used, so a token signs in once. Accounts created by the provider
  keep a password hash no password matches (storage/accounts.py).

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_identities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_token_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("issuer", "subject", name="uq_lead_identities_issuer_subject"),
    )


def downgrade() -> None:
    op.drop_table("lead_identities")
