"""The instrument measured in the organisation: local norms and the item report.

Both read one differentially private snapshot per instrument version (analysis/local_norms.py
says why and how), made here when the version's pool has doubled since the last one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from analysis.local_norms import (
    FLAG_HIGH, FLAG_LOW, MIN_LANGUAGE, MIN_RESULTS, Figures, LocalNorms, PoolRow, local_norms,
    release_figures, snapshot_due,
)
from questionnaire import LANGUAGES, MODES, current_version, known_versions, load_instrument
from storage import Store

from .errors import Refused

__all__ = [
    "FLAG_HIGH", "FLAG_LOW", "ItemReport", "ItemRow", "LocalReference", "MIN_LANGUAGE", "MIN_RESULTS", "item_report", "local_reference",
]


@dataclass(frozen=True)
class LocalReference:
    """The organisation's norms for one version, as of its latest snapshot."""

    version: str
    count: int
    created_at: datetime
    norms: LocalNorms


@dataclass(frozen=True)
class ItemRow:
    item_id: str
    number: int
    a_mode: str
    b_mode: str
    a_text: str
    b_text: str
    share_a: float | None  # 0..1, None when the group is empty
    flag: str | None  # "high" (A chosen by more than FLAG_HIGH), "low", or None


@dataclass(frozen=True)
class ItemReport:
    version: str
    versions: tuple[str, ...]  # every version the organisation may have results on
    group: str  # "all" or a language code
    groups: tuple[str, ...]  # the groups with enough results to be shown
    pool: int  # results of this version in the pool now
    count: int | None  # results in the snapshot; None: no snapshot yet (fewer than MIN_RESULTS)
    group_count: float | None  # the group's (noisy) number of results
    created_at: datetime | None
    noise_points: float | None  # standard deviation of the noise on a share, in percentage points
    rows: tuple[ItemRow, ...]
    distributions: Mapping[str, tuple[float, ...]]  # mode -> share of results with each score 0..12


def _latest(store: Store, version: str) -> tuple[Figures, datetime] | None:
    organisation = store.organisation
    latest = organisation.latest_norms(version)
    if snapshot_due(latest.count if latest else None, organisation.norm_pool_size(version)):
        instrument = load_instrument(version=version)
        rows = [PoolRow(lang, answers, scores) for lang, answers, scores in organisation.norm_pool(version)]
        figures, spent = release_figures(rows, instrument.ids)
        # Another replica may store the same generation first; then its snapshot is used.
        organisation.add_norms(version, (latest.generation if latest else 0) + 1, figures.count, spent, figures.to_json())
        latest = organisation.latest_norms(version)
    if latest is None:
        return None
    return Figures.from_json(latest.figures), latest.created_at


def local_reference(store: Store, version: str, name: str = "local") -> LocalReference | None:
    """The organisation's norms for results answered on ``version``; None while it has fewer
    than MIN_RESULTS of them."""
    latest = _latest(store, version)
    if latest is None:
        return None
    figures, created_at = latest
    return LocalReference(version, figures.count, created_at, local_norms(figures, name))


def item_report(store: Store, account_id: int | None, lang: str, *, version: str | None = None,
                group: str = "all") -> ItemReport:
    """How often each statement A is chosen, flagged when it hardly tells people apart, and
    each mode's score distribution, for the whole organisation or one language. For coaches
    (Refused "coaches_only" for any other account) and operators (``account_id`` None: the
    command line, run by whoever runs the server)."""
    if account_id is not None:
        account = store.accounts.lead(account_id)
        if account is None or not account.is_coach:
            raise Refused("coaches_only")
    versions = tuple(reversed(known_versions()))
    version = version or current_version()
    if version not in versions:
        raise Refused("unknown_version", version=version)
    if group != "all" and group not in LANGUAGES:
        raise Refused("unknown_group")
    instrument = load_instrument(lang, version=version)
    pool = store.organisation.norm_pool_size(version)
    latest = _latest(store, version)
    if latest is None:
        return ItemReport(version, versions, group, (), pool, None, None, None, None, (), {})
    figures, created_at = latest
    shown = ("all",) + tuple(code for code in LANGUAGES if figures.languages[code].count >= MIN_LANGUAGE)
    if group not in shown:
        group = "all"
    block = figures.overall if group == "all" else figures.languages[group]
    histograms = figures.histograms if group == "all" else block.histograms
    # The whole pool's size is no secret (it only grows); a language's size is released with noise.
    group_count = figures.count if group == "all" else block.count
    rows = []
    for number, item in enumerate(instrument.items, start=1):
        share = block.share_a(item.id, group_count)
        flag = None if share is None else "high" if share > FLAG_HIGH else "low" if share < FLAG_LOW else None
        rows.append(ItemRow(item.id, number, item.a.mode, item.b.mode, item.a.text, item.b.text, share, flag))
    distributions = {}
    for mode in MODES:
        counts = histograms[mode]
        total = sum(counts)
        distributions[mode] = tuple((c / total if total > 0 else 0.0) for c in counts)
    noise = 100 * figures.items_sigma / group_count if group_count >= 1 else None
    return ItemReport(version, versions, group, shown, pool, figures.count, group_count, created_at, noise,
                      tuple(rows), distributions)

