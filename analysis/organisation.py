"""The organisation's reference figures: differentially private, and made rarely (pure).

Any lead may compare a team with "the whole organisation". An exact mean over every result
would let a lead subtract: note N and the means, wait until one private agent finishes,
and (N + 1) x new mean - N x old mean is that agent's result. Two defences, together:

1. **Differential privacy.** The five totals are released with Gaussian noise (OpenDP's
   discrete Gaussian mechanism). Adding or removing one person's result moves the vector of
   totals by at most ``L2_SENSITIVITY`` = 18 (the longest valid profile, 12/12/6/0/0, has
   length 18), so each release is ``RHO`` zero-concentrated differentially private: whatever
   a viewer knows about everybody else, one release tells them almost nothing about one person.
2. **Rare snapshots.** A new release is made only when the pool has grown by a quarter since
   the last one (and holds at least ``MIN_RESULTS``). Between releases everyone sees the same
   stored figures, so looking again, or at another time, gives nothing new, and a person's
   privacy loss grows with the logarithm of the organisation's growth, not with time or views.

Only results taken in the app count. Imported results are left out: a lead could otherwise
type rows to move the pool, or trigger releases at will.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import product

from questionnaire import MODES

from .norms import MAX_SCORE
from .scoring import TOTAL
from .team import GroupFigures

__all__ = [
    "GROWTH", "L2_SENSITIVITY", "MIN_RESULTS", "RHO", "Release", "noisy_figures", "release", "snapshot_due", "profile_l2_bound",
    "sigma_for",
]

RHO = 0.05  # zero-concentrated DP per release (about epsilon 1.7 at delta 1e-6)
GROWTH = 1.25  # a new release once the pool is a quarter larger
MIN_RESULTS = 100  # no organisation figures below this many results
L2_SENSITIVITY = 18  # the largest Euclidean length of a valid profile (tests recompute it)


@dataclass(frozen=True)
class Release:
    count: int
    means: Mapping[str, float]
    sigma: float  # standard deviation of the noise on each total
    rho: float

    def figures(self) -> GroupFigures:
        return noisy_figures(self.count, self.means, self.sigma)


def noisy_figures(count: int, means: Mapping[str, float], sigma: float) -> GroupFigures:
    """A release as a comparison reads it: the noise on each total, spread over the count."""
    return GroupFigures(count=count, means=means, noise_sd=sigma / count)


def profile_l2_bound() -> float:
    """The longest valid profile (five scores 0..12 summing to 30), by enumeration."""
    best = 0
    for first in product(range(MAX_SCORE + 1), repeat=len(MODES) - 1):
        last = TOTAL - sum(first)
        if 0 <= last <= MAX_SCORE:
            best = max(best, sum(v * v for v in first) + last * last)
    return math.sqrt(best)


def snapshot_due(last_count: int | None, pool: int, *, min_results: int = MIN_RESULTS,
                 growth: float = GROWTH) -> bool:
    """Whether a pool of ``pool`` results calls for a new release after one of ``last_count``."""
    if pool < min_results:
        return False
    return last_count is None or pool >= math.ceil(last_count * growth)


def sigma_for(rho: float) -> float:
    """The noise scale that makes one release rho-zCDP: rho = (sensitivity / sigma)² / 2."""
    if rho <= 0:
        raise ValueError("rho must be positive")
    return L2_SENSITIVITY / math.sqrt(2 * rho)


def _mechanism(sigma: float):
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp.m.make_gaussian(dp.vector_domain(dp.atom_domain(T=int), size=len(MODES)), dp.l2_distance(T=int),
                              scale=sigma)


def release(rows: Iterable[Mapping[str, int]], rho: float = RHO) -> Release:
    """One differentially private release of the mean of each mode over ``rows``."""
    rows = list(rows)
    if not rows:
        raise ValueError("nothing to release")
    totals = [sum(int(r[m]) for r in rows) for m in MODES]
    sigma = sigma_for(rho)
    mechanism = _mechanism(sigma)
    spent = mechanism.map(L2_SENSITIVITY)
    if spent > rho * (1 + 1e-9):
        raise ValueError(f"the mechanism would spend rho={spent}, more than {rho}")
    noisy = mechanism(totals)
    count = len(rows)
    means = {m: min(MAX_SCORE, max(0.0, value / count)) for m, value in zip(MODES, noisy)}
    return Release(count=count, means=means, sigma=sigma, rho=float(spent))
