"""Local norms and the item report's figures (analysis/local_norms.py)."""
from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given, settings, strategies as st

from analysis import score
from analysis.local_norms import (
    FLAG_HIGH, ITEMS_RHO, SCORES_RHO, Figures, PoolRow, exact_figures, items_sensitivity, local_norms,
    release_figures, snapshot_due,
)
from analysis.synthetic import answers_for_weights
from questionnaire import MODES, load_instrument

FORM = load_instrument()


def _pool(n, seed=1, lang_of=lambda i: ("sv", "nb", "da", "en")[i % 4]):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        answers = answers_for_weights(FORM, {m: rng.uniform(0.2, 3) for m in MODES}, rng)
        rows.append(PoolRow(lang_of(i), answers, score(FORM, answers).scores))
    return rows


def test_the_exact_figures_count_what_they_say():
    rows = _pool(40)
    figures = exact_figures(rows, FORM.ids)
    assert figures.overall.count == 40 and figures.languages["sv"].count == 10
    assert figures.overall.chose_a["P07"] == sum(r.answers["P07"] == "A" for r in rows)
    assert figures.languages["nb"].chose_a["P07"] == sum(r.answers["P07"] == "A" for r in rows if r.lang == "nb")
    for mode in MODES:
        assert figures.histograms[mode][6] == sum(r.scores[mode] == 6 for r in rows)
        assert sum(figures.histograms[mode]) == 40
    assert Figures.from_json(figures.to_json()) == figures


def test_one_person_moves_the_item_release_by_at_most_its_sensitivity():
    """Adding one person to a pool changes the released vector (before noise) by a vector whose
    length is at most the sensitivity the noise is calibrated to; the worst case reaches it."""
    rows = _pool(12)
    worst = PoolRow("da", {i: "A" for i in FORM.ids}, score(FORM, {i: "A" for i in FORM.ids}).scores)
    before, after = exact_figures(rows, FORM.ids), exact_figures(rows + [worst], FORM.ids)

    def flat(f):
        values = [f.overall.count, *f.overall.chose_a.values()]
        for block in f.languages.values():
            values += [block.count, *block.chose_a.values(), *(c for m in MODES for c in block.histograms[m])]
        return values

    distance = math.dist(flat(before), flat(after))
    assert distance == pytest.approx(items_sensitivity(30)) and items_sensitivity(30) == math.sqrt(67)
    scores_distance = math.dist([c for m in MODES for c in before.histograms[m]],
                                [c for m in MODES for c in after.histograms[m]])
    assert scores_distance == pytest.approx(math.sqrt(len(MODES)))


def test_a_release_spends_the_stated_privacy_and_carries_noise_of_the_stated_size():
    rows = _pool(200, seed=3)
    exact = exact_figures(rows, FORM.ids)
    errors = []
    for _ in range(5):
        figures, spent = release_figures(rows, FORM.ids)
        assert spent <= SCORES_RHO + ITEMS_RHO + 1e-9
        assert figures.count == 200 and all(v >= 0 for v in figures.overall.chose_a.values())
        errors += [figures.overall.chose_a[i] - exact.overall.chose_a[i] for i in FORM.ids]
    # 150 noise draws: their spread is the sigma the figures report, within sampling error.
    assert statistics.pstdev(errors) == pytest.approx(figures.items_sigma, rel=0.3)
    assert figures.items_sigma == pytest.approx(items_sensitivity(30) / math.sqrt(2 * ITEMS_RHO))


def test_snapshots_are_made_from_the_minimum_and_then_each_time_the_pool_doubles():
    assert not snapshot_due(None, 99) and snapshot_due(None, 100)
    assert not snapshot_due(100, 199) and snapshot_due(100, 200) and not snapshot_due(200, 399)


def test_percentiles_and_bands_from_a_known_distribution():
    """Scores 0..12 with counts 0,0,0,10,10,20,20,20,10,10,0,0,0 (100 results): a score of 5
    has 20 below it and 20 at it, so it lies at the 30th percentile."""
    histogram = (0, 0, 0, 10, 10, 20, 20, 20, 10, 10, 0, 0, 0)
    figures = Figures(100, {m: tuple(float(c) for c in histogram) for m in MODES},
                      exact_figures([], FORM.ids).overall, {}, 1.0, 1.0)
    norms = local_norms(figures, "local")
    assert norms.percentile("avoiding", 5) == pytest.approx(30.0)
    assert norms.percentile("avoiding", 3) == pytest.approx(5.0)
    assert norms.percentile("avoiding", 12) == pytest.approx(100.0)
    bands = [norms.norms.band("avoiding", s) for s in range(13)]
    # Below the 25th percentile: 0..4 (4 is at 15); above the 75th: 8..12 (8 is at 85).
    assert bands == ["low"] * 5 + ["medium"] * 3 + ["high"] * 5


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=13, max_size=13))
def test_local_bands_are_ordered_and_cover_every_score(counts):
    figures = Figures(sum(counts), {m: tuple(float(c) for c in counts) for m in MODES},
                      exact_figures([], FORM.ids).overall, {}, 1.0, 1.0)
    norms = local_norms(figures, "local")
    bands = [norms.norms.band("competing", s) for s in range(13)]
    order = {"low": 0, "medium": 1, "high": 2}
    assert [order[b] for b in bands] == sorted(order[b] for b in bands)
    percentiles = [norms.percentile("competing", s) for s in range(13)]
    assert percentiles == sorted(percentiles) and all(0 <= p <= 100 for p in percentiles)


def test_an_item_everyone_answers_alike_is_flagged_in_the_share():
    rows = [PoolRow("sv", {**r.answers, "P05": "A"}, r.scores) for r in _pool(20)]
    figures = exact_figures(rows, FORM.ids)
    assert figures.overall.share_a("P05") == 1.0 > FLAG_HIGH
    assert figures.languages["sv"].share_a("P05") == 1.0 and figures.languages["en"].share_a("P05") is None
