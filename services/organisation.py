"""The organisation's reference figures for comparisons (analysis/organisation.py says why
they are differentially private and made rarely)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from analysis import GroupFigures
from analysis.organisation import MIN_RESULTS, noisy_figures, release, snapshot_due
from storage import Store

__all__ = ["OrgReference", "reference", "MIN_RESULTS"]


@dataclass(frozen=True)
class OrgReference:
    count: int  # results in the pool when the snapshot was made
    created_at: datetime
    figures: GroupFigures


def reference(store: Store) -> OrgReference | None:
    """The latest snapshot, after making a new one when the pool has grown enough; None
    while the organisation has fewer than MIN_RESULTS results taken in the app."""
    organisation = store.organisation
    latest = organisation.latest()
    if snapshot_due(latest.count if latest else None, organisation.pool_size()):
        made = release(organisation.pool())
        # Another replica may store the same generation first; then its snapshot is used.
        organisation.add((latest.generation if latest else 0) + 1, made.count, made.rho, made.sigma, made.means)
        latest = organisation.latest()
    if latest is None:
        return None
    return OrgReference(latest.count, latest.created_at, noisy_figures(latest.count, latest.means, latest.sigma))
