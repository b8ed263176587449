"""The organisation's pool of results and its stored reference snapshots.

The pool is every finished result taken in the app (imports are left out: see
analysis/organisation.py). A snapshot is written once and never changed; ``generation``
is unique, so when two replicas decide at once that one is due, only one is stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from questionnaire import MODES

from .schema import org_snapshots, respondents, results
from .sql import now as _now

__all__ = ["OrganisationStore", "Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    generation: int
    created_at: datetime
    count: int
    rho: float
    sigma: float
    means: Mapping[str, float]


def _pool():
    return (select(*[results.c[m] for m in MODES]).join(respondents, respondents.c.id == results.c.respondent_id)
            .where(respondents.c.source == "web", respondents.c.finished_at.isnot(None)))


class OrganisationStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def pool_size(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(_pool().subquery())).scalar_one()

    def pool(self) -> list[dict[str, int]]:
        with self.engine.connect() as conn:
            return [dict(zip(MODES, row)) for row in conn.execute(_pool())]

    def latest(self) -> Snapshot | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(org_snapshots).order_by(org_snapshots.c.generation.desc()).limit(1)
                               ).mappings().first()
        if row is None:
            return None
        return Snapshot(row["generation"], row["created_at"], row["count"], row["rho"], row["sigma"],
                        {m: row[f"mean_{m}"] for m in MODES})

    def history(self) -> list[Snapshot]:
        """Every snapshot, oldest first (what the README's privacy accounting counts)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(org_snapshots).order_by(org_snapshots.c.generation)).mappings().all()
        return [Snapshot(r["generation"], r["created_at"], r["count"], r["rho"], r["sigma"],
                         {m: r[f"mean_{m}"] for m in MODES}) for r in rows]

    def add(self, generation: int, count: int, rho: float, sigma: float, means: Mapping[str, float]) -> bool:
        """Store a snapshot; False when another process stored this generation first."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(org_snapshots).values(
                    generation=generation, created_at=_now(), count=count, rho=rho, sigma=sigma,
                    **{f"mean_{m}": float(means[m]) for m in MODES},
                ))
        except IntegrityError:
            return False
        return True
