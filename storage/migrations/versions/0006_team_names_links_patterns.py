"""Unique team names per lead, invite links that can be closed, answer patterns.

- teams.name_key: the name as compared (case and spacing folded); unique per lead. Teams
  that already share a name get " (2)", " (3)"... appended, oldest first keeping its name,
  so every team can be told apart and reached.
- rounds.closed_at: when the lead closed the round's invite link (None: open).
- results.pattern: an answer pattern that says nothing about the person ("same" for all A
  or all B, "alternating"), filled in for the results already stored from their answers.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from analysis.patterns import answer_pattern
    from storage.sql import name_key

    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("name_key", sa.String(100), nullable=True))
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("pattern", sa.String(20), nullable=True))

    conn = op.get_bind()
    teams = sa.table("teams", sa.column("id", sa.Integer), sa.column("lead_id", sa.Integer),
                     sa.column("name", sa.String), sa.column("name_key", sa.String))
    taken: dict[int, set[str]] = {}
    for row in conn.execute(sa.select(teams.c.id, teams.c.lead_id, teams.c.name).order_by(teams.c.id)).all():
        used = taken.setdefault(row.lead_id, set())
        name, number = row.name, 1
        while name_key(name) in used:
            number += 1
            suffix = f" ({number})"
            name = row.name[:100 - len(suffix)] + suffix
        used.add(name_key(name))
        conn.execute(teams.update().where(teams.c.id == row.id).values(name=name, name_key=name_key(name)))
    with op.batch_alter_table("teams") as batch:
        batch.alter_column("name_key", existing_type=sa.String(100), nullable=False)
        batch.create_unique_constraint("uq_teams_lead_name", ["lead_id", "name_key"])

    answers = sa.table("answers", sa.column("respondent_id", sa.Integer), sa.column("item_id", sa.String),
                       sa.column("choice", sa.String))
    results = sa.table("results", sa.column("respondent_id", sa.Integer), sa.column("pattern", sa.String))
    by_respondent: dict[int, dict[str, str]] = {}
    for row in conn.execute(sa.select(answers.c.respondent_id, answers.c.item_id, answers.c.choice)
                            .where(answers.c.respondent_id.in_(sa.select(results.c.respondent_id)))).all():
        by_respondent.setdefault(row.respondent_id, {})[row.item_id] = row.choice
    for respondent_id, given in by_respondent.items():
        pattern = answer_pattern(given)
        if pattern is not None:
            conn.execute(results.update().where(results.c.respondent_id == respondent_id).values(pattern=pattern))


def downgrade() -> None:
    with op.batch_alter_table("results") as batch:
        batch.drop_column("pattern")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("closed_at")
    with op.batch_alter_table("teams") as batch:
        batch.drop_constraint("uq_teams_lead_name", type_="unique")
        batch.drop_column("name_key")
