"""The organisation's reference: differentially private, made rarely (analysis.organisation)."""
from __future__ import annotations

import math
import random
import statistics

import pytest

from analysis import answers_for_weights, score
from analysis.organisation import (
    GROWTH, L2_SENSITIVITY, MIN_RESULTS, RHO, profile_l2_bound, release, sigma_for, snapshot_due,
)
from questionnaire import MODES, load_instrument

INSTRUMENT = load_instrument()


def test_the_sensitivity_is_the_longest_valid_profile():
    """Adding or removing one result moves the five totals by that result's own vector; the
    longest valid one is 12/12/6/0/0, of length sqrt(144 + 144 + 36) = 18 (worked by hand)."""
    assert profile_l2_bound() == L2_SENSITIVITY == 18


@pytest.mark.parametrize("rho", [0.01, RHO, 0.5])
def test_each_release_spends_exactly_its_privacy_budget(rho):
    made = release([{m: 6 for m in MODES}] * 150, rho)
    assert made.rho == pytest.approx(rho, rel=1e-6)
    assert made.sigma == pytest.approx(L2_SENSITIVITY / math.sqrt(2 * rho))


def test_the_noise_scale_follows_the_zcdp_formula():
    """rho = (sensitivity / sigma)^2 / 2 for the Gaussian mechanism (Bun and Steinke 2016)."""
    assert sigma_for(RHO) == pytest.approx(18 / math.sqrt(0.1))
    with pytest.raises(ValueError):
        sigma_for(0)


@pytest.mark.parametrize("last,pool,due", [
    (None, MIN_RESULTS - 1, False), (None, MIN_RESULTS, True), (100, 124, False), (100, 125, True),
    (400, 499, False), (400, 500, True), (400, 100, False),
])
def test_a_new_snapshot_only_after_the_pool_grew_by_a_quarter(last, pool, due):
    assert GROWTH == 1.25 and snapshot_due(last, pool) is due


def test_releases_are_noisy_but_useful_for_a_large_pool():
    rng = random.Random(7)
    rows = []
    for _ in range(2000):
        weights = {m: rng.uniform(0.2, 4) for m in MODES}
        rows.append(dict(score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng)).scores))
    truth = {m: statistics.fmean(r[m] for r in rows) for m in MODES}
    made = release(rows)
    sd_of_mean = made.sigma / len(rows)
    assert made.count == 2000 and made.figures().noise_sd == pytest.approx(sd_of_mean)
    for mode in MODES:
        assert abs(made.means[mode] - truth[mode]) < 6 * sd_of_mean  # 6 sd: never by chance
    assert any(made.means[m] != truth[m] for m in MODES)


def test_two_releases_of_the_same_pool_differ():
    """Fresh noise each time: which is why a snapshot is stored and shown again, never remade."""
    rows = [{m: 6 for m in MODES}] * 200
    assert release(rows).means != release(rows).means


def test_an_empty_pool_is_not_released():
    with pytest.raises(ValueError):
        release([])
