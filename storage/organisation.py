"""The organisation's pool of results and its stored reference snapshots.

The pool is every finished result taken in the app (imports are left out: see
analysis/organisation.py). A snapshot is written once and never changed; ``generation``
is unique, so when two replicas decide at once that one is due, only one is stored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from questionnaire import MODES

from .schema import answers, norm_snapshots, org_snapshots, respondents, results
from .sql import now as _now

__all__ = ["NormSnapshot", "OrganisationStore", "Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    generation: int
    created_at: datetime
    count: int
    rho: float
    sigma: float
    means: Mapping[str, float]


@dataclass(frozen=True)
class NormSnapshot:
    instrument_version: str
    generation: int
    created_at: datetime
    count: int
    rho: float
    figures: Mapping  # analysis.local_norms.Figures.to_json()


def _norm_pool(version: str):
    """Results answered in the app on ``version`` that do not follow an answer pattern."""
    return (select(respondents.c.id, respondents.c.lang, *[results.c[m] for m in MODES])
            .join(results, results.c.respondent_id == respondents.c.id)
            .where(respondents.c.source == "web", respondents.c.finished_at.isnot(None),
                   results.c.instrument_version == version, results.c.pattern.is_(None)))


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

    # -- local norms and the item report, per instrument version -----------------------

    def norm_pool_size(self, version: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(_norm_pool(version).subquery())).scalar_one()

    def norm_pool(self, version: str) -> list[tuple[str, dict[str, str], dict[str, int]]]:
        """(language, answers, scores) of every result in the pool of ``version``."""
        with self.engine.connect() as conn:
            rows = conn.execute(_norm_pool(version)).all()
            pool = _norm_pool(version).subquery()
            chosen: dict[int, dict[str, str]] = {}
            for respondent_id, item_id, choice in conn.execute(
                    select(answers.c.respondent_id, answers.c.item_id, answers.c.choice)
                    .where(answers.c.respondent_id.in_(select(pool.c.id)))):
                chosen.setdefault(respondent_id, {})[item_id] = choice
        return [(row.lang, chosen.get(row.id, {}), {m: row._mapping[m] for m in MODES}) for row in rows]

    def latest_norms(self, version: str) -> NormSnapshot | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(norm_snapshots).where(norm_snapshots.c.instrument_version == version)
                               .order_by(norm_snapshots.c.generation.desc()).limit(1)).mappings().first()
        if row is None:
            return None
        return NormSnapshot(row["instrument_version"], row["generation"], row["created_at"], row["count"], row["rho"],
                            json.loads(row["figures"]))

    def norm_history(self) -> list[NormSnapshot]:
        """Every norm snapshot of every version, oldest first (for the privacy accounting)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(norm_snapshots).order_by(norm_snapshots.c.id)).mappings().all()
        return [NormSnapshot(r["instrument_version"], r["generation"], r["created_at"], r["count"], r["rho"],
                             json.loads(r["figures"])) for r in rows]

    def add_norms(self, version: str, generation: int, count: int, rho: float, figures: Mapping) -> bool:
        """Store a snapshot; False when another process stored this generation first."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(norm_snapshots).values(
                    instrument_version=version, generation=generation, created_at=_now(), count=count, rho=rho,
                    figures=json.dumps(figures, separators=(",", ":")),
                ))
        except IntegrityError:
            return False
        return True
