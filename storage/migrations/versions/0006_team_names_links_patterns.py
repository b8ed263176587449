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
    from storage.sql import clean_text, name_key

    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("name_key", sa.String(300), nullable=True))
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("pattern", sa.String(20), nullable=True))

    conn = op.get_bind()
    teams = sa.table("teams", sa.column("id", sa.Integer), sa.column("lead_id", sa.Integer),
                     sa.column("name", sa.String), sa.column("name_key", sa.String))
    rows = conn.execute(sa.select(teams.c.id, teams.c.lead_id, teams.c.name).order_by(teams.c.id)).all()
    # Every name in use is taken first, so a renamed duplicate never takes another team's name;
    # then the second, third... team of a name gets the first free " (n)".
    taken: dict[int, set[str]] = {}
    for row in rows:
        taken.setdefault(row.lead_id, set()).add(name_key(row.name))
    kept: dict[int, set[str]] = {}
    for row in rows:
        key = name_key(row.name)
        name = row.name
        if key in kept.setdefault(row.lead_id, set()):
            base, number = clean_text(row.name), 1
            while True:
                number += 1
                suffix = f" ({number})"
                name = clean_text(base[:100 - len(suffix)] + suffix)
                if name_key(name) not in taken[row.lead_id]:
                    break
            taken[row.lead_id].add(name_key(name))
        kept[row.lead_id].add(name_key(name))
        conn.execute(teams.update().where(teams.c.id == row.id).values(name=name, name_key=name_key(name)))
    with op.batch_alter_table("teams") as batch:
        batch.alter_column("name_key", existing_type=sa.String(300), nullable=False)
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
