"""The organisation's own figures for one instrument version: local norms and the item
report (pure, apart from the noise).

Both come from the organisation's stored results, so they follow the organisation
reference's rules (analysis/organisation.py), for the same reason: an exact figure over
everybody, looked at before and after one private agent finishes, gives that agent away.

1. **Differential privacy.** A snapshot is two releases with Gaussian noise (OpenDP's
   discrete Gaussian):

   - *scores*: for each mode, how many results have each score 0..12 (5 x 13 counts). One
     person adds one to one count of each mode: L2 sensitivity sqrt(5). ``SCORES_RHO``.
   - *items*: for the whole pool and for each language, the number of results and, per
     item, how many chose statement A; per language also the five score histograms. One
     person adds at most 1 + 30 to the whole-pool block and 1 + 30 + 5 to their language's
     block: L2 sensitivity sqrt(67). ``ITEMS_RHO``.

   Counts below zero after the noise are read as zero (post-processing costs no privacy).
2. **Rare snapshots.** A new snapshot is made only when the pool of that version has
   doubled since the last one, from ``MIN_RESULTS`` on; between snapshots everybody sees
   the same stored figures.

The pool is every finished result answered in the app on that version that does not follow
an answer pattern (all A, all B, alternating: those say nothing about anybody's habits).
Imported results are left out, as they are from the organisation reference.

Local norms read the score histograms: a score's percentile is the share of the pool below
it plus half the share at it; a percentile below ``LOW_PERCENTILE`` is "low", above
``HIGH_PERCENTILE`` "high". The item report flags a statement A chosen by more than
``FLAG_HIGH`` or fewer than ``FLAG_LOW`` of the pool: such an item hardly tells people apart.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from questionnaire import LANGUAGES, MODES

from .norms import BANDS, MAX_SCORE, Norms

__all__ = [
    "FLAG_HIGH", "FLAG_LOW", "GROWTH", "HIGH_PERCENTILE", "ITEMS_RHO", "LOW_PERCENTILE", "MIN_LANGUAGE", "MIN_RESULTS",
    "SCORES_RHO", "Block", "Figures", "LocalNorms", "PoolRow", "exact_figures", "items_sensitivity", "local_norms",
    "release_figures", "snapshot_due",
]

MIN_RESULTS = 100  # no local norms and no item report below this many results of a version
MIN_LANGUAGE = 30  # a language's own figures are shown from this many (noisy) results
GROWTH = 2.0  # a new snapshot once the pool has doubled
SCORES_RHO = 0.25  # zero-concentrated DP of the score histograms, per snapshot
ITEMS_RHO = 0.5  # zero-concentrated DP of the item counts, per snapshot
LOW_PERCENTILE, HIGH_PERCENTILE = 25.0, 75.0  # the bottom and top quarter of the organisation
FLAG_LOW, FLAG_HIGH = 0.15, 0.85

_BINS = MAX_SCORE + 1


@dataclass(frozen=True)
class PoolRow:
    """One result in the pool: its language, its answers (item id -> "A"/"B") and scores."""

    lang: str
    answers: Mapping[str, str]
    scores: Mapping[str, int]


@dataclass(frozen=True)
class Block:
    """Figures over a group of results (the whole pool or one language), as released."""

    count: float
    chose_a: Mapping[str, float]  # item id -> how many chose statement A
    histograms: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # mode -> counts of 0..12

    def share_a(self, item_id: str, count: float | None = None) -> float | None:
        """The share that chose A (0..1), None when the block is empty. ``count``: the group's
        size when it is known exactly (the whole pool's), else the released one."""
        count = self.count if count is None else count
        if count < 1:
            return None
        return min(1.0, max(0.0, self.chose_a[item_id] / count))


@dataclass(frozen=True)
class Figures:
    """One snapshot's figures: the pool's score histograms and the item blocks."""

    count: int  # results in the pool when the snapshot was made (not secret: it only grows)
    histograms: Mapping[str, tuple[float, ...]]  # mode -> counts of scores 0..12
    overall: Block
    languages: Mapping[str, Block]
    scores_sigma: float  # standard deviation of the noise on each released count
    items_sigma: float

    def to_json(self) -> dict:
        def block(b: Block) -> dict:
            return {"count": b.count, "chose_a": dict(b.chose_a), "histograms": {m: list(v) for m, v in b.histograms.items()}}
        return {"count": self.count, "histograms": {m: list(v) for m, v in self.histograms.items()},
                "overall": block(self.overall), "languages": {k: block(v) for k, v in self.languages.items()},
                "scores_sigma": self.scores_sigma, "items_sigma": self.items_sigma}

    @classmethod
    def from_json(cls, data: Mapping) -> "Figures":
        def block(b: Mapping) -> Block:
            return Block(float(b["count"]), {k: float(v) for k, v in b["chose_a"].items()},
                         {m: tuple(float(x) for x in v) for m, v in b.get("histograms", {}).items()})
        return cls(int(data["count"]), {m: tuple(float(x) for x in v) for m, v in data["histograms"].items()},
                   block(data["overall"]), {k: block(v) for k, v in data["languages"].items()},
                   float(data["scores_sigma"]), float(data["items_sigma"]))


def snapshot_due(last_count: int | None, pool: int, *, min_results: int = MIN_RESULTS, growth: float = GROWTH) -> bool:
    if pool < min_results:
        return False
    return last_count is None or pool >= math.ceil(last_count * growth)


def items_sensitivity(item_count: int) -> float:
    """What one person can move the item release by (L2): their count and A choices in the
    whole-pool block, and their count, A choices and five histogram entries in one language."""
    return math.sqrt((1 + item_count) + (1 + item_count + len(MODES)))


def _histograms(rows: Sequence[PoolRow]) -> dict[str, list[int]]:
    counts = {m: [0] * _BINS for m in MODES}
    for row in rows:
        for m in MODES:
            counts[m][int(row.scores[m])] += 1
    return counts


def _block_vector(rows: Sequence[PoolRow], item_ids: Sequence[str], with_histograms: bool) -> list[int]:
    vector = [len(rows)] + [sum(1 for r in rows if r.answers.get(i) == "A") for i in item_ids]
    if with_histograms:
        histograms = _histograms(rows)
        vector += [c for m in MODES for c in histograms[m]]
    return vector


def _unpack_block(values: Sequence[float], item_ids: Sequence[str], with_histograms: bool) -> tuple[Block, int]:
    clean = [max(0.0, float(v)) for v in values]
    count, rest = clean[0], clean[1:]
    chose_a = dict(zip(item_ids, rest[:len(item_ids)]))
    used = 1 + len(item_ids)
    histograms = {}
    if with_histograms:
        for index, m in enumerate(MODES):
            histograms[m] = tuple(clean[used + index * _BINS: used + (index + 1) * _BINS])
        used += len(MODES) * _BINS
    return Block(count, chose_a, histograms), used


def exact_figures(rows: Iterable[PoolRow], item_ids: Sequence[str]) -> Figures:
    """The same figures without noise (for tests and for checking the noise's size)."""
    figures, _spent = _figures(list(rows), item_ids, noise=None)
    return figures


def release_figures(rows: Iterable[PoolRow], item_ids: Sequence[str], *, scores_rho: float = SCORES_RHO,
                    items_rho: float = ITEMS_RHO) -> tuple[Figures, float]:
    """One snapshot's release: the figures with noise, and the privacy loss spent (rho)."""
    rows = list(rows)
    if not rows:
        raise ValueError("nothing to release")
    return _figures(rows, item_ids, noise=(scores_rho, items_rho))


def _figures(rows: list[PoolRow], item_ids: Sequence[str], noise) -> tuple[Figures, float]:
    """The figures, with Gaussian noise when ``noise`` is (scores rho, items rho), and the rho spent."""
    item_ids = tuple(item_ids)
    histograms = _histograms(rows)
    scores_vector = [c for m in MODES for c in histograms[m]]
    by_lang = {lang: [r for r in rows if r.lang == lang] for lang in LANGUAGES}
    items_vector = _block_vector(rows, item_ids, False)
    for lang in LANGUAGES:
        items_vector += _block_vector(by_lang[lang], item_ids, True)
    spent = 0.0
    scores_sigma = items_sigma = 0.0
    if noise is not None:
        scores_rho, items_rho = noise
        scores_sigma = math.sqrt(len(MODES)) / math.sqrt(2 * scores_rho)
        items_sigma = items_sensitivity(len(item_ids)) / math.sqrt(2 * items_rho)
        scores_vector, spent_scores = _gaussian(scores_vector, scores_sigma, math.sqrt(len(MODES)))
        items_vector, spent_items = _gaussian(items_vector, items_sigma, items_sensitivity(len(item_ids)))
        spent = spent_scores + spent_items
        for wanted, got in ((scores_rho, spent_scores), (items_rho, spent_items)):
            if got > wanted * (1 + 1e-9):
                raise ValueError(f"the mechanism would spend rho={got}, more than {wanted}")
    released = {m: tuple(max(0.0, float(v)) for v in scores_vector[i * _BINS:(i + 1) * _BINS])
                for i, m in enumerate(MODES)}
    overall, used = _unpack_block(items_vector, item_ids, False)
    languages = {}
    for lang in LANGUAGES:
        block, size = _unpack_block(items_vector[used:], item_ids, True)
        languages[lang] = block
        used += size
    figures = Figures(len(rows), released, overall, languages, scores_sigma, items_sigma)
    return figures, spent


def _gaussian(vector: list[int], sigma: float, sensitivity: float) -> tuple[list[float], float]:
    """The vector with Gaussian noise of scale ``sigma``, and the rho it spends for a change of
    ``sensitivity`` (L2). Float counts: the sensitivity sqrt(67) is not a whole number."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    mechanism = dp.m.make_gaussian(dp.vector_domain(dp.atom_domain(T=float, nan=False), size=len(vector)),
                                   dp.l2_distance(T=float), scale=sigma)
    spent = float(mechanism.map(float(sensitivity)))
    return [float(v) for v in mechanism([float(v) for v in vector])], spent


@dataclass(frozen=True)
class LocalNorms:
    """Bands and percentiles relative to the organisation's own agents (one version)."""

    norms: Norms
    percentiles: Mapping[str, tuple[float, ...]]  # mode -> percentile (0..100) of each score 0..12
    count: int

    def percentile(self, mode: str, score: int) -> float:
        return self.percentiles[mode][score]


def local_norms(figures: Figures, name: str) -> LocalNorms:
    """Percentiles and bands from a snapshot's score histograms."""
    limits: dict[str, dict[str, tuple[int, int]]] = {}
    percentiles: dict[str, tuple[float, ...]] = {}
    for mode in MODES:
        counts = figures.histograms[mode]
        total = sum(counts)
        below, values = 0.0, []
        for count in counts:
            values.append(100.0 * (below + count / 2) / total if total > 0 else 50.0)
            below += count
        percentiles[mode] = tuple(values)
        low = [s for s, p in enumerate(values) if p < LOW_PERCENTILE]
        high = [s for s, p in enumerate(values) if p > HIGH_PERCENTILE]
        low_max = max(low) if low else -1
        high_min = min(high) if high else MAX_SCORE + 1
        limits[mode] = dict(zip(BANDS, ((0, low_max), (low_max + 1, high_min - 1), (high_min, MAX_SCORE))))
    return LocalNorms(Norms(name=name, kind="local", limits=limits), percentiles, figures.count)
