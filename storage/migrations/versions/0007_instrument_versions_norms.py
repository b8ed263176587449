"""Instrument versions on assessments; the organisation's norm snapshots.

- respondents.instrument_version: the version of the questionnaire the assessment was
  started on, so it is answered, scored and interpreted with it. Every assessment stored
  before this migration was started on the first version, "2026.11".
- norm_snapshots: the organisation's differentially private item and score figures, per
  instrument version (analysis/local_norms.py), written once and never changed.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FIRST_VERSION = "2026.11"  # the only version that existed before this migration


def upgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("instrument_version", sa.String(20), nullable=True))
    respondents = sa.table("respondents", sa.column("instrument_version", sa.String))
    op.get_bind().execute(respondents.update().values(instrument_version=FIRST_VERSION))
    with op.batch_alter_table("respondents") as batch:
        batch.alter_column("instrument_version", existing_type=sa.String(20), nullable=False)

    op.create_table(
        "norm_snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("instrument_version", sa.String(20), nullable=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("rho", sa.Float, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.UniqueConstraint("instrument_version", "generation", name="uq_norm_snapshots_generation"),
    )


def downgrade() -> None:
    op.drop_table("norm_snapshots")
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("instrument_version")
